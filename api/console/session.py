"""Console sign-in: a staff token, checked once, opens a signed session cookie.

The cookie holds the token's id and the page language, signed with the console secret; it is
HttpOnly, SameSite=Strict, scoped to /console, and Secure when the request came over HTTPS.
Every request re-reads the token, so revoking or expiring it ends its console sessions too.
The public pages never see a cookie: the path scope keeps browsers from sending it there.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from airclass.api.auth import authenticate, is_expired, record_use
from airclass.api.db.auth_models import ApiToken, Role
from airclass.api.deps import EngineDep, SessionDep
from airclass.config.database import utcnow
from airclass.config.settings import Language
from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

COOKIE = "airclass_console"
COOKIE_PATH = "/console"
MAX_AGE_SECONDS = 12 * 3600
"""A working day: after it the browser asks for the token again."""
LANGUAGES: tuple[Language, ...] = ("zh", "en")


def console_secret(home: Path) -> str:
    """The signing secret of sessions and CSRF tokens, kept in AIRCLASS_HOME (mode 0600), so
    every worker and restart of one service reads the same one."""
    path = home / "console-secret"
    home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


class SignedOutError(Exception):
    """No valid session: the console answers with the login page (a redirect for GET)."""


class ForbiddenError(Exception):
    """Signed in, but the role may not do this."""

    def __init__(self, needed: frozenset[Role], role: Role) -> None:
        super().__init__(f"needs {needed}, has {role}")
        self.needed = needed
        self.role = role


@dataclass(frozen=True)
class Staff:
    """The signed-in person: the token (for the staff routes) and the page language."""

    token: ApiToken
    lang: Language

    @property
    def name(self) -> str:
        return self.token.name

    def may(self, *roles: Role) -> bool:
        return self.token.role in {*roles, Role.ADMIN}


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.console_secret, salt="console-session")


def open_session(request: Request, response: Response, token: ApiToken, lang: Language) -> None:
    value = _serializer(request).dumps({"token": token.id, "lang": lang})
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE_SECONDS,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",  # behind a TLS proxy: uvicorn --proxy-headers
    )


def close_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict")


def sign_in(session: Session, secret: str) -> ApiToken | None:
    """The live, unexpired token of `secret`, or None."""
    token = authenticate(session, secret.strip())
    if token is None or is_expired(token, utcnow()):
        return None
    return token


def page_language(request: Request, fallback: Language) -> Language:
    """`?lang=` wins, then the session's, then the browser's first choice, then `fallback`."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked  # type: ignore[return-value]
    data = _read(request)
    if data and data.get("lang") in LANGUAGES:
        return data["lang"]  # type: ignore[no-any-return]
    accept = request.headers.get("accept-language", "")[:2].lower()
    return accept if accept in LANGUAGES else fallback  # type: ignore[return-value]


def _read(request: Request) -> dict | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request).loads(raw, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return None
    return data if isinstance(data, dict) else None


def current_staff(request: Request, session: SessionDep, engine: EngineDep) -> Staff:
    data = _read(request)
    token = session.get(ApiToken, data.get("token")) if data else None
    now = utcnow()
    if token is None or token.revoked_at is not None or is_expired(token, now):
        raise SignedOutError
    record_use(engine, token, now)
    lang = page_language(request, request.app.state.settings.lang)
    if request.query_params.get("lang") in LANGUAGES:
        request.state.relang = lang  # remembered in the cookie by the response (views.py)
    return Staff(token, lang)


def require(*roles: Role):  # noqa: ANN201 - FastAPI reads the returned dependency's signature
    """A dependency admitting people whose token has one of `roles` (admin always passes)."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def dependency(staff: Annotated[Staff, Depends(current_staff)]) -> Staff:
        if staff.token.role not in allowed:
            raise ForbiddenError(allowed, staff.token.role)
        return staff

    return dependency


SignedIn = Annotated[Staff, Depends(current_staff)]
Editor = Annotated[Staff, Depends(require(Role.EDITOR))]
Scheduler = Annotated[Staff, Depends(require(Role.SCHEDULER))]
Admin = Annotated[Staff, Depends(require(Role.ADMIN))]
