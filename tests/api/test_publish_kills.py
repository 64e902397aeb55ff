"""Fault suite (issue 12 §9): `airclass publish PLAN --static DIR` killed with SIGKILL at random
points. Afterwards the database is consistent, the live site is a whole release, and the next
`airclass publish --static DIR` brings its marker to the database's current publication.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from airclass.api.db import versions
from airclass.api.db.models import ScheduledAiring, ScheduleVersion, VersionState
from airclass.api.static_site import releases_of, shown_publication
from airclass.config.database import session_scope
from sqlalchemy import Engine, func, select

from tests.api import factories as f
from tests.api.cli_process import start_cli
from tests.api.test_static_site import assert_whole_release

KILLS = 6
TODAY = ["--today", "2026-11-25"]


def _assert_database_consistent(engine: Engine) -> int:
    """Publications are 1…n without gaps, each published version has one and its airings,
    drafts have none; returns n."""
    with session_scope(engine) as session:
        rows = session.execute(
            select(ScheduleVersion.state, ScheduleVersion.publication, ScheduleVersion.id)
        ).all()
        published = sorted(n for state, n, _ in rows if state is VersionState.PUBLISHED)
        assert published == list(range(1, len(published) + 1))
        assert all(n is None for state, n, _ in rows if state is VersionState.DRAFT)
        assert versions.current_publication(session) == len(published)
        for state, _, version_id in rows:
            count = select(func.count()).where(ScheduledAiring.version_id == version_id)
            assert session.scalar(count) >= 1 or state is VersionState.DRAFT
    return len(published)


def _outcome(engine: Engine, folder: Path, before: int) -> str:
    """Where the kill landed, as seen from outside."""
    with session_scope(engine) as session:
        current = versions.current_publication(session)
    if current == before:
        return "before the commit"
    return "after the swap" if shown_publication(folder) == current else "after the commit"


def test_publish_killed_at_random_points(
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", database_url)
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path / "home"))
    folder = tmp_path / "site"
    plan = tmp_path / "plan.json"
    f.two_lessons().write(plan)
    engine.dispose()  # children must not inherit pooled connections
    started = time.monotonic()
    whole_run = start_cli(["publish", str(plan), "--static", str(folder), *TODAY])
    whole_run.join(timeout=120)
    duration = time.monotonic() - started
    assert whole_run.exitcode == 0 and assert_whole_release(folder) == 1

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    survived = 0
    for kill in range(KILLS):
        # Each run publishes a new version: lesson 1 moves by ten minutes more.
        f.two_lessons(at=f"{9 + kill // 6:02d}:{10 * (kill % 6):02d}").write(plan)
        before = _assert_database_consistent(engine)
        victim = start_cli(["publish", str(plan), "--static", str(folder), *TODAY])
        time.sleep(rng.uniform(0, duration))
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=30)
        engine.dispose()
        outcomes[_outcome(engine, folder, before)] += 1

        current = _assert_database_consistent(engine)
        assert current in (before, before + 1), f"seed {seed}, kill {kill}"
        assert assert_whole_release(folder) in (before, current)
        catch_up = start_cli(["publish", "--static", str(folder), *TODAY])
        catch_up.join(timeout=120)
        assert catch_up.exitcode == 0, f"seed {seed}, kill {kill}"
        assert assert_whole_release(folder) == current
        assert not [p for p in releases_of(folder).iterdir() if p.name.endswith(".partial")]
        survived += 1
    with capsys.disabled():
        print(f"\nkills survived {survived} of {KILLS} (seed {seed}): {dict(outcomes)}")
    assert survived == KILLS
