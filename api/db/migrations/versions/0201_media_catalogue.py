"""Media catalogue (media/catalogue.py): asset validations and C5 review sign-offs.

Revision ID: 0201
Revises: 0101

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0201"
down_revision: str | Sequence[str] | None = "0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "asset_validation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.String(length=200), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("duration_frames", sa.Integer(), nullable=True),
        sa.Column("frame_rate", sa.String(length=32), nullable=True),
        sa.Column("profile", sa.String(length=100), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("asset_validation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_validation_asset_id"), ["asset_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_validation_checksum"), ["checksum"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asset_validation_path"), ["path"], unique=False)

    op.create_table(
        "review_signoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.String(length=200), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=100), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_signoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_signoff_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_signoff_checksum"), ["checksum"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("review_signoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_signoff_checksum"))
        batch_op.drop_index(batch_op.f("ix_review_signoff_asset_id"))

    op.drop_table("review_signoff")
    with op.batch_alter_table("asset_validation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_validation_path"))
        batch_op.drop_index(batch_op.f("ix_asset_validation_checksum"))
        batch_op.drop_index(batch_op.f("ix_asset_validation_asset_id"))

    op.drop_table("asset_validation")
