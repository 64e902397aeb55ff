"""A write is committed before its response leaves: a client that acts on the answer (a
browser following the console's 303, a script reading back what it wrote) sees the write.

FastAPI ≥ 0.118 runs a yield dependency's exit after the response is sent unless it is
scoped to the function; the request session commits on that exit. Seen as a flaky browser
test: "Signed t-001." above the same file still pending at the level just signed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from airclass.api.db.auth_models import ApiToken, Role
from airclass.config.database import session_scope
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select

from tests.api.staff_tokens import token_issuer

Message = MutableMapping[str, Any]


def _recording(app: FastAPI, events: list[str]) -> Callable[..., Awaitable[None]]:
    """`app`, noting when each response starts."""

    async def asgi(scope: Message, receive: Callable, send: Callable) -> None:
        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                events.append("response")
            await send(message)

        await app(scope, receive, noting)

    return asgi


def test_revoking_a_token_commits_before_the_answer(app: FastAPI, engine: Engine) -> None:
    issue = token_issuer(engine)
    admin = issue(Role.ADMIN)
    issue(Role.EDITOR, name="leaver")
    with session_scope(engine) as session:
        leaver = session.scalars(select(ApiToken.id).where(ApiToken.name == "leaver")).one()
    events: list[str] = []
    with TestClient(_recording(app, events)) as client:
        event.listen(app.state.engine, "commit", lambda _connection: events.append("commit"))
        assert client.get("/api/v1/tokens", headers=admin).status_code == 200
        events.clear()  # the admin token's first use was recorded above
        response = client.delete(f"/api/v1/tokens/{leaver}", headers=admin)
        answered = list(events)  # before the app's shutdown, which writes too
    assert response.status_code == 200, response.text
    assert answered == ["commit", "response"], answered
    with session_scope(engine) as session:
        assert session.get(ApiToken, leaver).revoked_at is not None
