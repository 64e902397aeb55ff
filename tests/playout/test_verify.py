from __future__ import annotations

import json
from pathlib import Path

import pytest
from airclass.api.cli import run
from airclass.config.binaries import ffmpeg, ffprobe
from airclass.config.schema.common import clock
from airclass.playout.concat_script import read_script, render_script
from airclass.playout.errors import ConcatScriptError
from airclass.playout.transport_stream import TIME_BASE, video_pts
from airclass.playout.verify import RenderMode, Tools, verify_script
from airclass.solver.plan import Plan


def _first_lesson(plan: Plan) -> tuple[str, str]:
    """(ffconcat relative path, HH:MM of the first lesson's bell) of the tiny plan."""
    airing = plan.airings[0]
    return f"ffconcat/{airing.channel}/{airing.date.isoformat()}.ffconcat", clock(
        airing.start_frame // (25 * 60)
    )


def _around(bell: str, minutes: int) -> str:
    hours, mins = map(int, bell.split(":"))
    return clock(hours * 60 + mins + minutes)


def test_a_rendered_stretch_starts_every_item_on_its_planned_frame(
    tiny_export: Path, tiny_plan: Plan, tmp_path: Path
) -> None:
    script, bell = _first_lesson(tiny_plan)
    report = verify_script(
        tiny_export / script,
        Tools(ffmpeg(), ffprobe(), timeout=120),
        start_minutes=_minutes(_around(bell, -1)),
        end_minutes=_minutes(_around(bell, 1)),
        output=tmp_path / "stretch.ts",
    )
    assert report.problems == []
    assert report.mode is RenderMode.COPY
    assert report.items > 10
    assert report.rendered_frames == report.planned_frames >= 2 * 60 * 25
    stamps = video_pts(tmp_path / "stretch.ts")
    assert len(stamps) == report.planned_frames
    assert stamps[-1] - stamps[0] == (len(stamps) - 1) * TIME_BASE // 25


def test_playout_verify_cli_passes_and_fails_with_exit_codes(
    tiny_export: Path, tiny_plan: Plan, short_media: Path, tmp_path: Path, capsys
) -> None:
    script, bell = _first_lesson(tiny_plan)
    window = ["--from", _around(bell, -1), "--to", _around(bell, 2)]
    assert run(["playout", "verify", str(tiny_export / script), *window, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True

    broken = tmp_path / "short.ffconcat"
    text = (tiny_export / script).read_text(encoding="utf-8")
    media_root = str(read_script(tiny_export / script).entries[0].file).split("/clips/")[0]
    broken.write_text(text.replace(media_root, str(short_media)), encoding="utf-8")
    assert run(["playout", "verify", str(broken), *window, "--json", "--lang", "en"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any("b.mp4" in p or "not continuous" in p or "Total length" in p for p in problems)


def test_a_malformed_script_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ffconcat"
    path.write_text("ffconcat version 1.0\nfile 'a.mp4'\nspeed 2\n", encoding="utf-8")
    with pytest.raises(ConcatScriptError, match="line 3"):
        read_script(path)


def test_script_paths_with_quotes_survive_a_round_trip(
    tmp_path: Path, tiny_world, tiny_plan
) -> None:
    from airclass.playout import build_rundown, planned_clip_frames

    channel = tiny_world.channels[0]
    rundown = build_rundown(
        tiny_plan, tiny_world, channel, tiny_plan.week, planned_clip_frames(tiny_world)
    )
    path = tmp_path / "x.ffconcat"
    path.write_text(render_script(rundown, Path("/media/it's here")), encoding="utf-8")
    assert read_script(path).entries[0].file.startswith("/media/it's here/")


def _minutes(text: str) -> int:
    hours, minutes = map(int, text.split(":"))
    return hours * 60 + minutes


def test_an_encoded_render_keeps_the_frame_grid(tiny_export: Path, tiny_plan: Plan) -> None:
    script, bell = _first_lesson(tiny_plan)
    report = verify_script(
        tiny_export / script,
        Tools(ffmpeg(), ffprobe(), timeout=120),
        start_minutes=_minutes(bell),
        end_minutes=_minutes(bell) + 1,
        encode=True,
    )
    assert report.mode is RenderMode.ENCODE
    assert report.problems == []
    assert report.rendered_frames == report.planned_frames > 0


def test_the_exported_script_itself_plays_in_the_concat_demuxer(
    tiny_export: Path, tiny_plan: Plan
) -> None:
    import subprocess

    script, _ = _first_lesson(tiny_plan)
    done = subprocess.run(
        [
            str(ffmpeg()),
            "-v",
            "error",
            "-nostdin",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(tiny_export / script),
            "-t",
            "90",
            "-map",
            "0:v",
            "-c",
            "copy",
            "-f",
            "framemd5",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frames = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    assert len(frames) == 90 * 25


def test_playout_verify_rejects_a_bad_clock_with_exit_2(tiny_export: Path, tiny_plan: Plan) -> None:
    script, _ = _first_lesson(tiny_plan)
    assert run(["playout", "verify", str(tiny_export / script), "--from", "8h"]) == 2
