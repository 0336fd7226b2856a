"""saved answers (save and come back later, issue 16); outbox rows that belong to no request

Revision ID: 0006_saved
Revises: 0005_progress
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_saved"
down_revision = "0005_progress"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_answers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("draft_id", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("check_kind", sa.String(length=16), nullable=False),
        sa.Column("check_salt", sa.LargeBinary(), nullable=False),
        sa.Column("check_hash", sa.LargeBinary(), nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_wanted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id"),
    )
    with op.batch_alter_table("saved_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_answers_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_answers_remind_at"), ["remind_at"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE request_id IS NULL")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("payload")
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("saved_answers")
