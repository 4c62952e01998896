"""the clip ledger's monthly sums by month, covering what the clip report reads

The clip report reads a period's months of every customer: by the primary key (customer, month, kind) that is the
whole table; this index reads only the period's rows and answers from the index alone.

Revision ID: 5c1e9a7b3d20
Revises: 3b8d5e2f7a61
Create Date: 2026-12-02 00:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1e9a7b3d20'
down_revision = '3b8d5e2f7a61'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_clip_ledger_month_sums_month', 'clip_ledger_month_sums',
                    ['month', 'customer_id', 'kind', 'clips'])


def downgrade():
    op.drop_index('ix_clip_ledger_month_sums_month', 'clip_ledger_month_sums')
