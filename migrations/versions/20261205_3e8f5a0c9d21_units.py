"""appraised units: every agency and task belongs to one unit (or the province); province roles; hand-over

Since July 2025 the province's Sở Nội vụ appraises every department and commune, each of which remediates on
its own. ``agency.unit_id`` names the unit an agency works in (a unit is its own unit; NULL is the province
level); ``task.unit_id`` the unit a task belongs to (its appraisal's, else its creator's), indexed with its
status for the scoped lists. A unit also keeps the place its documents are dated from, its signer, and
whether its coordinator manages its accounts. ``appraisal.handed_over_at/by``: the province coordinator hands
a reviewed conclusion to the unit.

Existing data becomes one unit, with nothing lost: the unit is the agency most appraisals concern (else the
root of the agency tree with the lowest id); every agency and every task belongs to it, and so do leaders and
coordinators who had no agency (they followed everything, which is now their unit). Downgrade drops the
new columns; users given a province role become leaders or coordinators again, agencies of the new kinds
"other".

Revision ID: 3e8f5a0c9d21
Revises: 7c3a91d2e8b4
Create Date: 2026-12-05 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3e8f5a0c9d21'
down_revision = '7c3a91d2e8b4'
branch_labels = None
depends_on = None


def _the_unit(conn):
    """The agency existing data is about: the most appraised one, else the first root of the tree."""
    row = conn.execute(sa.text(
        "SELECT unit_id FROM appraisal GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")).first()
    if row is not None:
        return row[0]
    row = conn.execute(sa.text("SELECT id FROM agency WHERE parent_id IS NULL ORDER BY id LIMIT 1")).first()
    if row is not None:
        return row[0]
    row = conn.execute(sa.text("SELECT id FROM agency ORDER BY id LIMIT 1")).first()
    return row[0] if row is not None else None


def upgrade():
    with op.batch_alter_table('agency') as batch:
        batch.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('place', sa.String(length=64), server_default='', nullable=False))
        batch.add_column(sa.Column('signer_name', sa.String(length=255), server_default='', nullable=False))
        batch.add_column(sa.Column('coordinator_manages_accounts', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
        batch.create_foreign_key(batch.f('fk_agency_unit_id_agency'), 'agency', ['unit_id'], ['id'])
        batch.create_index(batch.f('ix_agency_unit_id'), ['unit_id'], unique=False)
    with op.batch_alter_table('appraisal') as batch:
        batch.add_column(sa.Column('handed_over_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('handed_over_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(batch.f('fk_appraisal_handed_over_by_id_user_account'), 'user_account',
                                 ['handed_over_by_id'], ['id'])
    with op.batch_alter_table('task') as batch:
        batch.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))

    conn = op.get_bind()
    unit = _the_unit(conn)
    if unit is not None:
        conn.execute(sa.text("UPDATE agency SET unit_id = :u"), {"u": unit})
        conn.execute(sa.text("UPDATE task SET unit_id = :u"), {"u": unit})
        # Leaders and coordinators without an agency followed everything: they are the unit's now.
        conn.execute(sa.text("UPDATE user_account SET agency_id = :u WHERE agency_id IS NULL "
                             "AND role IN ('leader', 'coordinator')"), {"u": unit})
        # The documents of the one unit keep reading as they did: its place and signer from the settings.
        for column, key in (("place", "report.place"), ("signer_name", "report.signer_name")):
            value = conn.execute(sa.text("SELECT value FROM setting WHERE key = :k"), {"k": key}).scalar()
            if value:
                conn.execute(sa.text(f"UPDATE agency SET {column} = :v WHERE id = :u"), {"v": value[:255], "u": unit})

    with op.batch_alter_table('task') as batch:
        batch.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(batch.f('fk_task_unit_id_agency'), 'agency', ['unit_id'], ['id'])
        batch.create_index('ix_task_unit_status', ['unit_id', 'status'], unique=False)


def downgrade():
    op.execute("UPDATE user_account SET role = 'leader' WHERE role = 'province_leader'")
    op.execute("UPDATE user_account SET role = 'coordinator' WHERE role = 'province_coord'")
    op.execute("UPDATE agency SET kind = 'other' WHERE kind IN ('province', 'prov_department')")
    with op.batch_alter_table('task') as batch:
        batch.drop_index('ix_task_unit_status')
        batch.drop_constraint(batch.f('fk_task_unit_id_agency'), type_='foreignkey')
        batch.drop_column('unit_id')
    with op.batch_alter_table('appraisal') as batch:
        batch.drop_constraint(batch.f('fk_appraisal_handed_over_by_id_user_account'), type_='foreignkey')
        batch.drop_column('handed_over_by_id')
        batch.drop_column('handed_over_at')
    with op.batch_alter_table('agency') as batch:
        batch.drop_index(batch.f('ix_agency_unit_id'))
        batch.drop_constraint(batch.f('fk_agency_unit_id_agency'), type_='foreignkey')
        batch.drop_column('coordinator_manages_accounts')
        batch.drop_column('signer_name')
        batch.drop_column('place')
        batch.drop_column('unit_id')
