"""The month's invoice run: hourly rate, expenses (mileage, outlays), mileage rates, billed entries

Revision ID: a7fbf2a48646
Revises: 0fcf4beb5311
Create Date: 2026-11-22 00:33:48.543118

"""
from alembic import op
import sqlalchemy as sa

from helpdesk.rules.mileage import STATE_RATES


# revision identifiers, used by Alembic.
revision = 'a7fbf2a48646'
down_revision = '0fcf4beb5311'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mileage_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('up_to_tier', sa.BigInteger(), nullable=False),
    sa.Column('above_tier', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('up_to_tier > 0 AND above_tier > 0', name=op.f('ck_mileage_rates_rates_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mileage_rates')),
    sa.UniqueConstraint('valid_from', name=op.f('uq_mileage_rates_valid_from'))
    )
    op.create_table('expenses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('technician_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('mileage', 'outlay', name='expensekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('metres', sa.Integer(), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(kind = 'mileage' AND metres > 0 AND amount IS NULL) OR (kind = 'outlay' AND amount > 0 AND metres IS NULL)", name=op.f('ck_expenses_mileage_or_outlay')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_expenses_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_expenses_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_expenses_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['technician_id'], ['users.id'], name=op.f('fk_expenses_technician_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenses'))
    )
    _seed_state_mileage_rates()
    _add_outbox_attachment()
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenses_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_expenses_customer_spent', ['customer_id', 'spent_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_expenses_invoice_id'), ['invoice_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hourly_rate', sa.BigInteger(), nullable=False, server_default='95000'))
        batch_op.create_check_constraint('hourly_rate_not_negative', 'hourly_rate >= 0')

    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('billing_month', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('delivery_channel', sa.String(length=16), nullable=False,
                                      server_default='email'))
        batch_op.add_column(sa.Column('dispatched_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint('one_month_invoice_per_customer', ['customer_id', 'billing_month'])

    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hourly_from', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('invoice_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_time_entries_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_time_entries_invoice_id_invoices'), 'invoices', ['invoice_id'], ['id'], ondelete='RESTRICT')



def _add_outbox_attachment():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment', sa.String(length=100), nullable=True))


def _seed_state_mileage_rates():
    """The state's rates per km (SPEC §5), in øre; managers keep the table from here."""
    rates = sa.table('mileage_rates', sa.column('valid_from', sa.Date()), sa.column('up_to_tier', sa.BigInteger()),
                     sa.column('above_tier', sa.BigInteger()))
    op.bulk_insert(rates, [
        {'valid_from': rate.valid_from, 'up_to_tier': int(rate.up_to_tier * 100),
         'above_tier': int(rate.above_tier * 100)} for rate in STATE_RATES
    ])


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('attachment')
    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_time_entries_invoice_id_invoices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_time_entries_invoice_id'))
        batch_op.drop_column('invoice_id')
        batch_op.drop_column('hourly_from')

    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_constraint('one_month_invoice_per_customer', type_='unique')
        batch_op.drop_column('billing_month')
        batch_op.drop_column('dispatched_at')
        batch_op.drop_column('delivery_channel')

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_constraint('hourly_rate_not_negative', type_='check')
        batch_op.drop_column('hourly_rate')

    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenses_invoice_id'))
        batch_op.drop_index('ix_expenses_customer_spent')
        batch_op.drop_index(batch_op.f('ix_expenses_case_id'))

    op.drop_table('expenses')
    op.drop_table('mileage_rates')
