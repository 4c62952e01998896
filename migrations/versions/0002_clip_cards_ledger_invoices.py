"""clip cards, clip ledger and invoices

Revision ID: 6f541fa7ba1e
Revises: e5bae3c52fe6
Create Date: 2026-11-21 22:44:05.451177

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6f541fa7ba1e'
down_revision = 'e5bae3c52fe6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('issued', 'partly_paid', 'paid', 'overdue', 'in_collection', 'credited', name='invoicestatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('buyer_name', sa.String(length=200), nullable=False),
    sa.Column('buyer_address', sa.Text(), nullable=False),
    sa.Column('buyer_cvr', sa.String(length=8), nullable=True),
    sa.Column('buyer_email', sa.String(length=254), nullable=False),
    sa.Column('total_net', sa.BigInteger(), nullable=False),
    sa.Column('total_vat', sa.BigInteger(), nullable=False),
    sa.Column('total_gross', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('due_date >= issue_date', name=op.f('ck_invoices_due_after_issue')),
    sa.CheckConstraint('total_gross = total_net + total_vat', name=op.f('ck_invoices_totals_add_up')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_invoices_customer_id_customers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('number', name=op.f('uq_invoices_number'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoices_customer_id'), ['customer_id'], unique=False)

    op.create_table('clip_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('clips', sa.Integer(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('invoice_date', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('expired_at', sa.DateTime(), nullable=True),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('sold_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('clips > 0', name=op.f('ck_clip_cards_clips_positive')),
    sa.CheckConstraint('expires_on > invoice_date', name=op.f('ck_clip_cards_expires_after_invoice')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_clip_cards_price_not_negative')),
    sa.CheckConstraint('remaining >= 0', name=op.f('ck_clip_cards_never_overdrawn')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_clip_cards_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_clip_cards_invoice_id_invoices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sold_by_id'], ['users.id'], name=op.f('fk_clip_cards_sold_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clip_cards'))
    )
    with op.batch_alter_table('clip_cards', schema=None) as batch_op:
        batch_op.create_index('ix_clip_cards_customer_expires', ['customer_id', 'expires_on'], unique=False)

    op.create_table('invoice_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('clip_card', 'hourly', 'mileage', 'outlay', 'subscription', 'postage_fee', 'reminder_fee', 'interest', 'compensation', name='linekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('net', sa.BigInteger(), nullable=False),
    sa.Column('vat_percent', sa.Integer(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_invoice_lines_quantity_positive')),
    sa.CheckConstraint('vat_percent IN (0, 25)', name=op.f('ck_invoice_lines_vat_rate')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_lines_invoice_id_invoices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_lines')),
    sa.UniqueConstraint('invoice_id', 'position', name='one_line_per_position')
    )
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_lines_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('clip_ledger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('purchase', 'consumption', 'reversal', 'expiry', 'settlement', 'adjustment', name='ledgerkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('clips', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('time_entry_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('clips <> 0', name=op.f('ck_clip_ledger_moves_clips')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_clip_ledger_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['card_id'], ['clip_cards.id'], name=op.f('fk_clip_ledger_card_id_clip_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_clip_ledger_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['time_entry_id'], ['time_entries.id'], name=op.f('fk_clip_ledger_time_entry_id_time_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clip_ledger'))
    )
    with op.batch_alter_table('clip_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clip_ledger_card_id'), ['card_id'], unique=False)
        batch_op.create_index('ix_clip_ledger_customer_at', ['customer_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_clip_ledger_time_entry_id'), ['time_entry_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clip_balance', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('unfunded_clips', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_check_constraint('unfunded_not_negative', 'unfunded_clips >= 0')

    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hourly_clips', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint('hourly_within_clips', 'hourly_clips >= 0 AND hourly_clips <= clips')


def downgrade():
    with op.batch_alter_table('time_entries', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_time_entries_hourly_within_clips'), type_='check')
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('hourly_clips')

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_customers_unfunded_not_negative'), type_='check')
        batch_op.drop_column('unfunded_clips')
        batch_op.drop_column('clip_balance')

    with op.batch_alter_table('clip_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clip_ledger_time_entry_id'))
        batch_op.drop_index('ix_clip_ledger_customer_at')
        batch_op.drop_index(batch_op.f('ix_clip_ledger_card_id'))

    op.drop_table('clip_ledger')
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_lines_invoice_id'))

    op.drop_table('invoice_lines')
    with op.batch_alter_table('clip_cards', schema=None) as batch_op:
        batch_op.drop_index('ix_clip_cards_customer_expires')

    op.drop_table('clip_cards')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoices_customer_id'))

    op.drop_table('invoices')
