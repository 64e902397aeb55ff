from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from airclass.config.schema.world import World
from airclass.config.timecode import frames_from_seconds
from airclass.playout import ItemKind, Rundown, build_rundowns, planned_clip_frames
from airclass.playout.concat_script import read_script
from airclass.playout.export import export_week
from airclass.solver.plan import Plan
from lxml import etree

from tests.playout.conftest import DTD

MEDIA = Path("/srv/airclass/media")


@pytest.fixture(scope="module")
def demo_rundowns(demo_world: World, demo_plan: Plan) -> list[Rundown]:
    return build_rundowns(demo_plan, demo_world, planned_clip_frames(demo_world))


@pytest.fixture(scope="module")
def demo_export(
    tmp_path_factory: pytest.TempPathFactory, demo_world: World, demo_plan: Plan
) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("demo-export")
    return out, export_week(demo_plan, demo_world, out, media_root=MEDIA)


def _rundown(rundowns: list[Rundown], channel: str, day: str) -> Rundown:
    return next(r for r in rundowns if r.channel.id == channel and r.date.isoformat() == day)


def test_export_writes_every_format_in_its_layout(demo_export, demo_world: World) -> None:
    out, paths = demo_export
    relative = {p.relative_to(out).as_posix() for p in paths}
    assert "xmltv.xml" in relative
    assert "ffplayout/cetv4.airclass/2026/09/2026-09-07.json" in relative
    assert "ffconcat/cetv4.airclass/2026-09-07.ffconcat" in relative
    assert {f"csv/{c.id}.csv" for c in demo_world.channels} <= relative
    assert {f"print/grade-{g}.html" for g in range(1, 13)} <= relative
    assert not list(out.rglob("*.tmp")), "atomic writes leave no temp files"


def test_ffplayout_round_trip_gives_each_item_its_planned_start(demo_export, demo_rundowns) -> None:
    out, _ = demo_export
    for path in sorted((out / "ffplayout").rglob("*.json")):
        playlist = json.loads(path.read_text(encoding="utf-8"))
        assert set(playlist) == {"channel", "date", "program"}
        rundown = _rundown(demo_rundowns, path.parts[-4], playlist["date"])
        rate = rundown.rate
        cursor = rundown.day_start  # ffplayout: day start + the sum of out − in before an item
        assert len(playlist["program"]) == len(rundown.items)
        for entry, item in zip(playlist["program"], rundown.items, strict=True):
            assert {"in", "out", "duration", "source", "title", "category"} <= set(entry)
            assert cursor == item.start
            assert entry["source"] == str(MEDIA / item.source)
            assert (entry["category"] == "advertisement") == (item.kind is ItemKind.AD_BREAK)
            cursor += frames_from_seconds(entry["out"] - entry["in"], rate)
        assert cursor - rundown.day_start == 24 * 3600 * 25


def test_ffconcat_script_reads_back_to_the_rundown(demo_export, demo_rundowns) -> None:
    out, _ = demo_export
    path = out / "ffconcat" / "junior.demo-province.airclass" / "2026-09-08.ffconcat"
    assert path.read_text(encoding="utf-8").startswith("ffconcat version 1.0\n")
    script = read_script(path)
    rundown = _rundown(demo_rundowns, "junior.demo-province.airclass", "2026-09-08")
    assert script.starts() == [item.start for item in rundown.items]
    assert [e.file for e in script.entries] == [str(MEDIA / i.source) for i in rundown.items]
    assert [script.frames(e.outpoint) for e in script.entries] == [
        i.out_point for i in rundown.items
    ]


