"""Schedule versions (draft → published) and their airings.

Revision ID: 0001
Revises:

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "schedule_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("config", sa.String(length=500), nullable=False),
        sa.Column(
            "state",
            sa.Enum("DRAFT", "PUBLISHED", name="version_state", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("plan_json", sa.Text(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_schedule_version_week"), ["week"], unique=False)

    op.create_table(
        "scheduled_airing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_frame", sa.Integer(), nullable=False),
        sa.Column("duration_frames", sa.Integer(), nullable=False),
        sa.Column("slot_frames", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("course", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=50), nullable=False),
        sa.Column("lesson_id", sa.String(length=200), nullable=False),
        sa.Column("lesson_number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("asset", sa.String(length=200), nullable=False),
        sa.Column("task_sheet", sa.String(length=1000), nullable=True),
        sa.Column("is_repeat", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("CONFIRMED", "CANCELLED", name="airing_status", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["schedule_version.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "uid", name="uq_scheduled_airing_version_uid"),
    )
    with op.batch_alter_table("scheduled_airing", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scheduled_airing_version_date", ["version_id", "date"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("scheduled_airing", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_airing_version_date")

    op.drop_table("scheduled_airing")
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_version_week"))

    op.drop_table("schedule_version")
