"""The timeline picture of a validation (media/timeline.py): strip, loudness curve, bands.

Revision ID: 0501
Revises: 0401

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0501"
down_revision: str | Sequence[str] | None = "0401"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "validation_timeline",
        sa.Column("validation_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("strip", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["validation_id"], ["asset_validation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("validation_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("validation_timeline")
