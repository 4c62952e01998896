"""the work waiting for the month's invoice run; time entries' invoice index only where set

The month's run (and its preview) reads the work billed by the hour that no invoice carries yet. The plain index
on time_entries.invoice_id holds every entry, and most carry no invoice (clip-card work never does): SQLite's
statistics count those NULLs as one value, so its planner read most of the million entries by that index, and
PostgreSQL scanned the table (86 ms), to find 4,126. A partial index holds only the work waiting to be invoiced
and shrinks again as each run invoices it; the invoice index keeps only the entries an invoice carries, which is
all that "the entries of this invoice" needs.

Revision ID: 9d2f4b6a8c15
Revises: 8e4a1c6b2f93
Create Date: 2026-12-02 19:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d2f4b6a8c15'
down_revision = '8e4a1c6b2f93'
branch_labels = None
depends_on = None


def _where(condition: str) -> dict:
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade():
    op.create_index('ix_time_entries_hourly_uninvoiced', 'time_entries', ['customer_id', 'started_at'],
                    **_where("hourly_from IS NOT NULL AND invoice_id IS NULL AND deleted_at IS NULL"))
    op.drop_index('ix_time_entries_invoice_id', 'time_entries')
    op.create_index('ix_time_entries_invoice_id', 'time_entries', ['invoice_id'], **_where("invoice_id IS NOT NULL"))


def downgrade():
    op.drop_index('ix_time_entries_invoice_id', 'time_entries')
    op.create_index('ix_time_entries_invoice_id', 'time_entries', ['invoice_id'])
    op.drop_index('ix_time_entries_hourly_uninvoiced', 'time_entries')
