"""confirmation access held server-side; a short recovery window for a lost confirmation

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "confirmation_access",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("confirmation_access", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_confirmation_access_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_confirmation_access_expires_at"), ["expires_at"], unique=False)
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recoverable_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("recoverable_until")
    op.drop_table("confirmation_access")
