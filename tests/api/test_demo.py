"""`airclass demo --config DIR` end to end on the embedded default (SQLite under AIRCLASS_HOME):
media built, validated with the real ffmpeg, reviewed, planned by CP-SAT, exported, published,
and served. A second run reuses the media and the catalogue and publishes a new version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from airclass.api.cli import run
from airclass.api.main import clock_on, create_app
from airclass.config.settings import Settings
from airclass.solver.plan import Plan
from fastapi.testclient import TestClient

from tests.utils.tiny_catalogue_world import write_tiny_config

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

WEEK = dt.date(2026, 11, 30)
# Grade 3 is primary: lectures must last 15–20 minutes (L3), so these are real-length files.
LECTURES = {"t-001": 905.0, "t-002": 960.0, "t-003": 1010.0}


FAR_DAY = dt.date(2028, 3, 1)
"""A Wednesday long after the demo term (autumn 2026) ends."""


def _demo(config: Path, capsys: pytest.CaptureFixture[str], *when: str) -> dict[str, object]:
    argv = ["demo", "--config", str(config), *when, "--time-limit", "10", "--json"]
    assert run(argv) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _new_lessons(result: dict[str, object]) -> tuple[Plan, set[str]]:
    plan = Plan.read(Path(str(result["plan"])))
    return plan, {a.lesson_id for a in plan.airings if not a.is_repeat}


def test_demo_plans_exports_publishes_and_reuses_its_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    write_tiny_config(config, LECTURES, review="approved", domain_minimums=False, slate=True)
    home = tmp_path / "home"
    monkeypatch.setenv("AIRCLASS_HOME", str(home))
    monkeypatch.delenv("AIRCLASS_DATABASE_URL", raising=False)

    lessons = {"g03-test-001", "g03-test-002", "g03-test-003"}
    # Run on a day far outside the config's term (injected clock): the term moves, the week fills.
    first = _demo(config, capsys, "--today", FAR_DAY.isoformat())
    assert (first["media_built"], first["validated"], first["schedulable_lessons"]) == (4, 3, 3)
    assert first["review_signoffs"] == 3 * 3  # every lesson approved at all three levels (C5)
    assert first["week"] == "2028-03-06"  # the Monday after FAR_DAY
    far_plan, far_lessons = _new_lessons(first)
    assert far_lessons == lessons
    assert {a.date for a in far_plan.airings} <= {
        dt.date(2028, 3, 6) + dt.timedelta(d) for d in range(5)
    }
    exports = Path(str(first["plan"])).parent
    assert (exports / "xmltv.xml").is_file()
    assert list((exports / "ffconcat" / "tiny.airclass").glob("*.ffconcat"))

    second = _demo(config, capsys, "--week", WEEK.isoformat())
    assert (second["media_built"], second["validated"], second["review_signoffs"]) == (0, 0, 0)
    assert second["published_version"] == int(str(first["published_version"])) + 1
    plan, new_lessons = _new_lessons(second)
    assert new_lessons == lessons  # a week inside the term keeps the config's dates

    settings = Settings(home=home)
    assert settings.database_url.startswith("sqlite")
    with TestClient(create_app(settings, clock=clock_on(WEEK))) as client:
        week = client.get("/api/v1/schedule", params={"week": WEEK.isoformat(), "grade": 3})
        assert week.status_code == 200
        assert week.json()["count"] == len(plan.airings)
        feed = client.get("/feeds/grade/3.ics")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == len(plan.airings)
