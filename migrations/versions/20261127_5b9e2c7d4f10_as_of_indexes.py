"""indexes for "as of" reports: status moves and approved extensions, per task, in time order

A report as of a past day reads, for each task changed since, its last status move and its latest approved
extension before the end of that day (tracker/services/as_of.py). Both are partial indexes ordered as those
probes read them (task, instant, id), so each probe is one backward step in an index; on PostgreSQL they
also carry the value read (INCLUDE), so the table is not visited. Reviewed by hand: SQLite has no INCLUDE,
and gets the same partial indexes without it.

Revision ID: 5b9e2c7d4f10
Revises: a1e46a28e0f0
Create Date: 2026-11-27 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5b9e2c7d4f10'
down_revision = 'a1e46a28e0f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_progress_update_status_moves', 'progress_update', ['task_id', 'created_at', 'id'],
                    postgresql_include=['status_to'], postgresql_where=sa.text('status_to IS NOT NULL'),
                    sqlite_where=sa.text('status_to IS NOT NULL'))
    op.create_index('ix_extension_approved', 'extension', ['task_id', 'decided_at', 'id'],
                    postgresql_include=['decided_due_date'], postgresql_where=sa.text("status = 'approved'"),
                    sqlite_where=sa.text("status = 'approved'"))


def downgrade():
    op.drop_index('ix_extension_approved', table_name='extension')
    op.drop_index('ix_progress_update_status_moves', table_name='progress_update')
