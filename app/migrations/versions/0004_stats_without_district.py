"""eligibility statistics: drop the district column (never filled: the check ends before the district is asked)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("eligibility_stats", schema=None) as batch_op:
        batch_op.drop_column("district")


def downgrade() -> None:
    with op.batch_alter_table("eligibility_stats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("district", sa.String(length=80), nullable=True))
