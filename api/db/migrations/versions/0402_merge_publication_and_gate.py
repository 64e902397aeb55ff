"""Join the two branches of the schema: publication order and token expiry (0301) with the
gate's acceptance window and signer (0401). No change of its own.

Revision ID: 0402
Revises: 0301, 0401
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0402"
down_revision: str | Sequence[str] | None = ("0301", "0401")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