def test_xmltv_validates_against_the_xmltv_dtd(demo_export) -> None:
    out, _ = demo_export
    document = etree.parse(str(out / "xmltv.xml"))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_xmltv_lists_lessons_and_fixed_items_only(demo_export, demo_rundowns) -> None:
    out, _ = demo_export
    tv = etree.parse(str(out / "xmltv.xml")).getroot()
    programmes = tv.findall("programme")
    assert len(programmes) == sum(len(r.programmes) for r in demo_rundowns)
    stamp = re.compile(r"^\d{14} \+0800$")
    assert all(stamp.match(p.get("start")) and stamp.match(p.get("stop")) for p in programmes)
    ids = {c.get("id") for c in tv.findall("channel")}
    assert all(re.fullmatch(r"[a-z0-9.-]+\.[a-z0-9-]+", i) for i in ids)
    lesson = next(p for p in programmes if p.find("episode-num") is not None)
    assert lesson.find("sub-title").text
    categories = [(c.get("lang"), c.text) for c in lesson.findall("category")]
    assert len(categories) == 6  # grade, subject and domain (德智体美劳), each in zh and en
    assert {lang for lang, _ in categories} == {"zh", "en"}
    systems = {e.get("system") for e in lesson.findall("episode-num")}
    assert systems == {"xmltv_ns", "onscreen"}
    titles = {p.findtext("title") for p in programmes}
    assert not titles & {"远眺放松", "课间操", "请稍候，节目即将开始", "眼保健操"}


def test_csv_lists_every_item_with_timecodes(demo_export, demo_rundowns) -> None:
    out, _ = demo_export
    with (out / "csv" / "senior.demo-province.airclass.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    items = [i for r in demo_rundowns if r.channel.id.startswith("senior.") for i in r.items]
    assert len(rows) == len(items)
    timecode = re.compile(r"^\d{2}:\d{2}:\d{2}:\d{2}$")
    assert all(timecode.match(row["start"]) and timecode.match(row["duration"]) for row in rows)
    lesson_rows = [row for row in rows if row["kind"] == "lesson"]
    assert lesson_rows and all(
        row["lesson_id"] and row["start"].endswith(":00:00") for row in lesson_rows
    )


def test_print_grid_is_a_printable_zh_en_week_per_grade(demo_export, demo_plan) -> None:
    out, _ = demo_export
    page = (out / "print" / "grade-9.html").read_text(encoding="utf-8")
    assert "size: A4 landscape" in page
    assert "九年级空中课堂周课表" in page and "Grade 9 air classroom" in page
    assert "周一 Mon" in page
    titles = [a.title for a in demo_plan.airings if a.grade == 9]
    assert titles and all(title in page for title in titles)
    # Families read clock times ("08:30–08:49"), never broadcast timecodes.
    assert re.search(r"\b\d\d:\d\d–\d\d:\d\d\b", page)
    assert not re.search(r"\d\d:\d\d:\d\d:\d\d", page)


def test_exports_are_byte_for_byte_deterministic(
    tmp_path: Path, tiny_world, tiny_clip_frames
) -> None:
    from tests.playout.plan_factory import generated_plan

    plan = generated_plan(tiny_world)
    first = export_week(
        plan, tiny_world, tmp_path / "a", media_root=MEDIA, clip_frames=tiny_clip_frames
    )
    second = export_week(
        plan, tiny_world, tmp_path / "b", media_root=MEDIA, clip_frames=tiny_clip_frames
    )
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_without_a_catalogue_lessons_air_at_the_length_the_plan_measured(
    tmp_path: Path, demo_world: World, demo_plan: Plan
) -> None:
    """A validated file is rarely exactly its planned length: the day list follows the file."""
    first = demo_plan.airings[0]
    planned = planned_clip_frames(demo_world)[first.asset]
    measured = planned - 3 * 25 - 7  # the real file is 3 s 7 frames shorter than planned
    assert first.duration_frames == planned  # the demo plan measured the planned length
    shorter = first.model_copy(update={"duration_frames": measured})
    plan = demo_plan.model_copy(update={"airings": [shorter, *demo_plan.airings[1:]]})
    export_week(plan, demo_world, tmp_path, media_root=MEDIA)
    (path,) = (tmp_path / "ffplayout" / first.channel).rglob(f"{first.date}.json")
    items = json.loads(path.read_text(encoding="utf-8"))["program"]
    (entry,) = [e for e in items if e["source"] == str(MEDIA / demo_world.assets[first.asset].path)]
    rate = next(c.frame_rate for c in demo_world.channels if c.id == first.channel)
    assert frames_from_seconds(entry["out"] - entry["in"], rate) == measured
