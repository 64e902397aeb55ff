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

WEEK = dt.date(2026, 11, 30)
# Grade 3 is primary: lectures must last 15–20 minutes (L3), so these are real-length files.
LECTURES = {"t-001": 905.0, "t-002": 960.0, "t-003": 1010.0}


DEMO_REVIEWS = """
policy = "C5"
source = "000 §四(五), 002 §二(二)4"

[reviewers]
political = "周老师"
scientific = "陈老师"
technical = "王工"

[[held]]
asset = "t-002"
level = "technical"
decision = "pending"
"""


FAR_DAY = dt.date(2028, 3, 1)
"""A Wednesday long after the demo term (autumn 2026) ends. Every run here names its day
(`--today`, `--week`, the app's clock), so the test reads no "now" and is not marked `dates`:
rerunning its minute under faked clocks would test nothing more."""


def _demo(config: Path, capsys: pytest.CaptureFixture[str], *when: str) -> dict[str, object]:
    argv = ["demo", "--config", str(config), *when, "--time-limit", "10", "--json"]
    assert run(argv) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_demo_plans_exports_publishes_and_reuses_its_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config"
    write_tiny_config(config, LECTURES, domain_minimums=False, slate=True)
    (config / "demo-reviews.toml").write_text(DEMO_REVIEWS, encoding="utf-8")
    home = tmp_path / "home"
    monkeypatch.setenv("AIRCLASS_HOME", str(home))
    monkeypatch.delenv("AIRCLASS_DATABASE_URL", raising=False)

    # Run on a day far outside the config's term (injected clock): the term moves, the week fills.
    first = _demo(config, capsys, "--today", FAR_DAY.isoformat())
    assert first["week"] == "2028-03-06"  # the Monday after FAR_DAY
    assert (first["media_built"], first["validated"], first["schedulable_lessons"]) == (4, 3 + 1, 2)
    # Three people sign each lesson, one level each; t-002 waits for its technical review (C5).
    assert first["review_signoffs"] == 3 + 2 + 3
    assert run(["review", "status", "--config", str(config), "--json", "--lang", "en"]) == 0
    status = {row["asset"]: row for row in json.loads(capsys.readouterr().out)}
    assert status["t-002"]["hold"]["message"] == "review pending at level technical"
    assert status["t-001"]["levels"] == dict.fromkeys(
        ("political", "scientific", "technical"), "approved"
    )
    # The week's sources were all judged: lesson 1 is cleared; the slate was validated too.
    exports = Path(str(first["plan"])).parent
    assert run(["playout", "check", str(exports), "--config", str(config), "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["ok"] and not checked["problems"], checked
    plan = Plan.read(Path(str(first["plan"])))
    # C7: nothing after a held lesson airs, so only lesson 1 of the course airs.
    assert {a.lesson_id for a in plan.airings if not a.is_repeat} == {"g03-test-001"}
    assert {a.date for a in plan.airings} <= {FAR_DAY + dt.timedelta(d) for d in range(5, 10)}
    assert (exports / "xmltv.xml").is_file()
    assert list((exports / "ffconcat" / "tiny.airclass").glob("*.ffconcat"))

    second = _demo(config, capsys, "--week", WEEK.isoformat())  # in the term: its own dates
    assert (second["media_built"], second["validated"], second["review_signoffs"]) == (0, 0, 0)
    assert second["published_version"] == int(str(first["published_version"])) + 1
    plan = Plan.read(Path(str(second["plan"])))
    assert {a.lesson_id for a in plan.airings if not a.is_repeat} == {"g03-test-001"}

    settings = Settings(home=home)
    assert settings.database_url.startswith("sqlite")
    with TestClient(create_app(settings, clock=clock_on(WEEK))) as client:
        week = client.get("/api/v1/schedule", params={"week": WEEK.isoformat(), "grade": 3})
        assert week.status_code == 200
        assert week.json()["count"] == len(plan.airings)
        feed = client.get("/feeds/grade/3.ics")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) == len(plan.airings)
