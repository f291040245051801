"""recurring tasks: a series of occurrences, each an ordinary task of one period

``task_series`` holds what each occurrence is given (title, lead and supporting agencies, owner, output,
priority, field), how often (monthly, quarterly, yearly), the day each falls due, and from when until when; it is
stopped, never deleted. ``task.series_id`` and ``task.period_start`` mark an occurrence, unique per series and
period, so creating the period's occurrence twice creates one.

Revision ID: b5d7e1a9c340
Revises: 9a4b2e7c1f03
Create Date: 2026-12-05 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b5d7e1a9c340'
down_revision = '9a4b2e7c1f03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=1000), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('expected_output', sa.String(length=1000), nullable=False),
        sa.Column('lead_agency_id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('priority', sa.Enum('normal', 'urgent', 'flash', name='priority', native_enum=False,
                                      create_constraint=False, length=20), nullable=False),
        sa.Column('field_id', sa.Integer(), nullable=True),
        sa.Column('evidence_required', sa.Boolean(), nullable=False),
        sa.Column('recurrence', sa.Enum('monthly', 'quarterly', 'yearly', name='recurrence', native_enum=False,
                                        create_constraint=False, length=20), nullable=False),
        sa.Column('due_day', sa.SmallInteger(), nullable=False),
        sa.Column('due_month', sa.SmallInteger(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('until', sa.Date(), nullable=True),
        sa.Column('stopped_at', sa.DateTime(), nullable=True),
        sa.Column('stopped_by_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['agency.id'], name=op.f('fk_task_series_unit_id_agency')),
        sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_task_series_lead_agency_id_agency')),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_task_series_owner_id_user_account')),
        sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_task_series_field_id_field')),
        sa.ForeignKeyConstraint(['stopped_by_id'], ['user_account.id'],
                                name=op.f('fk_task_series_stopped_by_id_user_account')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_task_series_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_series')),
    )
    with op.batch_alter_table('task_series') as batch:
        batch.create_index(batch.f('ix_task_series_unit_id'), ['unit_id'], unique=False)
    op.create_table(
        'series_supporting_agency',
        sa.Column('series_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_series_supporting_agency_agency_id_agency')),
        sa.ForeignKeyConstraint(['series_id'], ['task_series.id'],
                                name=op.f('fk_series_supporting_agency_series_id_task_series'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('series_id', 'agency_id', name=op.f('pk_series_supporting_agency')),
    )
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('period_start', sa.Date(), nullable=True))
        batch.create_foreign_key(batch.f('fk_task_series_id_task_series'), 'task_series', ['series_id'], ['id'])
        batch.create_index(batch.f('ix_task_series_id'), ['series_id'], unique=False)
        batch.create_unique_constraint(batch.f('uq_task_series_id_period_start'), ['series_id', 'period_start'])


def downgrade():
    with op.batch_alter_table('task') as batch:
        batch.drop_constraint(batch.f('uq_task_series_id_period_start'), type_='unique')
        batch.drop_index(batch.f('ix_task_series_id'))
        batch.drop_constraint(batch.f('fk_task_series_id_task_series'), type_='foreignkey')
        batch.drop_column('period_start')
        batch.drop_column('series_id')
    op.drop_table('series_supporting_agency')
    with op.batch_alter_table('task_series') as batch:
        batch.drop_index(batch.f('ix_task_series_unit_id'))
    op.drop_table('task_series')
