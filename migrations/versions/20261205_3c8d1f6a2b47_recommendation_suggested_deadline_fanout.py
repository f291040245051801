"""recommendation: the deadline the conclusion names and whether it addresses many bodies at once

The conclusion reader now proposes a deadline for a recommendation ("trước ngày 31/12/2026", "trong quý
III/2026") and notices when it is addressed to many at once ("UBND các xã, thị trấn"). Both are kept on the
recommendation: the draft task takes the deadline, the plan page offers the fan-out. Both nullable, so
existing rows need nothing. The fan-out is a short string like the other enums (no native enum type).

Revision ID: 3c8d1f6a2b47
Revises: 3e8f5a0c9d21
Create Date: 2026-12-05 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3c8d1f6a2b47'
down_revision = '3e8f5a0c9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested_due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('suggested_fanout', sa.Enum('communes', 'departments', 'both',
                                                                  name='fanouttarget', native_enum=False,
                                                                  create_constraint=False, length=20),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_column('suggested_fanout')
        batch_op.drop_column('suggested_due_date')
