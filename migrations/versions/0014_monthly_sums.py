"""Monthly sums of the time entries and the clip ledger, for the reports

The reports add up these sums for a period's whole months instead of reading a year's third of a million rows
(helpdesk/reports/rollups.py keeps them in step). The upgrade fills them from the rows already there, with the
app's own `rebuild`, so the figures are the same before and after: the time sums here; the ledger's are filled by
0023, which gives them the shape `rebuild` now writes.

Revision ID: c606a32ddf12
Revises: 7c2e91d4a0b3
Create Date: 2026-11-22 07:49:21.508684

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c606a32ddf12'
down_revision = '7c2e91d4a0b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('time_month_sums',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('technician_key', sa.Integer(), nullable=False),
    sa.Column('classification', sa.Enum('free', 'covered', 'billable', name='classification', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('clips', sa.Integer(), nullable=False),
    sa.Column('blocks_1x', sa.Integer(), nullable=False),
    sa.Column('blocks_2x', sa.Integer(), nullable=False),
    sa.Column('blocks_3x', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'technician_key', 'classification', name=op.f('pk_time_month_sums'))
    )
    op.create_table('clip_ledger_month_sums',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('purchase', 'consumption', 'reversal', 'expiry', 'settlement', 'adjustment', name='ledgerkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('clips', sa.Integer(), nullable=False),
    sa.Column('unfunded_clips', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_clip_ledger_month_sums_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('customer_id', 'month', 'kind', name=op.f('pk_clip_ledger_month_sums'))
    )
    from helpdesk.reports.rollups import rebuild
    rebuild(op.get_bind(), ("time_month_sums",))


def downgrade():
    op.drop_table('clip_ledger_month_sums')
    op.drop_table('time_month_sums')
