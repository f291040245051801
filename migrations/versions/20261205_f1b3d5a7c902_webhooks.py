"""webhooks: addresses told of events, and their deliveries in the outbox

``webhook`` holds each address the admin registered (the kinds it hears, its signing secret, an optional unit).
A delivery is an ``outbox`` row with ``webhook_id`` set, so the one worker sends it with the e-mail's retries;
``response_code`` keeps the receiver's last HTTP answer. Two nullable columns on ``outbox``: existing rows stay.

Revision ID: f1b3d5a7c902
Revises: e7a3c9d1b254
Create Date: 2026-12-05 11:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f1b3d5a7c902'
down_revision = 'e7a3c9d1b254'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('kinds', sa.JSON(), nullable=False),
        sa.Column('secret', sa.String(length=100), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['agency.id'], name=op.f('fk_webhook_unit_id_agency')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_webhook_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook')),
    )
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('webhook_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('response_code', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_outbox_webhook_id_webhook'), 'webhook', ['webhook_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_index(op.f('ix_outbox_webhook_id'), ['webhook_id'])


def downgrade():
    with op.batch_alter_table('outbox') as batch:
        batch.drop_index(op.f('ix_outbox_webhook_id'))
        batch.drop_constraint(op.f('fk_outbox_webhook_id_webhook'), type_='foreignkey')
        batch.drop_column('response_code')
        batch.drop_column('webhook_id')
    op.drop_table('webhook')
