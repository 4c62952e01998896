"""daily sums of the invoices' and credit notes' lines, for the revenue report and the dashboard

The revenue report read a year's invoice lines (35,000 of 91,000 at bench scale) for every request: 45–60 ms of
SQL on PostgreSQL at half speed. The lines of an issued document never change, so their nets are summed per day
of issue, document kind and line kind as they are added (helpdesk/reports/rollups.py); the upgrade fills the
sums from the lines already there with the app's own `rebuild`.

Revision ID: 5c35929d7ca6
Revises: 9d2f4b6a8c15
Create Date: 2026-12-04 01:05:44.045053

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c35929d7ca6'
down_revision = '9d2f4b6a8c15'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('revenue_day_sums',
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('document_kind', sa.Enum('invoice', 'credit_note', name='documentkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('line_kind', sa.Enum('clip_card', 'hourly', 'mileage', 'outlay', 'subscription', 'postage_fee', 'reminder_fee', 'interest', 'compensation', name='linekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('net_ore', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('issue_date', 'document_kind', 'line_kind', name=op.f('pk_revenue_day_sums'))
    )
    from helpdesk.reports.rollups import rebuild
    rebuild(op.get_bind(), ("revenue_day_sums",))


def downgrade():
    op.drop_table('revenue_day_sums')
