"""Agreements: periods, notices, changes of price or terms, outages, maintenance windows; data retention

Revision ID: b24e0d7fea1b
Revises: a7fbf2a48646
Create Date: 2026-11-22 00:50:29.194547

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b24e0d7fea1b'
down_revision = 'a7fbf2a48646'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('product', sa.Enum('hosting', 'support', 'backup', 'monitoring', name='product', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('covered_categories', sa.JSON(), nullable=False),
    sa.Column('covered_systems', sa.JSON(), nullable=False),
    sa.Column('price_per_period', sa.BigInteger(), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('billed_in_advance', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('terms_profile', sa.Enum('hostkon', 'compusoft', name='termsprofile', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('active', 'ending', 'ended', name='agreementstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= start_date', name=op.f('ck_agreements_ends_after_start')),
    sa.CheckConstraint('period_months BETWEEN 1 AND 60', name=op.f('ck_agreements_period_months_range')),
    sa.CheckConstraint('price_per_period >= 0', name=op.f('ck_agreements_price_not_negative')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_agreements_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreements_customer_id'), ['customer_id'], unique=False)

    op.create_table('agreement_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('major_price', 'terms', name='changekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('new_price', sa.BigInteger(), nullable=True),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('effective_on > notified_on', name=op.f('ck_agreement_changes_effective_after_notice')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_changes_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_agreement_changes_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_changes'))
    )
    with op.batch_alter_table('agreement_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_changes_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('termination', 'rescission', name='noticekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('given_by', sa.String(length=200), nullable=False),
    sa.Column('in_time', sa.Boolean(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('document_name', sa.String(length=255), nullable=False),
    sa.Column('document_stored_name', sa.String(length=64), nullable=True),
    sa.Column('document_content_type', sa.String(length=100), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_notices_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_agreement_notices_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_notices')),
    sa.UniqueConstraint('document_stored_name', name=op.f('uq_agreement_notices_document_stored_name'))
    )
    with op.batch_alter_table('agreement_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_notices_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agreement_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_agreement_periods_period_ends_after_start')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_agreement_periods_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_agreement_periods_invoice_id_invoices'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_periods')),
    sa.UniqueConstraint('agreement_id', 'starts_on', name='one_period_per_start')
    )
    with op.batch_alter_table('agreement_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_periods_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('maintenance_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('systems', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('urgent_reason', sa.Text(), nullable=False),
    sa.Column('planned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("NOT urgent OR urgent_reason <> ''", name=op.f('ck_maintenance_windows_urgent_needs_reason')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_maintenance_windows_maintenance_ends_after_start')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_maintenance_windows_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['planned_by_id'], ['users.id'], name=op.f('fk_maintenance_windows_planned_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_windows'))
    )
    with op.batch_alter_table('maintenance_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maintenance_windows_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_maintenance_windows_starts_at'), ['starts_at'], unique=False)

    op.create_table('outages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_outages_outage_ends_after_start')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'], name=op.f('fk_outages_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outages_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outages'))
    )
    with op.batch_alter_table('outages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outages_agreement_id'), ['agreement_id'], unique=False)

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deletion_postponed_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deletion_postponed_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('data_deleted_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('data_deleted_at')
        batch_op.drop_column('deletion_postponed_reason')
        batch_op.drop_column('deletion_postponed_until')

    with op.batch_alter_table('outages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outages_agreement_id'))

    op.drop_table('outages')
    with op.batch_alter_table('maintenance_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_windows_starts_at'))
        batch_op.drop_index(batch_op.f('ix_maintenance_windows_customer_id'))

    op.drop_table('maintenance_windows')
    with op.batch_alter_table('agreement_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_periods_agreement_id'))

    op.drop_table('agreement_periods')
    with op.batch_alter_table('agreement_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_notices_agreement_id'))

    op.drop_table('agreement_notices')
    with op.batch_alter_table('agreement_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_changes_agreement_id'))

    op.drop_table('agreement_changes')
    with op.batch_alter_table('agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreements_customer_id'))

    op.drop_table('agreements')
