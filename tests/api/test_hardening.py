"""Public pages: HEAD on every GET route, ETag and 304 on /guide, security headers on HTML,
no cookies, "this week" on the channels' clock, credentials bounded before they are hashed."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.api.hardening import MAX_AUTHORIZATION_BYTES
from airclass.api.main import create_app, fixed_clock
from airclass.config.settings import Settings
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api import factories as f
from tests.api.conftest import PublishPlan

PUBLIC = [
    "/guide",
    "/guide?grade=1",
    "/api/v1/schedule?week=2026-11-23",
    "/feeds/grade/1.ics",
    "/xmltv.xml",
]


def get_paths(app: FastAPI) -> list[str]:
    """Every GET route without path parameters (those with them are covered by PUBLIC)."""
    paths = app.openapi()["paths"]
    return ["/docs", "/openapi.json"] + [p for p in paths if "get" in paths[p] and "{" not in p]


def test_head_answers_on_every_get_route(
    client: TestClient, app: FastAPI, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    paths = get_paths(app) + PUBLIC
    assert "/guide" in paths and "/api/v1/jobs" in paths
    for path in paths:
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code, path
        assert head.status_code != 405 and head.content == b"", path
        if got.status_code == 200:
            assert head.headers.get("content-type") == got.headers.get("content-type"), path


def test_guide_has_etag_and_answers_304(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    first = client.get("/guide?grade=1")
    etag = first.headers["etag"]
    again = client.get("/guide?grade=1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/guide?grade=1&lang=en", headers={"If-None-Match": etag})
    assert other.status_code == 200, "another page is another document"


def test_html_carries_csp_nosniff_and_referrer_policy(
    client: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    page = client.get("/guide?grade=1")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert 'onclick="window.print()"' in page.text, "the one inline handler the policy allows"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    feed = client.get("/feeds/grade/1.ics")
    assert feed.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in feed.headers


def test_console_policy_lets_its_own_forms_scripts_and_media_work(client: TestClient) -> None:
    guide = client.get("/guide").headers["content-security-policy"]
    assert "form-action 'none'" in guide and "script-src 'self'" not in guide
    login = client.get("/console/login").headers["content-security-policy"]
    for directive in ("form-action 'self'", "script-src 'self'", "media-src 'self'"):
        assert directive in login
    assert "frame-ancestors 'none'" in login and "'unsafe-eval'" not in login


def test_public_side_sets_no_cookie(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    for path in PUBLIC + ["/feeds/grade/13.ics", "/guide?grade=13"]:
        response = client.get(path)
        assert "set-cookie" not in response.headers, path
    assert not client.cookies


def test_oversized_authorization_is_refused_before_lookup(client: TestClient) -> None:
    header = {"Authorization": "Bearer " + "x" * MAX_AUTHORIZATION_BYTES}
    response = client.get("/api/v1/jobs", headers=header)
    assert response.status_code == 431
    assert response.json()["code"] == "auth.header_too_large"
    assert client.get("/api/v1/jobs", headers={"Authorization": "Bearer short"}).status_code == 401


@pytest.fixture
def monday_1am_in_beijing(app_settings: Settings) -> TestClient:
    """The service on Sunday 17:00 UTC of the week before the test week: Monday 01:00 in China."""
    sunday_utc = dt.datetime.combine(f.WEEK, dt.time(1, 0), tzinfo=dt.UTC) - dt.timedelta(hours=8)
    assert sunday_utc.weekday() == 6
    with TestClient(create_app(app_settings, clock=fixed_clock(sunday_utc))) as client:
        yield client


def test_this_week_follows_the_channels_clock(
    monday_1am_in_beijing: TestClient, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    schedule = monday_1am_in_beijing.get("/api/v1/schedule").json()
    assert schedule["week"] == f.WEEK.isoformat()
    assert schedule["count"] == 2
    page = monday_1am_in_beijing.get("/guide?grade=1")
    assert f.WEEK.isoformat() in page.text and "识字2 姓氏歌" in page.text
