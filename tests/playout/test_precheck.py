from __future__ import annotations

import json
from pathlib import Path

from airclass.api.cli import run
from airclass.config.binaries import ffprobe
from airclass.config.clearance import Hold, Reason
from airclass.config.database import make_engine
from airclass.config.loader import load_world
from airclass.config.schema.world import World
from airclass.playout.precheck import (
    catalogue_clearance,
    catalogue_measure,
    check_week,
    probe_measure,
)
from sqlalchemy.orm import Session

PEOPLE = {"political": "周老师", "scientific": "陈老师", "technical": "王工"}


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


def _scaled_world(tiny_config: Path, tmp_path: Path) -> World:
    """The tiny world with primary school's L3 window at 3–6 s, so its 4 s and 5 s lectures fit."""
    import shutil

    root = Path(shutil.copytree(tiny_config, tmp_path / "scaled"))
    policy = (root / "policy.toml").read_text(encoding="utf-8")
    policy = policy.replace(
        "[lecture.primary]\nmin_minutes = 15\nmax_minutes = 20",
        "[lecture.primary]\nmin_minutes = 0.05\nmax_minutes = 0.1",
    )
    (root / "policy.toml").write_text(policy, encoding="utf-8")
    world = load_world(root)
    assert world.policy.lecture["primary"].max_minutes == 0.1
    return world


def test_the_gate_holds_sources_on_the_channel_naming_file_airing_and_reason(
    tiny_export: Path,
    tiny_config: Path,
    tiny_media: Path,
    tiny_plan,
    tiny_clip_frames: dict[str, int],
    tmp_path: Path,
) -> None:
    """C5, C4, L3 before air: lesson A is validated under the channel's acceptance profile at
    its window and signed by three people; lesson B waits for its scientific review. Clips are
    not lessons: a failed picture check on the eye-exercise clip does not hold it, a filler
    never validated warns."""
    from airclass.media.catalogue import (
        ensure_schema,
        file_checksum,
        record_review,
        record_validation,
    )
    from airclass.media.gate import acceptance

    world = _scaled_world(tiny_config, tmp_path)
    aired = {a.asset for a in tiny_plan.airings}
    assert {"lesson-a", "lesson-b"} <= aired  # the week airs both lessons
    window = acceptance(world.policy, "preview", "primary")
    engine = make_engine(f"sqlite:///{tmp_path / 'catalogue.db'}")
    ensure_schema(engine)
    verdicts = {"eye": "fail"}
    with Session(engine) as session:
        for asset_id, asset in world.assets.items():
            if asset_id == "filler-2":
                continue  # never validated
            path = tiny_media / asset.path
            report = {
                "path": str(path),
                "verdict": verdicts.get(asset_id, "pass"),
                "duration_frames": tiny_clip_frames[asset_id],
                "profile": "preview",
            }
            if asset.kind == "lecture":
                report["stage_window"] = dict(
                    zip(("stage", "min_frames", "max_frames"), window.window, strict=True)
                )
            record_validation(session, report, asset_id=asset_id)
        levels = {"lesson-a": list(PEOPLE), "lesson-b": ["political"]}
        for asset_id, signed in levels.items():
            checksum = file_checksum(tiny_media / world.assets[asset_id].path)
            for level in signed:
                record_review(
                    session, asset_id=asset_id, checksum=checksum, reviewer=PEOPLE[level],
                    level=level, decision="approved", levels=list(PEOPLE),
                )  # fmt: skip
        measure = catalogue_measure(session, probe_measure(ffprobe()))
        clearance = catalogue_clearance(session, world)
        result = check_week(tiny_export, world, measure, clearance=clearance)
        ungated = check_week(tiny_export, world, measure)
    assert ungated.is_ok  # every lesson is validated and long enough: only the gate objects
    held = {Path(p.fields["path"]).name: p for p in result.problems}
    assert set(held) == {"b.mp4", "filler-2.mp4"}
    assert held["filler-2.mp4"].key == "playout.check.unvalidated"
    assert held["filler-2.mp4"].is_warning  # an unvalidated clip airs, with a warning
    lesson_b = held["b.mp4"]
    assert lesson_b.key == "playout.check.held"
    assert lesson_b.hold == Hold(Reason.REVIEW_PENDING, level="scientific")
    assert not lesson_b.is_warning
    first_b = min(
        (a for a in tiny_plan.airings if a.asset == "lesson-b"),
        key=lambda a: (a.date, a.start_frame),
    )
    assert lesson_b.fields["day"] == first_b.date.isoformat()
    message = lesson_b.message("en")
    assert "lessons/b.mp4: may not air on tiny.airclass" in message
    assert f"first airing {first_b.date.isoformat()} " in message
    assert message.endswith("review pending at level scientific")
    assert "等待 scientific 级审核" in lesson_b.message("zh")
    assert not result.is_ok


def test_playout_check_without_a_catalogue_holds_every_source(
    tiny_export: Path,
    tiny_config: Path,
    tmp_path: Path,
    monkeypatch,
    capsys,
) -> None:
    """A machine with no catalogue has validated nothing: the check fails, it does not wave
    the week through on lengths alone."""
    monkeypatch.setenv("AIRCLASS_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    argv = ["playout", "check", str(tiny_export), "--config", str(tiny_config), "--lang", "en"]
    assert run([*argv, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    lessons = [p for p in out["problems"] if "lessons/" in p]
    assert len(lessons) == 2
    assert all("not validated under acceptance profile preview" in p for p in lessons)
    assert out["warnings"]  # the channel's clips: unvalidated, aired with a warning
