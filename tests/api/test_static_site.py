"""The static site (issue 12 §3): releases behind an atomically swapped symlink, a lock per
folder, a marker naming the publication shown, pruning, and the channels' week."""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import json
import threading
import time
from pathlib import Path

import icalendar
import pytest
from airclass.api.cli import run
from airclass.api.feeds.feed_config import feed_config
from airclass.api.static_site import (
    KEEP_PREVIOUS,
    MARKER,
    StaticSite,
    publish_static,
    releases_of,
    shown_publication,
)
from airclass.config.database import session_scope
from sqlalchemy import Engine

from tests.api import factories as f
from tests.api.cli_process import start_cli
from tests.api.conftest import PublishPlan

BASE_URL = "https://guide.example.org"


def _publish_static(engine: Engine, folder: Path, now: dt.datetime = f.NOW) -> StaticSite:
    with session_scope(engine) as session:
        return publish_static(session, folder, now=now, config=feed_config(), base_url=BASE_URL)


def assert_whole_release(folder: Path) -> int:
    """`folder` is a link to a finished release whose files all parse; return its publication."""
    assert folder.is_symlink() and folder.resolve().parent == releases_of(folder)
    assert not folder.resolve().name.endswith(".partial")
    marker = json.loads((folder / MARKER).read_bytes())
    documents = [
        p for p in folder.rglob("*") if p.is_file() and p.suffix != ".gz" and p.name != MARKER
    ]
    assert len(documents) == marker["files"] > 12  # 12 grade feeds, channels, XMLTV, guide
    for path in documents:
        body = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == body
        if path.suffix == ".ics":
            assert icalendar.Calendar.from_ical(body).get("VERSION") == "2.0"
    return int(marker["publication"])


def test_site_is_a_link_to_a_marked_release(
    engine: Engine, publish_plan: PublishPlan, tmp_path: Path
) -> None:
    publish_plan(f.two_lessons())
    folder = tmp_path / "site"
    published = _publish_static(engine, folder)
    assert published.publication == 1
    assert assert_whole_release(folder) == 1
    assert folder.readlink() == Path("site.releases") / published.release.name  # relative


def test_live_path_never_disappears_and_old_releases_are_pruned(
    engine: Engine, publish_plan: PublishPlan, tmp_path: Path
) -> None:
    publish_plan(f.two_lessons())
    folder = tmp_path / "site"
    _publish_static(engine, folder)
    misses: list[str] = []
    reads = 0
    stop = threading.Event()

    def read_continuously() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                (folder / "feeds/grade/1.ics").read_bytes()
                reads += 1
            except OSError as exc:
                misses.append(repr(exc))

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        for _ in range(KEEP_PREVIOUS + 1):
            _publish_static(engine, folder)
    finally:
        stop.set()
        reader.join()
    assert reads > 0 and misses == []
    kept = sorted(p.name for p in releases_of(folder).iterdir() if p.is_dir())
    assert len(kept) == 1 + KEEP_PREVIOUS
    assert folder.resolve().name == kept[-1]
    assert not list(tmp_path.glob(".site.link"))


def test_plain_folder_of_an_older_airclass_becomes_a_release(
    engine: Engine, publish_plan: PublishPlan, tmp_path: Path
) -> None:
    publish_plan(f.two_lessons())
    folder = tmp_path / "site"
    (folder / "feeds").mkdir(parents=True)
    (folder / "feeds/old.ics").write_text("from before releases")
    _publish_static(engine, folder)
    assert assert_whole_release(folder) == 1
    assert not (folder / "feeds/old.ics").exists()
    assert (releases_of(folder) / "r000000-legacy/feeds/old.ics").is_file()  # pruned later


def test_guide_shows_the_channels_week_not_the_utc_week(
    engine: Engine, publish_plan: PublishPlan, tmp_path: Path
) -> None:
    """Monday 00:30 in Shanghai is Sunday 16:30 UTC: the guide must show the new week."""
    next_week = f.WEEK + dt.timedelta(days=7)
    publish_plan(f.plan([f.airing("g01-yuwen-001.1@airclass", title="上周的课")]))
    lesson = f.airing("g01-yuwen-002.1@airclass", title="本周的课", week=next_week)
    publish_plan(f.plan([lesson], week=next_week))
    monday_early = dt.datetime(2026, 11, 29, 16, 30, tzinfo=dt.UTC)
    _publish_static(engine, tmp_path / "site", now=monday_early)
    page = (tmp_path / "site/guide/grade-1.html").read_text(encoding="utf-8")
    assert "本周的课" in page and "上周的课" not in page


def test_doctor_reports_a_stale_site_until_the_next_static_publish(
    engine: Engine,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", database_url)
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AIRCLASS_STATIC_DIR", str(tmp_path / "site"))
    plan = tmp_path / "plan.json"
    f.two_lessons().write(plan)
    site = str(tmp_path / "site")
    assert run(["publish", str(plan), "--static", site, "--today", "2026-11-25"]) == 0
    assert run(["doctor", "--json", "--lang", "en"]) == 0
    assert json.loads(capsys.readouterr().out)["static site"]["version"].startswith("current")
    f.two_lessons(at="09:00").write(plan)
    assert run(["publish", str(plan)]) == 0  # published, but the site was not re-rendered
    assert run(["doctor", "--json", "--lang", "en"]) == 1
    line = json.loads(capsys.readouterr().out)["static site"]["version"]
    assert "stale" in line and "publication 1" in line and "at 2" in line
    assert run(["publish", "--static", site, "--today", "2026-11-25"]) == 0
    assert run(["doctor", "--static", site, "--json"]) == 0
    assert shown_publication(tmp_path / "site") == 2


def test_a_second_static_publish_waits_for_the_first(
    engine: Engine, publish_plan: PublishPlan, tmp_path: Path, database_url: str, monkeypatch
) -> None:
    """Two runs at once: the one that finds the folder locked waits, then renders."""
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", database_url)
    monkeypatch.setenv("AIRCLASS_HOME", str(tmp_path / "home"))
    publish_plan(f.two_lessons())
    folder = tmp_path / "site"
    argv = ["publish", "--static", str(folder), "--today", "2026-11-25"]
    releases_of(folder).mkdir()
    engine.dispose()  # the children must not share the parent's pooled connections
    with (releases_of(folder) / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as if a first run were writing
        runs = [start_cli(argv), start_cli(argv)]
        time.sleep(1.0)
        assert all(r.is_alive() for r in runs) and not folder.exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    for process in runs:
        process.join(timeout=120)
    assert [r.exitcode for r in runs] == [0, 0]
    assert assert_whole_release(folder) == 1
    assert sorted(p.name for p in releases_of(folder).iterdir() if p.is_dir()) == [
        "r000001-p1",
        "r000002-p1",
    ]

    # And with no help from the test: two runs started together both succeed.
    runs = [start_cli(argv), start_cli(argv)]
    for process in runs:
        process.join(timeout=120)
    assert [r.exitcode for r in runs] == [0, 0]
    assert assert_whole_release(folder) == 1
    assert not [p for p in releases_of(folder).iterdir() if p.name.endswith(".partial")]
