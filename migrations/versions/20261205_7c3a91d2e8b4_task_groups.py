"""fanned-out tasks become groups counted through their parts; a draft may wait for its lead agency

A task fanned out to several agencies was counted as one more task of its own lead agency, besides one task
per part: every total was too high by one per fan-out. It now only groups its parts (``task.is_group``),
is counted nowhere, and has no lead of its own. Existing parents with children become groups; the lead a
parent had becomes a supporting agency of each of its parts that lacks it, so nobody loses sight of a task
they followed. ``task.lead_agency_id`` may be NULL on a draft whose lead is not chosen yet, and on groups.
The fixed Vietnamese notes of assignment and automatic moves are emptied: the timeline words them itself.

Reviewed by hand: SQLite alters the column through a batch copy of the table.

Revision ID: 7c3a91d2e8b4
Revises: 5b9e2c7d4f10
Create Date: 2026-12-05 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7c3a91d2e8b4'
down_revision = '5b9e2c7d4f10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('is_group', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.alter_column('lead_agency_id', existing_type=sa.Integer(), nullable=True)
    op.execute("UPDATE task SET is_group = true WHERE id IN (SELECT parent_id FROM task WHERE parent_id IS NOT NULL)")
    op.execute(
        "INSERT INTO task_supporting_agency (task_id, agency_id) "
        "SELECT c.id, p.lead_agency_id FROM task c JOIN task p ON p.id = c.parent_id "
        "WHERE p.is_group = true AND p.lead_agency_id IS NOT NULL AND p.lead_agency_id <> c.lead_agency_id "
        "AND NOT EXISTS (SELECT 1 FROM task_supporting_agency s WHERE s.task_id = c.id "
        "AND s.agency_id = p.lead_agency_id)")
    op.execute("UPDATE task SET lead_agency_id = NULL WHERE is_group = true")
    # Timeline notes once written in the writer's language: the page now words these moves in the reader's.
    op.execute("UPDATE progress_update SET note = '' WHERE status_from = 'draft' AND note = 'Giao nhiệm vụ'")
    op.execute("UPDATE progress_update SET note = '' WHERE author_id IS NULL "
               "AND note = 'Tự động chuyển sang đang thực hiện theo tiến độ các nhiệm vụ con.'")


def downgrade():
    # A group gets back a lead: the agency of its first part (the schema before required one). Drafts still
    # waiting for a lead take the agency their appraisal concerns.
    op.execute("UPDATE task SET lead_agency_id = (SELECT c.lead_agency_id FROM task c WHERE c.parent_id = task.id "
               "ORDER BY c.id LIMIT 1) WHERE is_group = true AND lead_agency_id IS NULL")
    op.execute("UPDATE task SET lead_agency_id = (SELECT a.unit_id FROM appraisal a WHERE a.id = task.appraisal_id) "
               "WHERE lead_agency_id IS NULL")
    op.execute("DELETE FROM task WHERE lead_agency_id IS NULL AND status = 'draft'")
    with op.batch_alter_table('task') as batch:
        batch.alter_column('lead_agency_id', existing_type=sa.Integer(), nullable=False)
        batch.drop_column('is_group')
