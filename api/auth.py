"""Staff authentication: bearer tokens with a role, stored as SHA-256 hashes of the secret.

A secret is 32 random bytes (URL-safe text, prefixed `ac_`), shown once when issued. Only
its hash is kept, so a leaked database does not leak usable tokens. `admin` may do
everything; `editor` handles media and review; `scheduler` plans, publishes and replans.

Routes declare what they need with the `Annotated` aliases at the bottom:

    def publish(token: SchedulerToken) -> ...
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Annotated

from airclass.api.db.auth_models import ApiToken, Role
from airclass.api.deps import SessionDep
from airclass.config.database import utcnow
from airclass.config.i18n import t
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

SECRET_PREFIX = "ac_"
_bearer = HTTPBearer(auto_error=False, description="A staff token from `airclass token create`.")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token: `secret` exists only here, never in the database."""

    secret: str
    token: ApiToken


def issue_token(session: Session, *, role: Role, name: str) -> IssuedToken:
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, secret_sha256=hash_secret(secret), created_at=utcnow())
    session.add(token)
    session.flush()
    logger.info("issued %s token #%s (%s)", role, token.id, name)
    return IssuedToken(secret, token)


def revoke_token(session: Session, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    return True


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The live token whose hash matches `secret`, or None."""
    found = session.scalar(select(ApiToken).where(ApiToken.secret_sha256 == hash_secret(secret)))
    if found is None or found.revoked_at is not None:
        return None
    return found


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
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> ApiToken:
        if credentials is None or not credentials.credentials:
            raise _problem(status.HTTP_401_UNAUTHORIZED, "api.auth.missing")
        token = authenticate(session, credentials.credentials)
        if token is None:
            raise _problem(status.HTTP_401_UNAUTHORIZED, "api.auth.invalid")
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
