"""Fault suite (issue 12 §2, §9): publishes racing over real HTTP, on SQLite and PostgreSQL.

Ten threads release their requests at once against the real app under uvicorn. Publishing must
happen exactly once per draft (the others get 409, never 500), and SEQUENCE and "the current
version" must follow the order the publishes committed in (RFC 5545 §3.8.7.4: calendars ignore
an update whose SEQUENCE does not rise).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import icalendar
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.api.db.models import AiringStatus, ScheduledAiring, ScheduleVersion, VersionState
from airclass.config.database import session_scope
from fastapi import FastAPI
from sqlalchemy import Engine, select

from tests.api import factories as f
from tests.api.conftest import PublishPlan
from tests.api.http_server import serving
from tests.api.staff_tokens import token_issuer

RACERS = 10
FIRST, SECOND = "g01-yuwen-001.1@airclass", "g01-yuwen-002.1@airclass"


def _draft_moving_first_lesson(engine: Engine, minutes_later: int) -> int:
    """A draft that moves lesson 1 on Monday and drops lesson 2."""
    hours, minutes = divmod(8 * 60 + 30 + minutes_later, 60)
    plan = f.plan([f.airing(FIRST, at=f"{hours:02d}:{minutes:02d}")])
    with session_scope(engine) as session:
        return versions.save_draft(session, plan)


def _race(base: str, headers: dict[str, str], version_ids: list[int]) -> list[httpx.Response]:
    """POST every publish at the same instant, one thread each."""
    start = threading.Barrier(len(version_ids))

    def publish(version_id: int) -> httpx.Response:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            start.wait()
            return client.post(f"/api/v1/versions/{version_id}/publish")

    with ThreadPoolExecutor(len(version_ids)) as pool:
        return list(pool.map(publish, version_ids))


def _airings(engine: Engine, version_id: int) -> dict[str, ScheduledAiring]:
    with session_scope(engine) as session:
        query = select(ScheduledAiring).where(ScheduledAiring.version_id == version_id)
        return {row.uid: row for row in session.scalars(query)}


def test_ten_publishes_of_one_draft_publish_it_once(
    app: FastAPI, engine: Engine, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    draft = _draft_moving_first_lesson(engine, 60)
    headers = token_issuer(engine)(Role.SCHEDULER)
    with serving(app) as base:
        responses = _race(base, headers, [draft] * RACERS)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * (RACERS - 1), [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"versions.published"}
    with session_scope(engine) as session:
        assert versions.current_publication(session) == 2  # the base, then this draft once
        version = session.get(ScheduleVersion, draft)
        assert version is not None and version.state is VersionState.PUBLISHED
        assert version.publication == 2
    rows = _airings(engine, draft)
    assert set(rows) == {FIRST, SECOND}  # no duplicate cancelled copy
    assert (rows[FIRST].sequence, rows[FIRST].status) == (1, AiringStatus.CONFIRMED)
    assert (rows[SECOND].sequence, rows[SECOND].status) == (1, AiringStatus.CANCELLED)


def test_ten_drafts_at_once_follow_commit_order(
    app: FastAPI, engine: Engine, publish_plan: PublishPlan
) -> None:
    base_version = publish_plan(f.two_lessons())
    drafts = [_draft_moving_first_lesson(engine, 10 * (i + 1)) for i in range(RACERS)]
    headers = token_issuer(engine)(Role.SCHEDULER)
    with serving(app) as base:
        responses = _race(base, headers, drafts)
        assert [r.status_code for r in responses] == [200] * RACERS, [r.text for r in responses]
        feed = httpx.get(f"{base}/feeds/grade/1.ics", timeout=30)
    with session_scope(engine) as session:
        numbers = dict(
            session.execute(
                select(ScheduleVersion.id, ScheduleVersion.publication).where(
                    ScheduleVersion.id.in_(drafts)
                )
            ).all()
        )
        current = versions.previous_published(session, f.WEEK)
        assert current is not None
        current_id = current.id
    assert sorted(numbers.values()) == list(range(2, RACERS + 2))
    assert current_id == max(numbers, key=numbers.__getitem__)  # the last to commit is current
    for version_id, number in numbers.items():
        rows = _airings(engine, version_id)
        # Each publish moved lesson 1 again, so its SEQUENCE counts the publishes before it.
        assert rows[FIRST].sequence == number - 1, (version_id, number)
        assert (rows[SECOND].sequence, rows[SECOND].status) == (1, AiringStatus.CANCELLED)
    assert _airings(engine, base_version)[FIRST].sequence == 0

    assert feed.status_code == 200
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")}
    assert int(events[FIRST]["SEQUENCE"]) == RACERS
    shown = events[FIRST].decoded("DTSTART")
    assert shown == _airings(engine, current_id)[FIRST].starts_at
