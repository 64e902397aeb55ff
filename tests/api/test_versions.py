"""Schedule versions: drafts, publishing, SEQUENCE, cancellations, immutability."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.api.db import versions
from airclass.api.db.models import AiringStatus, ScheduledAiring, ScheduleVersion, VersionState
from airclass.api.db.published import DayWindow, Selection, select_airings
from airclass.api.errors import VersionNotFoundError, VersionPublishedError
from airclass.config.database import session_scope
from sqlalchemy import Engine, select

from tests.api import factories as f
from tests.api.conftest import PublishPlan

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

LATER = f.PUBLISHED_AT + dt.timedelta(days=1)


def _airings(engine: Engine, version_id: int) -> dict[str, ScheduledAiring]:
    with session_scope(engine) as session:
        rows = session.scalars(
            select(ScheduledAiring).where(ScheduledAiring.version_id == version_id)
        )
        return {row.uid: row for row in rows}


def test_save_draft_then_load_plan_returns_the_same_plan(engine: Engine) -> None:
    plan = f.two_lessons()
    with session_scope(engine) as session:
        version_id = versions.save_draft(session, plan)
    with session_scope(engine) as session:
        assert versions.load_plan(session, version_id) == plan
        version = session.get(ScheduleVersion, version_id)
        assert version is not None and version.state is VersionState.DRAFT
        names = {c["id"]: c["name"] for c in version.channels}
    assert names[f.PRIMARY] == "演示省教育电视台·小学低年级"


def test_save_draft_stores_utc_start_from_local_frames(engine: Engine) -> None:
    with session_scope(engine) as session:
        version_id = versions.save_draft(session, f.two_lessons())
    first = _airings(engine, version_id)["g01-yuwen-001.1@airclass"]
    assert first.starts_at == dt.datetime(2026, 11, 23, 0, 30, tzinfo=dt.UTC)  # 08:30 in Shanghai
    assert first.ends_at - first.starts_at == dt.timedelta(minutes=20, seconds=-3)


def test_load_plan_unknown_version_is_not_found(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(VersionNotFoundError) as caught:
        versions.load_plan(session, 999)
    assert "999" in caught.value.message("en") and "999" in caught.value.message("zh")


def test_publish_first_version_gives_sequence_zero(
    engine: Engine, publish_plan: PublishPlan
) -> None:
    version_id = publish_plan(f.two_lessons())
    rows = _airings(engine, version_id)
    assert {r.sequence for r in rows.values()} == {0}
    assert {r.updated_at for r in rows.values()} == {f.PUBLISHED_AT}


def test_publish_twice_is_refused(engine: Engine, publish_plan: PublishPlan) -> None:
    version_id = publish_plan(f.two_lessons())
    with session_scope(engine) as session, pytest.raises(VersionPublishedError):
        versions.publish(session, version_id)


def test_published_version_never_changes(engine: Engine, publish_plan: PublishPlan) -> None:
    version_id = publish_plan(f.two_lessons())
    with pytest.raises(VersionPublishedError), session_scope(engine) as session:
        row = session.scalars(
            select(ScheduledAiring).where(ScheduledAiring.version_id == version_id)
        ).first()
        assert row is not None
        row.title = "改过的标题"
    with pytest.raises(VersionPublishedError), session_scope(engine) as session:
        version = session.get(ScheduleVersion, version_id)
        assert version is not None
        session.delete(version)
    with pytest.raises(VersionPublishedError), session_scope(engine) as session:
        version = session.get(ScheduleVersion, version_id)
        assert version is not None
        version.airings.append(
            versions._row(
                f.airing("g01-yuwen-009.1@airclass"),
                versions.ChannelSnapshot.model_validate(version.channels[0]),
                LATER,
            )
        )
    assert _airings(engine, version_id)["g01-yuwen-001.1@airclass"].title == "识字1 春夏秋冬"
    assert len(_airings(engine, version_id)) == 2


def test_draft_can_still_change(engine: Engine) -> None:
    with session_scope(engine) as session:
        version_id = versions.save_draft(session, f.two_lessons())
    with session_scope(engine) as session:
        row = session.scalars(
            select(ScheduledAiring).where(ScheduledAiring.version_id == version_id)
        ).first()
        assert row is not None
        row.title = "改过的标题"
    assert "改过的标题" in {r.title for r in _airings(engine, version_id).values()}


def test_moving_an_airing_raises_its_sequence(engine: Engine, publish_plan: PublishPlan) -> None:
    first = publish_plan(f.two_lessons())
    second = publish_plan(f.two_lessons(at="09:30"), now=LATER)
    before, after = _airings(engine, first), _airings(engine, second)
    moved, kept = "g01-yuwen-001.1@airclass", "g01-yuwen-002.1@airclass"
    assert after[moved].sequence == before[moved].sequence + 1
    assert after[moved].updated_at == LATER
    assert after[kept].sequence == before[kept].sequence
    assert after[kept].updated_at == f.PUBLISHED_AT


def test_changed_title_keeps_sequence_but_updates_time(
    engine: Engine, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    second = publish_plan(f.two_lessons(title="识字1 春夏秋冬（修订）"), now=LATER)
    row = _airings(engine, second)["g01-yuwen-001.1@airclass"]
    assert (row.sequence, row.updated_at) == (0, LATER)


def test_dropped_airing_is_kept_as_cancelled(engine: Engine, publish_plan: PublishPlan) -> None:
    publish_plan(f.two_lessons())
    second = publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=LATER)
    dropped = _airings(engine, second)["g01-yuwen-002.1@airclass"]
    assert dropped.status is AiringStatus.CANCELLED
    assert (dropped.sequence, dropped.updated_at) == (1, LATER)


def _visible(engine: Engine, now: dt.datetime) -> dict[str, AiringStatus]:
    window = DayWindow.around(now.date(), past_days=7, future_days=35)
    with session_scope(engine) as session:
        return {a.uid: a.status for a in select_airings(session, Selection(window, now, 7))}


def test_cancelled_airing_stays_in_feeds_for_seven_days(
    engine: Engine, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=LATER)
    uid = "g01-yuwen-002.1@airclass"
    assert _visible(engine, LATER + dt.timedelta(days=6, hours=23))[uid] is AiringStatus.CANCELLED
    assert uid not in _visible(engine, LATER + dt.timedelta(days=7, hours=1))


def test_cancellation_carries_into_the_next_version(
    engine: Engine, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=LATER)
    third = publish_plan(
        f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=LATER + dt.timedelta(days=1)
    )
    carried = _airings(engine, third)["g01-yuwen-002.1@airclass"]
    assert (carried.status, carried.sequence, carried.updated_at) == (
        AiringStatus.CANCELLED,
        1,
        LATER,
    )


def test_restored_airing_is_confirmed_with_a_higher_sequence(
    engine: Engine, publish_plan: PublishPlan
) -> None:
    publish_plan(f.two_lessons())
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass")]), now=LATER)
    third = publish_plan(f.two_lessons(), now=LATER + dt.timedelta(days=1))
    restored = _airings(engine, third)["g01-yuwen-002.1@airclass"]
    assert (restored.status, restored.sequence) == (AiringStatus.CONFIRMED, 2)
