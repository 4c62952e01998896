"""Invoices by status, payments by day, and covering indexes for the revenue report

The receivables (the report, and the dashboard twice) summed every payment and credit note of every invoice
ever issued to find the few still owed. They now read the invoices open now and those paid or credited after
the day (bench/README.md). The revenue report reads a period's invoices and their lines' kinds and amounts from
two covering indexes; the lines' index by invoice alone gives way to the one that covers them.

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
    op.create_index('ix_invoices_issued', 'invoices', ['issue_date', 'kind', 'customer_id', 'id'])
    op.create_index('ix_invoice_lines_invoice_kind_net', 'invoice_lines', ['invoice_id', 'kind', 'net'])
    op.drop_index('ix_invoice_lines_invoice_id', 'invoice_lines')


def downgrade():
    op.create_index('ix_invoice_lines_invoice_id', 'invoice_lines', ['invoice_id'])
    op.drop_index('ix_invoice_lines_invoice_kind_net', 'invoice_lines')
    op.drop_index('ix_invoices_issued', 'invoices')
    op.drop_index('ix_payments_paid_on', 'payments')
    op.drop_index('ix_invoices_status', 'invoices')
