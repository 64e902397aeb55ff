"""`airclass validate`: exit codes, the JSON format, the HTML report; `bench media` is wired."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.api.cli import run

KEYS = {
    "path",
    "profile",
    "stage_window",
    "verdict",
    "duration_frames",
    "frame_rate",
    "measured",
    "findings",
}
FINDING_KEYS = {"code", "severity", "message", "seconds", "timecode"}


def test_good_file_exits_0_with_json(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["validate", "--profile", "preview", "--json", "--lang", "en", str(good_file)])
    (entry,) = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(entry) == KEYS
    assert entry["verdict"] == "pass" and entry["duration_frames"] == 100


def test_failing_file_exits_1_with_findings(
    lavfi_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = lavfi_file("video-only.mp4", audio=None)
    code = run(["validate", "--profile", "preview", "--json", str(path)])
    (entry,) = json.loads(capsys.readouterr().out)
    assert code == 1
    assert entry["verdict"] == "fail"
    assert set(entry["findings"][0]) == FINDING_KEYS


def test_missing_file_exits_2_without_traceback(
    good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["validate", "--profile", "preview", "--lang", "en", str(good_file), "nowhere.mp4"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Path not found" in err and "Traceback" not in err


def test_unknown_profile_exits_2(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--profile", "no-such", str(good_file)]) == 2
    assert "broadcast-hd" in capsys.readouterr().err


def test_stage_window_from_config_dir(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["validate", "--profile", "preview", "--stage", "primary", "--json", str(good_file)])
    (entry,) = json.loads(capsys.readouterr().out)
    assert code == 1
    assert "duration.window" in {f["code"] for f in entry["findings"]}


def test_html_report_has_thumbnail_at_visual_finding(
    spliced: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.media.conftest import BLACK, GOOD_AUDIO, GOOD_VIDEO

    path = spliced("head-3s.mp4", [(BLACK, GOOD_AUDIO, 3), (GOOD_VIDEO, GOOD_AUDIO, 3)])
    report = tmp_path / "report.html"
    code = run(["validate", "--profile", "preview", "--html", str(report), str(path)])
    html = report.read_text(encoding="utf-8")
    assert code == 1
    assert "black.head" in html and html.count("data:image/jpeg;base64,") == 1


def test_bench_media_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["bench", "media", "--help"]) == 0
    assert "1080p25" in capsys.readouterr().out.replace("\n", "")
