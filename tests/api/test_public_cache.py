"""The in-memory cache of public documents: same answers as the app, without re-rendering."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.api.feeds.bounded import BoundedLru
from airclass.api.public_cache import PublicDocumentCache
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

FEED = "/feeds/grade/1.ics"


def test_second_get_is_served_without_rendering(
    client: TestClient, publish_plan: PublishPlan, engine: Engine
) -> None:
    publish_plan(f.two_lessons())
    first = client.get(FEED)
    assert first.status_code == 200
    with engine.begin() as connection:  # the app could no longer render this feed
        connection.execute(text("DELETE FROM scheduled_airing"))
    again = client.get(FEED)
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]


def test_publishing_invalidates_at_once(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    before = client.get(FEED)
    publish_plan(f.two_lessons(at="10:00"), now=f.PUBLISHED_AT + dt.timedelta(days=1))
    after = client.get(FEED)
    assert after.headers["etag"] != before.headers["etag"]
    assert "SEQUENCE:1" in after.text and "SEQUENCE:1" not in before.text  # the moved lessons


def test_conditional_and_head_requests(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    full = client.get(FEED)
    etag, modified = full.headers["etag"], full.headers["last-modified"]
    by_tag = client.get(FEED, headers={"If-None-Match": etag})
    assert by_tag.status_code == 304 and by_tag.content == b""
    assert by_tag.headers["etag"] == etag and "content-length" not in by_tag.headers
    by_date = client.get(FEED, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    stale_tag = client.get(
        FEED, headers={"If-None-Match": 'W/"old"', "If-Modified-Since": modified}
    )
    assert stale_tag.status_code == 200, "If-None-Match wins over If-Modified-Since"
    head = client.head(FEED)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == full.headers["content-length"]


def test_gzip_and_identity_are_cached_apart(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    plain = client.get(FEED, headers={"Accept-Encoding": "identity"})
    zipped = client.get(FEED, headers={"Accept-Encoding": "gzip"})
    plain_again = client.get(FEED, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # httpx has un-gzipped it
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert plain_again.content == plain.content


def test_errors_pass_through_uncached(client: TestClient, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    for _ in range(2):
        response = client.get("/feeds/grade/13.ics")
        assert response.status_code == 404
        assert response.json()["code"] == "feeds.unknown_grade"


def public_cache(app: FastAPI) -> PublicDocumentCache:
    layer = app.middleware_stack
    while not isinstance(layer, PublicDocumentCache):
        layer = layer.app  # type: ignore[union-attr]
    return layer


def test_query_strings_and_unknown_paths_add_no_entries(
    client: TestClient, app: FastAPI, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    first = client.get(FEED)
    assert first.status_code == 200
    cache = public_cache(app)
    assert len(cache.entries) == 1
    for n in range(50):
        assert client.get(f"{FEED}?n={n}").content == first.content
        assert client.get(f"/feeds/channel/nowhere-{n}.ics").status_code == 404
        assert client.get(f"/feeds/grade/{n + 100}.ics").status_code == 404
    assert len(cache.entries) == 1
    assert cache._in_flight == {}, "no per-key state outlives a request"


def test_memory_bound_holds_entries_and_bytes() -> None:
    lru: BoundedLru[bytes] = BoundedLru(max_entries=3, max_bytes=100)
    for n in range(10):
        lru.put(n, b"x" * 40, size=40)
        assert len(lru) <= 3 and lru.size_bytes <= 100
    assert lru.keys() == [8, 9]
    lru.put("huge", b"x" * 101, size=101)
    assert lru.get("huge") is None and lru.keys() == [8, 9]
