"""a case's history line keeps its values, to be written in the reader's language

A line is now kept as its Danish msgid in ``detail`` and its values in ``params``; lines written before keep
their finished Danish text in ``detail`` and no ``params``, and are shown as they are.

Revision ID: 7f3b2c1d9e40
Revises: a2731e6fd156
Create Date: 2026-11-23 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7f3b2c1d9e40'
down_revision = 'a2731e6fd156'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_column('params')
