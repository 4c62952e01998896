"""an invoice keeps what has been paid and credited on it; open invoices by status and issue date

The receivables, the dashboard's ageing and kundeHUB's arrears read what is owed from the invoice row instead of
summing its payments and credit notes each time. Existing invoices get their sums from the rows they have. The
index on status alone becomes one on (status, issue date), which SQLite prefers to the issue date's index for
"open, issued by a day".

Revision ID: 3b8d5e2f7a61
Revises: 7f3b2c1d9e40
Create Date: 2026-12-01 23:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8d5e2f7a61'
down_revision = '7f3b2c1d9e40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('amount_paid', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('amount_credited', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.create_check_constraint('settled_not_negative', 'amount_paid >= 0 AND amount_credited >= 0')
    op.execute("UPDATE invoices SET "
               "amount_paid = COALESCE((SELECT SUM(p.applied) FROM payments p WHERE p.invoice_id = invoices.id), 0), "
               "amount_credited = COALESCE((SELECT SUM(n.total_gross) FROM invoices n "
               "WHERE n.credits_invoice_id = invoices.id AND n.kind = 'credit_note'), 0)")
    op.create_index('ix_invoices_status_issued', 'invoices', ['status', 'issue_date'])
    op.drop_index('ix_invoices_status', 'invoices')


def downgrade():
    op.create_index('ix_invoices_status', 'invoices', ['status'])
    op.drop_index('ix_invoices_status_issued', 'invoices')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_constraint('settled_not_negative', type_='check')
        batch_op.drop_column('amount_credited')
        batch_op.drop_column('amount_paid')
