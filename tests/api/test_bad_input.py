"""Bad input is a 4xx with the reason, never a 5xx: dates out of range, ids past 64 bits,
NaN and infinities, and file paths that are too long, name a folder or go on below a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.api.db.auth_models import Role
from airclass.api.deps import MAX_ROW_ID
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api import factories as f
from tests.api.conftest import PublishPlan
from tests.api.staff_tokens import token_issuer


@pytest.fixture
def admin(engine: Engine) -> dict[str, str]:
    return token_issuer(engine)(Role.ADMIN)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/schedule?week=9999-12-31",
        "/api/v1/schedule?week=0001-01-01",
        "/guide?week=9999-12-31&grade=1",
        "/guide?week=9999-12-31",
    ],
)
def test_public_dates_out_of_range_are_422(
    client: TestClient, publish_plan: PublishPlan, url: str
) -> None:
    publish_plan(f.two_lessons())
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert "2999-12-31" in response.text or "2000-01-01" in response.text


def test_planning_a_week_out_of_range_is_422_not_a_failed_job(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/plans", json={"config": "demo", "week": "9999-12-31"}, headers=admin
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "week"]


@pytest.mark.parametrize("limit", ["NaN", "Infinity", "-Infinity"])
def test_time_limit_nan_and_infinities_are_422(
    client: TestClient, admin: dict[str, str], limit: str
) -> None:
    body = f'{{"config": "demo", "week": "2026-11-23", "time_limit_seconds": {limit}}}'
    headers = {**admin, "Content-Type": "application/json"}
    response = client.post("/api/v1/plans", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "time_limit_seconds"]


@pytest.mark.parametrize("huge", [10**20, 2**63, 2**31])
def test_ids_past_the_column_range_are_422(
    client: TestClient, admin: dict[str, str], huge: int
) -> None:
    published = client.post(f"/api/v1/versions/{huge}/publish", headers=admin)
    assert published.status_code == 422, published.text
    replanned = client.post("/api/v1/replans", json={"version_id": huge}, headers=admin)
    assert replanned.status_code == 422, replanned.text


def test_largest_id_is_an_ordinary_404(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(f"/api/v1/versions/{MAX_ROW_ID}/publish", headers=admin)
    assert response.status_code == 404, response.text


def test_huge_grade_is_404_not_500(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    for url in ("/feeds/grade/100000000000000000000.ics", "/guide?grade=100000000000000000000"):
        assert client.get(url).status_code == 404
    assert (
        client.get("/api/v1/schedule?week=2026-11-23&grade=10000000000000000000").status_code == 404
    )


def media_root(client: TestClient) -> Path:
    root: Path = client.app.state.settings.media_root  # type: ignore[attr-defined]
    root.mkdir(parents=True, exist_ok=True)
    return root


def test_upload_onto_a_folder_is_400(client: TestClient, admin: dict[str, str]) -> None:
    (media_root(client) / "g01").mkdir()
    response = client.put("/api/v1/media/files/g01", content=b"x", headers=admin)
    assert response.status_code == 400, response.text
    assert "is a folder" in response.json()["detail"]["en"]


def test_upload_below_a_file_is_400(client: TestClient, admin: dict[str, str]) -> None:
    (media_root(client) / "lesson.mp4").write_bytes(b"x")
    response = client.put("/api/v1/media/files/lesson.mp4/inner.mp4", content=b"x", headers=admin)
    assert response.status_code == 400, response.text
    assert "below the file 'lesson.mp4'" in response.json()["detail"]["en"]


@pytest.mark.parametrize("length", [240, 255, 300])
def test_upload_with_a_long_name_is_400(
    client: TestClient, admin: dict[str, str], length: int
) -> None:
    response = client.put(f"/api/v1/media/files/{'a' * length}.mp4", content=b"x", headers=admin)
    assert response.status_code == 400, response.text
    assert "longer than 200 bytes" in response.json()["detail"]["en"]
    assert (
        client.put(f"/api/v1/media/files/{'a' * 190}.mp4", content=b"x", headers=admin).status_code
        == 201
    )


@pytest.mark.parametrize("route", ["register", "validations"])
@pytest.mark.parametrize("name", ["n" * 1000, "语" * 300, "a/" * 499 + "b"])
def test_register_and_validate_long_names_are_400(
    client: TestClient, admin: dict[str, str], route: str, name: str
) -> None:
    body = {"path": name} if route == "register" else {"paths": [name]}
    response = client.post(f"/api/v1/media/{route}", json=body, headers=admin)
    assert response.status_code in (400, 404), response.text
    if response.status_code == 400:
        assert "longer than" in response.json()["detail"]["en"]


def test_register_a_folder_or_below_a_file_is_400(
    client: TestClient, admin: dict[str, str]
) -> None:
    root = media_root(client)
    (root / "g02").mkdir()
    (root / "a.mp4").write_bytes(b"x")
    for path, reason in (("g02", "is a folder"), ("a.mp4/b.mp4", "below the file")):
        response = client.post("/api/v1/media/register", json={"path": path}, headers=admin)
        assert response.status_code == 400, response.text
        assert reason in response.json()["detail"]["en"]


@pytest.mark.parametrize(
    "window", ["cetv4.airclass@2026-13-40T09:00-10:00", "cetv4.airclass@2026-11-23T25:00-26:00"]
)
def test_preemption_with_no_such_day_or_time_is_400(
    client: TestClient, admin: dict[str, str], window: str
) -> None:
    response = client.post(
        "/api/v1/replans", json={"version_id": 1, "preempt": [window]}, headers=admin
    )
    assert response.status_code == 400, response.text
    assert window in response.json()["detail"]["en"]
