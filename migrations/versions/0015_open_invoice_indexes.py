"""Invoices by status, payments by day: the receivables read only the invoices still open on a day

The receivables (the report, and the dashboard twice) summed every payment and credit note of every invoice
ever issued to find the few still owed. They now read the invoices open now and those paid or credited after
the day (bench/README.md).

Revision ID: 5e0a7d2c9b14
Revises: c606a32ddf12
Create Date: 2026-12-01 20:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e0a7d2c9b14'
down_revision = 'c606a32ddf12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_invoices_status', 'invoices', ['status'])
    op.create_index('ix_payments_paid_on', 'payments', ['paid_on'])


def downgrade():
    op.drop_index('ix_payments_paid_on', 'payments')
    op.drop_index('ix_invoices_status', 'invoices')
