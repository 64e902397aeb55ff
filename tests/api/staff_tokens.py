"""Issue staff tokens straight into a test database."""

from __future__ import annotations

from typing import Protocol

from airclass.api.auth import issue_token
from airclass.api.db.auth_models import Role
from airclass.config.database import session_scope
from sqlalchemy import Engine


class IssueToken(Protocol):
    def __call__(self, role: Role, name: str | None = None) -> dict[str, str]: ...


def token_issuer(engine: Engine) -> IssueToken:
    """`issue(Role.EDITOR, name="周老师")` → the Authorization header of a fresh token with that
    role, held by `name` (default `test-<role>`)."""

    def issue(role: Role, name: str | None = None) -> dict[str, str]:
        with session_scope(engine) as session:
            secret = issue_token(session, role=role, name=name or f"test-{role}").secret
        return {"Authorization": f"Bearer {secret}"}

    return issue
