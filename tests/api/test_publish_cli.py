"""`airclass publish PLAN [--static DIR]` end to end, on the test database."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import icalendar
import pytest
from airclass.api.cli import run
from airclass.api.db import versions
from airclass.config.database import session_scope
from lxml import etree
from sqlalchemy import Engine

from tests.api import factories as f

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", database_url)
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AIRCLASS_PUBLIC_BASE_URL", "https://guide.example.org")
    path = tmp_path / "plan.json"
    f.two_lessons().write(path)
    return path


def test_publish_plan_file_with_static_site(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    argv = ["publish", str(cli_env), "--static", str(site), "--today", "2026-11-25", "--json"]
    assert run(argv) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["published"]["added"] == 2
    grade_1 = icalendar.Calendar.from_ical((site / "feeds/grade/1.ics").read_bytes())
    assert len(grade_1.walk("VEVENT")) == 2
    assert (site / "feeds/grade/12.ics").is_file()
    assert (site / f"feeds/channel/{f.PRIMARY}.ics").is_file()
    assert etree.fromstring((site / "xmltv.xml").read_bytes()).tag == "tv"
    guide = (site / "guide/grade-1.html").read_text()
    assert "webcal://guide.example.org/feeds/grade/1.ics" in guide
    plain = (site / "feeds/grade/1.ics").read_bytes()
    assert gzip.decompress((site / "feeds/grade/1.ics.gz").read_bytes()) == plain
    assert "feeds/grade/1.ics" in output["static"]["files"]


def test_static_site_is_replaced_whole(cli_env: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(["publish", str(cli_env), "--static", str(site), "--today", "2026-11-25"]) == 0
    stale = site / "feeds/channel/gone.example.ics"
    stale.write_text("left over from an old publish")
    first = (site / "feeds/grade/1.ics").read_bytes()
    assert run(["publish", str(cli_env), "--static", str(site), "--today", "2026-11-25"]) == 0
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "site" in p.name) == [
        "site",
        "site.releases",
    ]
    assert (site / "feeds/grade/1.ics").read_bytes() == first  # same plan again: nothing moved


def test_publish_a_saved_draft_by_id(cli_env: Path, engine: Engine) -> None:
    with session_scope(engine) as session:
        version_id = versions.save_draft(session, f.two_lessons())
    assert run(["publish", str(version_id)]) == 0
    assert run(["publish", str(version_id)]) == 2  # published versions never change


def test_publish_missing_plan_exits_2(
    cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["publish", str(tmp_path / "nope.json"), "--lang", "en"]) == 2
    assert "nope.json" in capsys.readouterr().err


def test_publish_broken_plan_exits_2(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.write_text('{"week": "not a date"}', encoding="utf-8")
    assert run(["publish", str(cli_env)]) == 2
    assert "plan.json" in capsys.readouterr().err


def test_static_refresh_without_plan_rolls_the_window(cli_env: Path, tmp_path: Path) -> None:
    """The daily cron job: no new version, the same published airings seen from a later day."""
    site = tmp_path / "site"
    assert run(["publish", str(cli_env), "--static", str(site), "--today", "2026-11-25"]) == 0
    assert run(["publish", "--static", str(site), "--today", "2026-12-20"]) == 0
    grade_1 = icalendar.Calendar.from_ical((site / "feeds/grade/1.ics").read_bytes())
    assert grade_1.walk("VEVENT") == []  # the week of 2026-11-23 left the −7…+35 day window
    assert run(["publish", "--static", str(site), "--today", "2026-11-26"]) == 0
    grade_1 = icalendar.Calendar.from_ical((site / "feeds/grade/1.ics").read_bytes())
    assert len(grade_1.walk("VEVENT")) == 2


def test_publish_without_plan_or_static_exits_2(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["publish", "--lang", "en"]) == 2
    assert "--static DIR" in capsys.readouterr().err
