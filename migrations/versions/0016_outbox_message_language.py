"""an outbox message keeps the language it was written in, for its attachment

A queued invoice or reminder is rendered as a PDF when the mail is sent; the message now says in which language,
so the PDF is in the language of the mail's text. Messages queued before were all written in Danish unless their
recipient had chosen English; they get Danish, as their attachments had.

Revision ID: a2731e6fd156
Revises: 5e0a7d2c9b14
Create Date: 2026-11-22 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2731e6fd156'
down_revision = '5e0a7d2c9b14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.Enum('da', 'en', name='language', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='da'))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('language')
