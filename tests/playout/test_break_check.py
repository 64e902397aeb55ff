"""L4 before air: every lesson is followed by the eye-exercise clip, and two lessons of one
grade lie at least the minimum break apart (playout.break_check, run by `playout check`)."""

from __future__ import annotations

from pathlib import Path

from airclass.config.binaries import ffprobe
from airclass.config.schema.world import World
from airclass.playout.break_check import pre_air_problems
from airclass.playout.export import export_week
from airclass.playout.precheck import CheckReport, check_week, probe_measure
from airclass.solver.plan import Plan

FPS = 25


def _two_lessons(tiny_plan: Plan, after_end_seconds: int) -> Plan:
    """Grade 3's lesson A, then lesson B on the same channel `after_end_seconds` after A ends."""
    first = next(a for a in tiny_plan.airings if a.asset == "lesson-a")
    template = next(a for a in tiny_plan.airings if a.asset == "lesson-b")
    second = template.model_copy(
        update={
            "date": first.date,
            "start_frame": first.start_frame + first.duration_frames + after_end_seconds * FPS,
        }
    )
    return tiny_plan.model_copy(update={"airings": [first, second]})


def _check(plan: Plan, world: World, out: Path, media: Path, frames: dict[str, int]) -> CheckReport:
    export_week(plan, world, out, media_root=media, clip_frames=frames)
    return check_week(out, world, probe_measure(ffprobe()))


def test_lessons_a_full_break_apart_pass(
    tmp_path: Path,
    tiny_world: World,
    tiny_plan: Plan,
    tiny_media: Path,
    tiny_clip_frames: dict[str, int],
) -> None:
    plan = _two_lessons(tiny_plan, after_end_seconds=20 * 60)
    assert [a.grade for a in plan.airings] == [3, 3]
    assert tiny_world.policy.min_break.minutes == 20
    report = _check(plan, tiny_world, tmp_path, tiny_media, tiny_clip_frames)
    assert report.is_ok, [p.message() for p in report.problems]
    assert pre_air_problems(tmp_path, tiny_world) == []


def test_lesson_straight_after_another_is_caught_by_playout_check(
    tmp_path: Path,
    tiny_world: World,
    tiny_plan: Plan,
    tiny_media: Path,
    tiny_clip_frames: dict[str, int],
) -> None:
    """The grade's second lesson starts as its first ends: no eye exercises, no break."""
    plan = _two_lessons(tiny_plan, after_end_seconds=0)
    assert [a.grade for a in plan.airings] == [3, 3]
    report = _check(plan, tiny_world, tmp_path, tiny_media, tiny_clip_frames)
    day = plan.airings[0].date.isoformat()
    found = {(p.key, p.day) for p in report.problems}
    assert ("playout.check.no_eye_exercise", day) in found
    assert ("playout.check.short_break", day) in found
    assert not report.is_ok
    short = next(p for p in report.problems if p.key == "playout.check.short_break")
    assert "grade 3" in short.message("en")


def test_short_break_with_eye_exercises_is_still_short(
    tmp_path: Path,
    tiny_world: World,
    tiny_plan: Plan,
    tiny_media: Path,
    tiny_clip_frames: dict[str, int],
) -> None:
    """Ten minutes: room for the eye exercises, but not the 20-minute break."""
    plan = _two_lessons(tiny_plan, after_end_seconds=10 * 60)
    report = _check(plan, tiny_world, tmp_path, tiny_media, tiny_clip_frames)
    keys = [p.key for p in report.problems]
    assert keys == ["playout.check.short_break"]
