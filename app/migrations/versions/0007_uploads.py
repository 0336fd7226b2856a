"""uploaded documents, sealed like the answers

Revision ID: 0007_uploads
Revises: 0006_saved
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_uploads"
down_revision = "0006_saved"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("draft_id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.LargeBinary(), nullable=False),
        sa.Column("filename", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_uploads_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    op.drop_table("uploads")
