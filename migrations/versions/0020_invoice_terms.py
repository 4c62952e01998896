"""an invoice keeps the terms it was issued under, and whether its buyer was a business

Dunning followed the customer's terms as they are now: a customer moved from hostkon to compusoft terms would
have had 6 % interest booked on invoices sold at 2 %. Existing invoices take their customer's present terms
(the best record there is); an invoice whose customer is gone takes hostkon's, as its PDF did.

Revision ID: 8e4a1c6b2f93
Revises: 5c1e9a7b3d20
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e4a1c6b2f93'
down_revision = '5c1e9a7b3d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('buyer_is_business', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('terms_profile', sa.Enum('hostkon', 'compusoft', name='termsprofile', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='hostkon'))
    op.execute("UPDATE invoices SET "
               "terms_profile = (SELECT c.terms_profile FROM customers c WHERE c.id = invoices.customer_id), "
               "buyer_is_business = (SELECT c.is_business FROM customers c WHERE c.id = invoices.customer_id) "
               "WHERE customer_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_column('terms_profile')
        batch_op.drop_column('buyer_is_business')
