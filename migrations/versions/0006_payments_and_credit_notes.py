"""payments, credit notes and customer credits

Revision ID: ffa12a15f973
Revises: 337d8eb467ec
Create Date: 2026-11-21 23:51:38.654373

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ffa12a15f973'
down_revision = '337d8eb467ec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('applied', sa.BigInteger(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('applied >= 0 AND applied <= received', name=op.f('ck_payments_applied_within_received')),
    sa.CheckConstraint('received > 0', name=op.f('ck_payments_received_positive')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payments_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('customer_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('credit_note_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(payment_id IS NULL) <> (credit_note_id IS NULL)', name=op.f('ck_customer_credits_one_source')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_customer_credits_amount_positive')),
    sa.ForeignKeyConstraint(['credit_note_id'], ['invoices.id'], name=op.f('fk_customer_credits_credit_note_id_invoices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_credits_customer_id_customers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_customer_credits_payment_id_payments'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_credits'))
    )
    with op.batch_alter_table('customer_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_credits_customer_id'), ['customer_id'], unique=False)

    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credits_line_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_invoice_lines_credits_line_id_invoice_lines'), 'invoice_lines', ['credits_line_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('invoice', 'credit_note', name='documentkind', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='invoice'))
        batch_op.add_column(sa.Column('credits_invoice_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('disputed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_invoices_credits_invoice_id'), ['credits_invoice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invoices_credits_invoice_id_invoices'), 'invoices', ['credits_invoice_id'], ['id'], ondelete='RESTRICT')



def downgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invoices_credits_invoice_id_invoices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_invoices_credits_invoice_id'))
        batch_op.drop_column('reason')
        batch_op.drop_column('disputed')
        batch_op.drop_column('credits_invoice_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invoice_lines_credits_line_id_invoice_lines'), type_='foreignkey')
        batch_op.drop_column('credits_line_id')

    with op.batch_alter_table('customer_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_credits_customer_id'))

    op.drop_table('customer_credits')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_invoice_id'))

    op.drop_table('payments')
