"""calendar feeds: a user's feed key, and how many times a task's deadline moved

``user_account.calendar_selector`` is the public half of the feed address's key (the other half is an HMAC under
the secret key, never stored). ``task.deadline_revision`` is the event's SEQUENCE; a task whose deadline already
differs from its first one starts at 1, so calendars that saw the first deadline take the current one.

Revision ID: d2c8f6a41e57
Revises: b5d7e1a9c340
Create Date: 2026-12-05 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd2c8f6a41e57'
down_revision = 'b5d7e1a9c340'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('calendar_selector', sa.String(length=32), nullable=True))
        batch.create_unique_constraint(batch.f('uq_user_account_calendar_selector'), ['calendar_selector'])
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('deadline_revision', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE task SET deadline_revision = 1 WHERE due_date <> original_due_date")


def downgrade():
    with op.batch_alter_table('task') as batch:
        batch.drop_column('deadline_revision')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_constraint(batch.f('uq_user_account_calendar_selector'), type_='unique')
        batch.drop_column('calendar_selector')
