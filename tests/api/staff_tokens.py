"""Issue staff tokens straight into a test database."""

from __future__ import annotations

from collections.abc import Callable

from airclass.api.auth import issue_token
from airclass.api.db.auth_models import Role
from airclass.config.database import session_scope
from sqlalchemy import Engine

IssueToken = Callable[[Role], dict[str, str]]


def token_issuer(engine: Engine) -> IssueToken:
    """`issue(Role.EDITOR)` → the Authorization header of a fresh token with that role."""

    def issue(role: Role) -> dict[str, str]:
        with session_scope(engine) as session:
            secret = issue_token(session, role=role, name=f"test-{role}").secret
        return {"Authorization": f"Bearer {secret}"}

    return issue
