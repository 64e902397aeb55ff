"""Acceptance at the gate (L3, C4) and sign-offs bound to people (C5).

asset_validation records the stage window a validation applied; review_signoff records the
API token that signed (none: the CLI).

Revision ID: 0401
Revises: 0201

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0401"
down_revision: str | Sequence[str] | None = "0201"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("asset_validation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("window_min_frames", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("window_max_frames", sa.Integer(), nullable=True))
    with op.batch_alter_table("review_signoff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("review_signoff", schema=None) as batch_op:
        batch_op.drop_column("token_id")
    with op.batch_alter_table("asset_validation", schema=None) as batch_op:
        batch_op.drop_column("window_max_frames")
        batch_op.drop_column("window_min_frames")
        batch_op.drop_column("stage")
