"""Delivery acceptance and complaints, travel estimates, customer self-service (revisions, admin contacts), password links

Revision ID: cb6fafb6695c
Revises: b24e0d7fea1b
Create Date: 2026-11-22 01:10:45.130647

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb6fafb6695c'
down_revision = 'b24e0d7fea1b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customer_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_customer_revisions_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_revisions_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_revisions'))
    )
    with op.batch_alter_table('customer_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_customer_revisions_customer_changed', ['customer_id', 'changed_at'], unique=False)

    op.create_table('password_resets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_resets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_resets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_resets_token_hash'))
    )
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_resets_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('delivery_answer', sa.Enum('accepted', 'rejected', name='deliveryanswer', native_enum=False, create_constraint=True, length=32), nullable=True))
        batch_op.add_column(sa.Column('delivery_answered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('delivery_answered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('delivery_overdue_flagged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('complaint_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('travel_estimate_metres', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('travel_estimate_outlays', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('travel_estimate_note', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_cases_complaint_of_id'), ['complaint_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cases_delivery_answered_by_id_users'), 'users', ['delivery_answered_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_cases_complaint_of_id_cases'), 'cases', ['complaint_of_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint('answer_needs_delivery', 'delivery_answer IS NULL OR delivered_at IS NOT NULL')
        batch_op.create_check_constraint('rejection_has_reason',
                                         "delivery_answer <> 'rejected' OR rejection_reason <> ''")
        batch_op.create_check_constraint('travel_estimate_not_negative',
                                         'travel_estimate_metres IS NULL OR travel_estimate_metres >= 0')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_customer_admin', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('is_customer_admin')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in ('answer_needs_delivery', 'rejection_has_reason', 'travel_estimate_not_negative', 'deliveryanswer'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.drop_constraint(batch_op.f('fk_cases_complaint_of_id_cases'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_cases_delivery_answered_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cases_complaint_of_id'))
        batch_op.drop_column('travel_estimate_note')
        batch_op.drop_column('travel_estimate_outlays')
        batch_op.drop_column('travel_estimate_metres')
        batch_op.drop_column('complaint_of_id')
        batch_op.drop_column('delivery_overdue_flagged_at')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('delivery_answered_by_id')
        batch_op.drop_column('delivery_answered_at')
        batch_op.drop_column('delivery_answer')
        batch_op.drop_column('delivered_at')

    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_resets_user_id'))

    op.drop_table('password_resets')
    with op.batch_alter_table('customer_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_revisions_customer_changed')

    op.drop_table('customer_revisions')
