"""criteria and sub-criteria under each field, their scores, and what findings, recommendations and tasks aim at

A PAR appraisal takes points off criteria (tiêu chí) and sub-criteria (tiêu chí thành phần), each with its
maximum; ``criterion`` holds that tree under each field of a framework (``parent_id`` NULL for a criterion),
``criterion_score`` the self-assessed and appraised points of each scored criterion of an appraisal. Findings,
recommendations and tasks may point at the criterion they concern (points lost, points at stake). A finding may
repeat last year's (``repeat_of_id``, with why: same criterion, same text, or both). A framework with fields only
is unchanged: every new column is nullable.

Revision ID: 9a4b2e7c1f03
Revises: 3c8d1f6a2b47
Create Date: 2026-12-05 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9a4b2e7c1f03'
down_revision = '3c8d1f6a2b47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'criterion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('framework_id', sa.Integer(), nullable=False),
        sa.Column('field_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=1000), nullable=False),
        sa.Column('max_points', sa.Numeric(precision=7, scale=2), nullable=False),
        sa.Column('note', sa.Text(), server_default='', nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_criterion_field_id_field')),
        sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_criterion_framework_id_framework')),
        sa.ForeignKeyConstraint(['parent_id'], ['criterion.id'], name=op.f('fk_criterion_parent_id_criterion')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
        sa.UniqueConstraint('framework_id', 'code', name=op.f('uq_criterion_framework_id_code')),
    )
    with op.batch_alter_table('criterion') as batch:
        batch.create_index(batch.f('ix_criterion_field_id'), ['field_id'], unique=False)
        batch.create_index(batch.f('ix_criterion_framework_id'), ['framework_id'], unique=False)
        batch.create_index(batch.f('ix_criterion_parent_id'), ['parent_id'], unique=False)
    op.create_table(
        'criterion_score',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('appraisal_id', sa.Integer(), nullable=False),
        sa.Column('criterion_id', sa.Integer(), nullable=False),
        sa.Column('self_score', sa.Numeric(precision=7, scale=2), nullable=True),
        sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=True),
        sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], name=op.f('fk_criterion_score_appraisal_id_appraisal'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'],
                                name=op.f('fk_criterion_score_criterion_id_criterion')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_score')),
        sa.UniqueConstraint('appraisal_id', 'criterion_id', name=op.f('uq_criterion_score_appraisal_id_criterion_id')),
    )
    with op.batch_alter_table('criterion_score') as batch:
        batch.create_index(batch.f('ix_criterion_score_appraisal_id'), ['appraisal_id'], unique=False)
        batch.create_index(batch.f('ix_criterion_score_criterion_id'), ['criterion_id'], unique=False)
    with op.batch_alter_table('finding') as batch:
        batch.add_column(sa.Column('criterion_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('repeat_of_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('repeat_reason', sa.String(length=16), server_default='', nullable=False))
        batch.create_foreign_key(batch.f('fk_finding_criterion_id_criterion'), 'criterion', ['criterion_id'], ['id'])
        batch.create_foreign_key(batch.f('fk_finding_repeat_of_id_finding'), 'finding', ['repeat_of_id'], ['id'],
                                 ondelete='SET NULL')
    with op.batch_alter_table('recommendation') as batch:
        batch.add_column(sa.Column('criterion_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_recommendation_criterion_id_criterion'), 'criterion', ['criterion_id'],
                                 ['id'])
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('criterion_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_task_criterion_id_criterion'), 'criterion', ['criterion_id'], ['id'])
        batch.create_index(batch.f('ix_task_criterion_id'), ['criterion_id'], unique=False)


def downgrade():
    with op.batch_alter_table('task') as batch:
        batch.drop_index(batch.f('ix_task_criterion_id'))
        batch.drop_constraint(batch.f('fk_task_criterion_id_criterion'), type_='foreignkey')
        batch.drop_column('criterion_id')
    with op.batch_alter_table('recommendation') as batch:
        batch.drop_constraint(batch.f('fk_recommendation_criterion_id_criterion'), type_='foreignkey')
        batch.drop_column('criterion_id')
    with op.batch_alter_table('finding') as batch:
        batch.drop_constraint(batch.f('fk_finding_repeat_of_id_finding'), type_='foreignkey')
        batch.drop_constraint(batch.f('fk_finding_criterion_id_criterion'), type_='foreignkey')
        batch.drop_column('repeat_reason')
        batch.drop_column('repeat_of_id')
        batch.drop_column('criterion_id')
    op.drop_table('criterion_score')
    op.drop_table('criterion')
