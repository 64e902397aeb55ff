"""Token lifetime (issue 12 §7): expiry, last use, `airclass token list`, revoke over the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from airclass.api.auth import LAST_USED_RESOLUTION, issue_token
from airclass.api.cli import run
from airclass.api.db.auth_models import ApiToken, Role
from airclass.config.database import session_scope, utcnow
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from tests.api.staff_tokens import IssueToken, token_issuer


@pytest.fixture
def issue(engine: Engine) -> IssueToken:
    return token_issuer(engine)


def _issue_expiring(engine: Engine, expires_at: dt.datetime) -> dict[str, str]:
    with session_scope(engine) as session:
        secret = issue_token(session, role=Role.EDITOR, name="temp", expires_at=expires_at).secret
    return {"Authorization": f"Bearer {secret}"}


def _last_used(engine: Engine) -> dt.datetime | None:
    with session_scope(engine) as session:
        return session.scalars(select(ApiToken.last_used_at)).one()


def test_expired_token_is_401_with_its_expiry(client: TestClient, engine: Engine) -> None:
    live = _issue_expiring(engine, utcnow() + dt.timedelta(days=1))
    assert client.get("/api/v1/jobs", headers=live).status_code == 200
    expired_at = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    response = client.get("/api/v1/jobs", headers=_issue_expiring(engine, expired_at))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    detail = response.json()["detail"]
    assert detail["code"] == "auth.expired"
    assert "2026-01-02T03:04" in detail["en"] and "2026-01-02T03:04" in detail["zh"]


def test_last_use_is_recorded_at_most_once_per_resolution(
    client: TestClient, issue: IssueToken, engine: Engine
) -> None:
    headers = issue(Role.SCHEDULER)
    assert _last_used(engine) is None
    before = utcnow()
    assert client.get("/api/v1/jobs", headers=headers).status_code == 200
    first = _last_used(engine)
    assert first is not None and before <= first <= utcnow()
    assert client.get("/api/v1/jobs", headers=headers).status_code == 200
    assert _last_used(engine) == first  # recent enough: no second write
    long_ago = first - LAST_USED_RESOLUTION - dt.timedelta(seconds=1)
    with session_scope(engine) as session:
        session.execute(update(ApiToken).values(last_used_at=long_ago))
    assert client.get("/api/v1/jobs", headers=headers).status_code == 200
    latest = _last_used(engine)
    assert latest is not None and latest >= first


def test_cli_token_expiry_and_list_never_show_a_secret(
    database_url: str,
    engine: Engine,
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", database_url)
    argv = ["token", "create", "--role", "editor", "--name", "cutter", "--expires", "90d"]
    assert run([*argv, "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    expires = dt.datetime.fromisoformat(created["expires_at"])
    assert abs(expires - (utcnow() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    headers = {"Authorization": f"Bearer {created['secret']}"}
    assert client.get("/api/v1/jobs", headers=headers).status_code == 200

    assert run(["token", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert created["secret"] not in listed
    (row,) = json.loads(listed)
    assert set(row) == {
        "id",
        "name",
        "role",
        "created_at",
        "last_used_at",
        "expires_at",
        "state",
    }
    assert (row["name"], row["role"], row["state"]) == ("cutter", "editor", "live")
    assert row["last_used_at"] is not None and row["expires_at"] == created["expires_at"]
    with session_scope(engine) as session:
        stored_hash = session.scalars(select(ApiToken.secret_sha256)).one()
    assert stored_hash not in listed

    assert run(["token", "list"]) == 0  # the table, on stderr
    table = capsys.readouterr().err
    assert "cutter" in table and "last used" in table and created["secret"] not in table

    assert (
        run(["token", "create", "--role", "editor", "--expires", "90 years", "--lang", "en"]) == 2
    )
    assert "90d" in capsys.readouterr().err


def test_admin_revokes_a_token_over_the_api(
    client: TestClient, issue: IssueToken, engine: Engine
) -> None:
    scheduler = issue(Role.SCHEDULER)
    admin = issue(Role.ADMIN)
    assert client.get("/api/v1/tokens", headers=scheduler).status_code == 403
    listed = client.get("/api/v1/tokens", headers=admin).json()
    assert listed["count"] == 2 and "secret" not in json.dumps(listed)
    target = next(t["id"] for t in listed["data"] if t["role"] == "scheduler")
    assert client.delete(f"/api/v1/tokens/{target}", headers=scheduler).status_code == 403
    revoked = client.delete(f"/api/v1/tokens/{target}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/jobs", headers=scheduler).status_code == 401
    again = client.delete(f"/api/v1/tokens/{target}", headers=admin)
    assert again.status_code == 404 and again.json()["code"] == "token.not_found"
    assert client.delete(f"/api/v1/tokens/{10**20}", headers=admin).status_code == 422
    admin_id = next(t["id"] for t in listed["data"] if t["role"] == "admin")
    itself = client.delete(f"/api/v1/tokens/{admin_id}", headers=admin)
    assert itself.status_code == 409 and itself.json()["code"] == "token.self_revoke"
    first = client.get("/api/v1/tokens", headers=admin).json()["data"][0]
    assert first["id"] == target and first["revoked_at"] is not None
