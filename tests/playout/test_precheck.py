from __future__ import annotations

import json
from pathlib import Path

from airclass.api.cli import run
from airclass.config.binaries import ffprobe
from airclass.config.database import make_engine
from airclass.config.schema.world import World
from airclass.playout.precheck import catalogue_measure, check_week, probe_measure
from sqlalchemy.orm import Session


def test_every_source_of_the_week_is_present_and_long_enough(
    tiny_export: Path, tiny_world: World
) -> None:
    report = check_week(tiny_export, tiny_world, probe_measure(ffprobe()))
    assert report.is_ok, [p.message() for p in report.problems]
    assert report.sources == 7
    assert report.days == 7


def test_a_short_lesson_is_a_shortfall_at_its_timecode(
    tiny_export: Path, tiny_world: World, tiny_plan, short_media: Path
) -> None:
    report = check_week(tiny_export, tiny_world, probe_measure(ffprobe()), media_root=short_media)
    shortfalls = [p for p in report.problems if p.key == "playout.check.shortfall"]
    b_airings = [a for a in tiny_plan.airings if a.asset == "lesson-b"]
    assert len(shortfalls) == len(b_airings)
    first = shortfalls[0]
    assert first.fields["frames"] == 2 * 25
    assert first.fields["timecode"].endswith(":00:00")
    assert "00:00:02:00" in first.message("en")


def test_missing_files_are_reported_once_each(
    tiny_export: Path, tiny_world: World, tmp_path: Path
) -> None:
    report = check_week(tiny_export, tiny_world, probe_measure(ffprobe()), media_root=tmp_path)
    assert len(report.problems) == report.sources == 7
    assert all(p.key == "playout.check.missing" for p in report.problems)


def test_the_catalogue_decides_lengths_and_flags_unvalidated_files(
    tiny_export: Path, tiny_world: World, tiny_media: Path, tiny_clip_frames, tmp_path: Path
) -> None:
    from airclass.media.catalogue import ensure_schema, record_validation

    engine = make_engine(f"sqlite:///{tmp_path / 'catalogue.db'}")
    ensure_schema(engine)
    with Session(engine) as session:
        for asset_id, asset in tiny_world.assets.items():
            if asset_id in ("lesson-a", "filler-2"):
                continue  # never validated
            report = {
                "path": str(tiny_media / asset.path),
                "verdict": "pass",
                "duration_frames": tiny_clip_frames[asset_id],
            }
            record_validation(session, report, asset_id=asset_id)
        measure = catalogue_measure(session, probe_measure(ffprobe()))
        result = check_week(tiny_export, tiny_world, measure)
    assert [p.key for p in result.problems] == ["playout.check.unvalidated"] * 2
    lecture, clip = sorted(result.problems, key=lambda p: p.is_warning)
    assert "lessons/a.mp4" in lecture.message("en") and not lecture.is_warning
    assert "clips/filler-2.mp4" in clip.message("en") and clip.is_warning
    assert not result.is_ok


def test_playout_check_cli_exit_codes(
    tiny_export: Path, tiny_config: Path, short_media: Path, capsys
) -> None:
    argv = ["playout", "check", str(tiny_export), "--config", str(tiny_config), "--no-catalogue"]
    assert run([*argv, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sources"] == 7
    assert run([*argv, "--media", str(short_media), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False
