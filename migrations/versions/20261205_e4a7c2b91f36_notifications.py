"""notifications: the outbox, the in-app notifications, e-mail preferences, tasks seen

``outbox`` holds the messages to deliver, written in the same transaction as the change (an event row without a
recipient, expanded at delivery into one row per reader); ``dedup_key`` is unique so a reminder queued twice is
one row. ``notification`` is the bell; ``mail_preference`` says per kind at once, in the daily summary or never;
``task_seen`` takes the "mới" mark off a task for one user. New tables only: nothing existing changes.

Revision ID: e4a7c2b91f36
Revises: e4a7c9b21d36
Create Date: 2026-12-05 09:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e4a7c2b91f36'
down_revision = 'e4a7c9b21d36'
branch_labels = None
depends_on = None

KINDS = ('assigned', 'due_soon', 'due_today', 'overdue', 'submitted', 'approved', 'returned', 'ext_requested',
         'ext_decided', 'direction', 'reassigned', 'daily_summary', 'weekly_digest')


def _kind():
    return sa.Enum(*KINDS, name='notificationkind', native_enum=False, create_constraint=False, length=20)


def upgrade():
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', _kind(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=True),
        sa.Column('recipient_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('dedup_key', sa.String(length=200), nullable=False),
        sa.Column('status', sa.Enum('queued', 'sent', 'skipped', 'failed', name='outboxstatus', native_enum=False,
                                    create_constraint=False, length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_outbox_task_id_task'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recipient_id'], ['user_account.id'],
                                name=op.f('fk_outbox_recipient_id_user_account')),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_outbox_actor_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
        sa.UniqueConstraint('dedup_key', name=op.f('uq_outbox_dedup_key')),
    )
    op.create_index('ix_outbox_due', 'outbox', ['status', 'next_attempt_at'])
    op.create_index(op.f('ix_outbox_task_id'), 'outbox', ['task_id'])
    op.create_index(op.f('ix_outbox_recipient_id'), 'outbox', ['recipient_id'])
    op.create_table(
        'notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', _kind(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_notification_task_id_task'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    )
    op.create_index('ix_notification_user_read', 'notification', ['user_id', 'read_at'])
    op.create_index(op.f('ix_notification_task_id'), 'notification', ['task_id'])
    op.create_table(
        'mail_preference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', _kind(), nullable=False),
        sa.Column('frequency', sa.Enum('immediately', 'daily', 'none', name='mailfrequency', native_enum=False,
                                       create_constraint=False, length=20), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_mail_preference_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_mail_preference')),
    )
    op.create_table(
        'task_seen',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_task_seen_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_seen_task_id_task'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'task_id', name=op.f('pk_task_seen')),
    )


def downgrade():
    op.drop_table('task_seen')
    op.drop_table('mail_preference')
    op.drop_index(op.f('ix_notification_task_id'), table_name='notification')
    op.drop_index('ix_notification_user_read', table_name='notification')
    op.drop_table('notification')
    op.drop_index(op.f('ix_outbox_recipient_id'), table_name='outbox')
    op.drop_index(op.f('ix_outbox_task_id'), table_name='outbox')
    op.drop_index('ix_outbox_due', table_name='outbox')
    op.drop_table('outbox')
