"""Staff authentication: bearer tokens with a role, stored as SHA-256 hashes of the secret.

A secret is 32 random bytes (URL-safe text, prefixed `ac_`), shown once when issued. Only
its hash is kept, so a leaked database does not leak usable tokens. `admin` may do
everything; `editor` handles media and review; `scheduler` plans, publishes and replans.
A token may expire (401 after `expires_at`), and its last use is recorded, at most once per
`LAST_USED_RESOLUTION`, in a short transaction of its own so no request holds a write lock
for it.

Routes declare what they need with the `Annotated` aliases at the bottom:

    def publish(token: SchedulerToken) -> ...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Annotated

from airclass.api.db.auth_models import ApiToken, Role
from airclass.api.deps import EngineDep, SessionDep
from airclass.api.errors import ApiError
from airclass.config.database import utcnow
from airclass.config.i18n import t
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

SECRET_PREFIX = "ac_"
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)
"""`last_used_at` is written only when older than this: one write per token per five minutes,
however many requests it makes."""
_bearer = HTTPBearer(auto_error=False, description="A staff token from `airclass token create`.")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: `secret` exists only here, never in the database."""

    secret: str
    token: ApiToken


class TokenNotFoundError(ApiError):
    """No live (unrevoked) token has that id."""

    status_code = 404
    key = "api.token.not_found"

    def __init__(self, token_id: int) -> None:
        super().__init__(token_id=token_id)


class SelfRevokeError(ApiError):
    """An admin token asked the API to revoke itself."""

    status_code = 409
    key = "api.token.self_revoke"

    def __init__(self, token_id: int) -> None:
        super().__init__(token_id=token_id)


def issue_token(
    session: Session, *, role: Role, name: str, expires_at: dt.datetime | None = None
) -> IssuedToken:
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        role=role,
        secret_sha256=hash_secret(secret),
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    logger.info("issued %s token #%s (%s)", role, token.id, name)
    return IssuedToken(secret, token)


def revoke_token(session: Session, token_id: int) -> ApiToken | None:
    """Revoke a live token and return it; None when there is no live token with that id."""
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        return None
    token.revoked_at = utcnow()
    return token


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The unrevoked token whose hash matches `secret`, or None (expiry is checked apart, so
    an expired token gets its own message)."""
    found = session.scalar(select(ApiToken).where(ApiToken.secret_sha256 == hash_secret(secret)))
    if found is None or found.revoked_at is not None:
        return None
    return found


def is_expired(token: ApiToken, now: dt.datetime) -> bool:
    return token.expires_at is not None and token.expires_at <= now


def record_use(engine: Engine, token: ApiToken, now: dt.datetime) -> None:
    """Set the token's last use to `now` unless a recent one is recorded. The conditional
    UPDATE makes concurrent requests of one token write once."""
    cutoff = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > cutoff:
        return
    with engine.begin() as connection:
        connection.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token.id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= cutoff),
            )
            .values(last_used_at=now)
        )


def _problem(code: int, key: str, **fields: object) -> HTTPException:
    detail = {
        "code": key.removeprefix("api."),
        "zh": t(key, "zh", **fields),
        "en": t(key, "en", **fields),
    }
    headers = {"WWW-Authenticate": "Bearer"} if code == status.HTTP_401_UNAUTHORIZED else None
    return HTTPException(code, detail=detail, headers=headers)


def require_role(*roles: Role):  # noqa: ANN201 - FastAPI reads the returned dependency's signature
    """A dependency admitting tokens whose role is in `roles` (admin always passes)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def dependency(
        session: SessionDep,
        engine: EngineDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiToken:
        if credentials is None or not credentials.credentials:
            raise _problem(status.HTTP_401_UNAUTHORIZED, "api.auth.missing")
        token = authenticate(session, credentials.credentials)
        if token is None:
            raise _problem(status.HTTP_401_UNAUTHORIZED, "api.auth.invalid")
        now = utcnow()  # the real time, whatever clock the feeds are shown at
        if token.expires_at is not None and token.expires_at <= now:
            expired = token.expires_at.isoformat(timespec="minutes")
            raise _problem(status.HTTP_401_UNAUTHORIZED, "api.auth.expired", expired=expired)
        record_use(engine, token, now)
        if token.role not in allowed:
            needed = " | ".join(sorted(allowed))
            raise _problem(
                status.HTTP_403_FORBIDDEN, "api.auth.forbidden", needed=needed, role=token.role
            )
        return token

    return dependency


StaffToken = Annotated[ApiToken, Depends(require_role(*Role))]
EditorToken = Annotated[ApiToken, Depends(require_role(Role.EDITOR))]
SchedulerToken = Annotated[ApiToken, Depends(require_role(Role.SCHEDULER))]
AdminToken = Annotated[ApiToken, Depends(require_role(Role.ADMIN))]
