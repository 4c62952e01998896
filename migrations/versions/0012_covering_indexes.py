"""Covering indexes for the reports and kundeHUB

The reports sum a period's time entries and clip movements, and kundeHUB sums a customer's billable work; with
every column they read in the index, the database reads no table row (figures in bench/README.md).

Revision ID: 4d71e13b7ee0
Revises: 9a8fc223930e
Create Date: 2026-11-22 05:30:08.643538

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d71e13b7ee0'
down_revision = '9a8fc223930e'
branch_labels = None
depends_on = None

LIVE = "deleted_at IS NULL"
LIVE_BILLABLE = "deleted_at IS NULL AND classification = 'billable'"
AWAITING_ANSWER = "delivered_at IS NOT NULL AND delivery_answer IS NULL"


def _where(condition: str) -> dict:
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade():
    op.create_index('ix_cases_awaiting_answer', 'cases', ['delivered_at'], **_where(AWAITING_ANSWER))
    op.create_index('ix_clip_ledger_at', 'clip_ledger', ['at', 'customer_id', 'kind', 'card_id', 'clips'])
    op.create_index('ix_time_entries_customer_billable', 'time_entries',
                    ['customer_id', 'started_at', 'minutes', 'clips'], **_where(LIVE_BILLABLE))
    op.create_index('ix_time_entries_live_started', 'time_entries',
                    ['started_at', 'classification', 'customer_id', 'technician_id', 'minutes', 'clips',
                     'blocks_1x', 'blocks_2x', 'blocks_3x'], **_where(LIVE))


def downgrade():
    op.drop_index('ix_time_entries_live_started', 'time_entries')
    op.drop_index('ix_time_entries_customer_billable', 'time_entries')
    op.drop_index('ix_clip_ledger_at', 'clip_ledger')
    op.drop_index('ix_cases_awaiting_answer', 'cases')
