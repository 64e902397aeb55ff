"""HTTP behaviour of the public documents: ETag, Last-Modified, 304, caching headers, gzip, HEAD."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from airclass.api.feeds.feed_config import feed_config
from airclass.api.feeds.http_cache import http_date
from airclass.api.main import create_app
from airclass.config.settings import Settings
from fastapi.testclient import TestClient

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

PUBLIC_PATHS = ["/feeds/grade/1.ics", f"/feeds/channel/{f.PRIMARY}.ics", "/xmltv.xml"]


@pytest.fixture
def published(publish_plan: PublishPlan) -> int:
    return publish_plan(f.two_lessons())


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_two_renders_are_byte_identical_with_the_same_etag(
    client: TestClient, published: int, path: str
) -> None:
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    assert first.headers["etag"].startswith('W/"')


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_if_none_match_gives_304_without_body(
    client: TestClient, published: int, path: str
) -> None:
    etag = client.get(path).headers["etag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag
    assert response.headers["cache-control"] == feed_config().cache_control


def test_stale_etag_gets_the_new_body(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    old = client.get("/feeds/grade/1.ics").headers["etag"]
    publish_plan(f.two_lessons(at="10:00"), now=f.PUBLISHED_AT + dt.timedelta(days=1))
    response = client.get("/feeds/grade/1.ics", headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response.headers["etag"] != old
    assert b"SEQUENCE:1" in response.content


def test_if_modified_since_gives_304_until_something_changes(
    client: TestClient, published: int
) -> None:
    first = client.get("/feeds/grade/1.ics")
    last_modified = first.headers["last-modified"]
    assert (
        client.get("/feeds/grade/1.ics", headers={"If-Modified-Since": last_modified}).status_code
        == 304
    )
    earlier = http_date(f.NOW - dt.timedelta(days=2))
    assert (
        client.get("/feeds/grade/1.ics", headers={"If-Modified-Since": earlier}).status_code == 200
    )


def test_if_none_match_wins_over_if_modified_since(client: TestClient, published: int) -> None:
    last_modified = client.get("/feeds/grade/1.ics").headers["last-modified"]
    headers = {"If-None-Match": 'W/"other"', "If-Modified-Since": last_modified}
    assert client.get("/feeds/grade/1.ics", headers=headers).status_code == 200


def test_last_modified_is_start_of_today_or_last_publish(
    client: TestClient, published: int
) -> None:
    response = client.get("/feeds/grade/1.ics")
    start_of_today = dt.datetime.combine(f.NOW.date(), dt.time(0), tzinfo=dt.UTC)
    assert response.headers["last-modified"] == http_date(start_of_today)


def test_cache_control_is_public_with_max_age_and_stale_if_error(
    client: TestClient, published: int
) -> None:
    value = client.get("/feeds/grade/1.ics").headers["cache-control"]
    assert value.startswith("public, ")
    assert "max-age=900" in value and "stale-if-error=86400" in value


def test_gzip_when_the_client_accepts_it(client: TestClient, published: int) -> None:
    plain = client.get("/feeds/grade/1.ics", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/feeds/grade/1.ics", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.content == plain.content  # httpx decodes it
    assert int(zipped.headers["content-length"]) < len(gzip.compress(plain.content)) + 64


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_head_gives_headers_without_body(client: TestClient, published: int, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-type"] == get.headers["content-type"]


def test_reused_rendering_still_drops_an_expired_cancellation(
    app_settings: Settings, publish_plan: PublishPlan
) -> None:
    cancelled_at = f.PUBLISHED_AT + dt.timedelta(days=1)
    publish_plan(f.two_lessons())
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=cancelled_at)
    clock = [cancelled_at + dt.timedelta(days=7, hours=-1)]
    with TestClient(create_app(app_settings, clock=lambda: clock[0])) as client:
        assert b"STATUS:CANCELLED" in client.get("/feeds/grade/1.ics").content
        clock[0] += dt.timedelta(hours=2)  # same day, one hour after the 7 days ran out
        assert b"STATUS:CANCELLED" not in client.get("/feeds/grade/1.ics").content
