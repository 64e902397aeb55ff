"""`GET /api/v1/schedule`: a week of the published schedule as JSON."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too


def _week(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/v1/schedule", params={"week": "2026-11-25", **params})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_schedule_of_a_week(client: TestClient, publish_plan: PublishPlan) -> None:
    version_id = publish_plan(f.two_lessons())
    body = _week(client)
    assert body["week"] == "2026-11-23"
    assert body["versions"] == [version_id]
    assert body["count"] == 2
    first = body["data"][0]
    assert first["uid"] == "g01-yuwen-001.1@airclass"
    assert dt.datetime.fromisoformat(first["start"]) == dt.datetime(
        2026, 11, 23, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert first["status"] == "confirmed"
    assert {c["id"] for c in body["channels"]} == {f.PRIMARY, f.SENIOR}


def test_schedule_filters_by_grade_and_channel(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    senior = f.airing("g10-shuxue-001.1@airclass", channel=f.SENIOR, grade=10)
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass"), senior]))
    assert [a["uid"] for a in _week(client, grade=10)["data"]] == ["g10-shuxue-001.1@airclass"]
    assert [a["uid"] for a in _week(client, channel=f.PRIMARY)["data"]] == [
        "g01-yuwen-001.1@airclass"
    ]
    assert _week(client, grade=5)["count"] == 0


def test_schedule_of_another_week_is_empty(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    body = _week(client, week="2026-12-01")
    assert (body["week"], body["versions"], body["count"]) == ("2026-11-30", [], 0)


def test_schedule_unknown_grade_or_channel_is_404(client: TestClient) -> None:
    grade = client.get("/api/v1/schedule", params={"week": "2026-11-23", "grade": 0})
    channel = client.get("/api/v1/schedule", params={"week": "2026-11-23", "channel": "x.y"})
    assert grade.status_code == channel.status_code == 404
    assert "x.y" in channel.json()["detail"]["zh"]


def test_schedule_is_cacheable(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    first = client.get("/api/v1/schedule", params={"week": "2026-11-23"})
    again = client.get(
        "/api/v1/schedule",
        params={"week": "2026-11-23"},
        headers={"If-None-Match": first.headers["etag"]},
    )
    assert first.headers["cache-control"].startswith("public")
    assert again.status_code == 304
