"""Publication order (issue 12): publishes numbered in commit order; token expiry and last use.

Revision ID: 0301
Revises: 0201

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0301"
down_revision: str | Sequence[str] | None = "0201"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("schedule_version", sa.Column("publication", sa.Integer(), nullable=True))
    op.create_index(
        "ix_schedule_version_publication", "schedule_version", ["publication"], unique=True
    )
    # Versions published before this revision are numbered in the order they were current.
    op.execute(
        """
        UPDATE schedule_version SET publication = (
            SELECT count(*) FROM schedule_version AS earlier
            WHERE earlier.state = 'PUBLISHED' AND (
                earlier.published_at < schedule_version.published_at
                OR (earlier.published_at = schedule_version.published_at
                    AND earlier.id <= schedule_version.id)))
        WHERE state = 'PUBLISHED'
        """
    )
    op.create_table(
        "publication_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO publication_counter (id, last_number) "
        "SELECT 1, count(*) FROM schedule_version WHERE state = 'PUBLISHED'"
    )
    op.add_column("api_token", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("api_token", sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
    op.drop_table("publication_counter")
    op.drop_index("ix_schedule_version_publication", table_name="schedule_version")
    with op.batch_alter_table("schedule_version", schema=None) as batch_op:
        batch_op.drop_column("publication")
