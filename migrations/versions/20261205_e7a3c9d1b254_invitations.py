"""invitations: a new account's one-time link to set its own password

``user_account.invitation_hash`` is the SHA-256 (hex) of the link's random token; the token itself is shown to
the admin once and never stored. ``invitation_expires_at`` (naive UTC, as every instant) ends the link. Existing accounts have neither.

Revision ID: e7a3c9d1b254
Revises: e4a7c2b91f36
Create Date: 2026-12-05 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e7a3c9d1b254'
down_revision = 'e4a7c2b91f36'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('invitation_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('invitation_expires_at', sa.DateTime(), nullable=True))
        batch.create_unique_constraint(batch.f('uq_user_account_invitation_hash'), ['invitation_hash'])


def downgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.drop_constraint(batch.f('uq_user_account_invitation_hash'), type_='unique')
        batch.drop_column('invitation_expires_at')
        batch.drop_column('invitation_hash')
