"""The `api_token` table: staff bearer tokens, stored only as a SHA-256 hash of the secret."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from airclass.config.database import Base, UTCDateTime, utcnow
from sqlalchemy import Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class Role(StrEnum):
    """What a token may do: editors handle media and review, schedulers plan and publish."""

    EDITOR = "editor"
    SCHEDULER = "scheduler"
    ADMIN = "admin"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, name="api_role", native_enum=False, length=20))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    """Hex SHA-256 of the secret; the secret itself is shown once and never stored."""
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    """After this instant the token gets 401; None never expires."""
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    """Last successful authentication, to within `LAST_USED_RESOLUTION` (api.auth)."""
