"""api tokens: personal and integration access tokens of the JSON API, stored as SHA-256 hashes

One table. ``token_hash`` is unique (each request finds its token by it); ``user_id`` is indexed for the profile's
and the admin's lists. Nothing existing changes, so the downgrade just drops the table.

Revision ID: e4a7c9b21d36
Revises: d2c8f6a41e57
Create Date: 2026-12-05 09:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e4a7c9b21d36'
down_revision = 'd2c8f6a41e57'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('personal', 'integration', name='tokenkind', native_enum=False,
                                  create_constraint=False, length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('scope', sa.Enum('read', 'write', name='tokenscope', native_enum=False,
                                   create_constraint=False, length=20), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_api_token_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash')),
    )
    with op.batch_alter_table('api_token') as batch:
        batch.create_index(batch.f('ix_api_token_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_token') as batch:
        batch.drop_index(batch.f('ix_api_token_user_id'))
    op.drop_table('api_token')
