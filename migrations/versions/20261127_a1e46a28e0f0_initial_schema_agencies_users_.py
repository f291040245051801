"""initial schema: agencies, users, frameworks, appraisals, tasks, activity, audit

The whole data model of the foundation issue. Reviewed by hand: every constraint
is named by the naming convention in tracker/extensions.py; enums are stored as
VARCHAR(20) without CHECK constraints so a new status needs no table rewrite;
instants are naive UTC (tracker.models.types.UTCDateTime stores them so).

Revision ID: a1e46a28e0f0
Revises: 
Create Date: 2026-11-27 04:27:13.030728

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1e46a28e0f0'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('short_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('committee', 'office', 'department', 'public_unit', 'commune', 'other', name='agencykind', native_enum=False, length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('search_name', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['agency.id'], name=op.f('fk_agency_parent_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('name', name=op.f('uq_agency_name')),
    sa.UniqueConstraint('short_name', name=op.f('uq_agency_short_name'))
    )
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_search_name'), ['search_name'], unique=False)

    op.create_table('framework',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('issuing_body', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework'))
    )
    op.create_table('login_throttle',
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('address', name=op.f('pk_login_throttle'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('max_points', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_field_framework_id_framework')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field')),
    sa.UniqueConstraint('framework_id', 'code', name=op.f('uq_field_framework_id_code'))
    )
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_framework_id'), ['framework_id'], unique=False)

    op.create_table('reader_keyword',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('shortcoming_cue', 'recommendation_cue', 'praise_cue', 'compound', 'item_start', 'field', 'agency', name='keywordkind', native_enum=False, length=20), nullable=False),
    sa.Column('phrase', sa.String(length=255), nullable=False),
    sa.Column('field_code', sa.String(length=20), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_reader_keyword_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reader_keyword')),
    sa.UniqueConstraint('kind', 'phrase', 'field_code', 'agency_id', name=op.f('uq_reader_keyword_kind_phrase_field_code_agency_id'))
    )
    with op.batch_alter_table('reader_keyword', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reader_keyword_kind'), ['kind'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'leader', 'coordinator', 'officer', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(), nullable=True),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_user_account_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('session_token', name=op.f('uq_user_account_session_token')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_agency_id'), ['agency_id'], unique=False)

    op.create_table('appraisal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=255), nullable=False),
    sa.Column('team_head', sa.String(length=255), nullable=False),
    sa.Column('appraised_on', sa.Date(), nullable=True),
    sa.Column('conclusion_number', sa.String(length=64), nullable=False),
    sa.Column('conclusion_date', sa.Date(), nullable=True),
    sa.Column('conclusion_text', sa.Text(), nullable=False),
    sa.Column('self_total', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('total_score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('status', sa.Enum('draft', 'final', name='appraisalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_appraisal_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['framework_id'], ['framework.id'], name=op.f('fk_appraisal_framework_id_framework')),
    sa.ForeignKeyConstraint(['unit_id'], ['agency.id'], name=op.f('fk_appraisal_unit_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal'))
    )
    with op.batch_alter_table('appraisal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_unit_id'), ['unit_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_event_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('field_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('self_score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], name=op.f('fk_field_score_appraisal_id_appraisal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_field_score_field_id_field')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_score')),
    sa.UniqueConstraint('appraisal_id', 'field_id', name=op.f('uq_field_score_appraisal_id_field_id'))
    )
    with op.batch_alter_table('field_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_score_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], name=op.f('fk_finding_appraisal_id_appraisal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_finding_field_id_field')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('suggested_agency_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], name=op.f('fk_recommendation_appraisal_id_appraisal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_recommendation_field_id_field')),
    sa.ForeignKeyConstraint(['suggested_agency_id'], ['agency.id'], name=op.f('fk_recommendation_suggested_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_appraisal_id'), ['appraisal_id'], unique=False)

    op.create_table('recommendation_finding',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_recommendation_finding_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_finding_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'finding_id', name=op.f('pk_recommendation_finding'))
    )
    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('expected_output', sa.String(length=1000), nullable=False),
    sa.Column('evidence_required', sa.Boolean(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=True),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('lead_agency_id', sa.Integer(), nullable=False),
    sa.Column('lead_agency_name', sa.String(length=255), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Enum('normal', 'urgent', 'flash', name='priority', native_enum=False, length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('original_due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'not_started', 'in_progress', 'submitted', 'returned', 'done', 'postponed', 'cancelled', name='taskstatus', native_enum=False, length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=True),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('search_text', sa.String(length=2000), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_task_progress_range')),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisal.id'], name=op.f('fk_task_appraisal_id_appraisal')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_task_assigned_by_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_task_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['field_id'], ['field.id'], name=op.f('fk_task_field_id_field')),
    sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'], name=op.f('fk_task_lead_agency_id_agency')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_task_owner_id_user_account')),
    sa.ForeignKeyConstraint(['parent_id'], ['task.id'], name=op.f('fk_task_parent_id_task')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_task_recommendation_id_recommendation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_appraisal_id'), ['appraisal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_assigned_at'), ['assigned_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_field_id'), ['field_id'], unique=False)
        batch_op.create_index('ix_task_lead_status', ['lead_agency_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_status'), ['status'], unique=False)

    op.create_table('direction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user_account.id'], name=op.f('fk_direction_acknowledged_by_id_user_account')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_direction_author_id_user_account')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_direction_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_direction'))
    )
    with op.batch_alter_table('direction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_direction_task_id'), ['task_id'], unique=False)

    op.create_table('extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('previous_due_date', sa.Date(), nullable=True),
    sa.Column('requested_due_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', 'withdrawn', name='extensionstatus', native_enum=False, length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_due_date', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_extension_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_extension_requested_by_id_user_account')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_extension_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension'))
    )
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_extension_task_id'), ['task_id'], unique=False)

    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status_from', sa.Enum('draft', 'not_started', 'in_progress', 'submitted', 'returned', 'done', 'postponed', 'cancelled', name='taskstatus', native_enum=False, length=20), nullable=True),
    sa.Column('status_to', sa.Enum('draft', 'not_started', 'in_progress', 'submitted', 'returned', 'done', 'postponed', 'cancelled', name='taskstatus', native_enum=False, length=20), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_progress_update_agency_id_agency')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_progress_update_author_id_user_account')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_progress_update_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index('ix_progress_update_task_created', ['task_id', 'created_at'], unique=False)

    op.create_table('task_finding',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_task_finding_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_finding_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'finding_id', name=op.f('pk_task_finding'))
    )
    op.create_table('task_supporting_agency',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_task_supporting_agency_agency_id_agency')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_supporting_agency_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'agency_id', name=op.f('pk_task_supporting_agency'))
    )
    with op.batch_alter_table('task_supporting_agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_supporting_agency_agency_id'), ['agency_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('progress_update_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=128), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['progress_update_id'], ['progress_update.id'], name=op.f('fk_evidence_progress_update_id_progress_update')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_evidence_task_id_task'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_evidence_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_task_id'), ['task_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_task_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('task_supporting_agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_supporting_agency_agency_id'))

    op.drop_table('task_supporting_agency')
    op.drop_table('task_finding')
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_update_task_created')

    op.drop_table('progress_update')
    with op.batch_alter_table('extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_task_id'))
        batch_op.drop_index(batch_op.f('ix_extension_status'))

    op.drop_table('extension')
    with op.batch_alter_table('direction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_direction_task_id'))

    op.drop_table('direction')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_status'))
        batch_op.drop_index(batch_op.f('ix_task_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_task_parent_id'))
        batch_op.drop_index(batch_op.f('ix_task_owner_id'))
        batch_op.drop_index('ix_task_lead_status')
        batch_op.drop_index(batch_op.f('ix_task_field_id'))
        batch_op.drop_index(batch_op.f('ix_task_due_date'))
        batch_op.drop_index(batch_op.f('ix_task_assigned_at'))
        batch_op.drop_index(batch_op.f('ix_task_appraisal_id'))

    op.drop_table('task')
    op.drop_table('recommendation_finding')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_appraisal_id'))

    op.drop_table('recommendation')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_appraisal_id'))

    op.drop_table('finding')
    with op.batch_alter_table('field_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_score_appraisal_id'))

    op.drop_table('field_score')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('appraisal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_unit_id'))

    op.drop_table('appraisal')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_agency_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('reader_keyword', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reader_keyword_kind'))

    op.drop_table('reader_keyword')
    with op.batch_alter_table('field', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_framework_id'))

    op.drop_table('field')
    op.drop_table('setting')
    op.drop_table('login_throttle')
    op.drop_table('framework')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_search_name'))

    op.drop_table('agency')
