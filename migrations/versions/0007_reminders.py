"""reminders

Revision ID: 0fcf4beb5311
Revises: ffa12a15f973
Create Date: 2026-11-21 23:55:44.630614

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0fcf4beb5311'
down_revision = 'ffa12a15f973'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('fee', sa.BigInteger(), nullable=False),
    sa.Column('compensation', sa.BigInteger(), nullable=False),
    sa.Column('interest', sa.BigInteger(), nullable=False),
    sa.Column('interest_months', sa.Integer(), nullable=False),
    sa.Column('outstanding', sa.BigInteger(), nullable=False),
    sa.Column('charges_invoice_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('fee >= 0 AND compensation >= 0 AND interest >= 0', name=op.f('ck_reminders_charges_not_negative')),
    sa.CheckConstraint('number BETWEEN 1 AND 3', name=op.f('ck_reminders_number_1_to_3')),
    sa.ForeignKeyConstraint(['charges_invoice_id'], ['invoices.id'], name=op.f('fk_reminders_charges_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_reminders_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('invoice_id', 'number', name='one_reminder_per_number')
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_invoice_id'), ['invoice_id'], unique=False)

    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('charges_for_invoice_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_invoices_charges_for_invoice_id'), ['charges_for_invoice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invoices_charges_for_invoice_id_invoices'), 'invoices', ['charges_for_invoice_id'], ['id'], ondelete='RESTRICT')



def downgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invoices_charges_for_invoice_id_invoices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_invoices_charges_for_invoice_id'))
        batch_op.drop_column('charges_for_invoice_id')

    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_invoice_id'))

    op.drop_table('reminders')
