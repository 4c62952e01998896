"""users choose their language

Revision ID: 337d8eb467ec
Revises: 51f52fe9b007
Create Date: 2026-11-21 23:45:33.444661

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '337d8eb467ec'
down_revision = '51f52fe9b007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.Enum('da', 'en', name='language', native_enum=False, create_constraint=True, length=32), nullable=False, server_default='da'))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('language')

