"""The CLI core: exit codes and messages at the entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from airclass.api.cli import run


def test_unknown_command_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_doctor_json_names_binaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ffmpeg"]["version"] != "unknown"
    assert report["ffprobe"]["path"]
    assert report["ortools"]["version"]
    assert report["database"]["path"].startswith(("sqlite", "postgresql"))


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"airclass {version('airclass')}"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "en", "config", "check", "no-such-dir"], "config directory not found"),
        (["config", "check", "no-such-dir", "--lang", "en"], "config directory not found"),
        (["--lang", "zh", "config", "check", "no-such-dir"], "配置目录"),
    ],
)
def test_lang_before_or_after_the_command(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    assert expected in capsys.readouterr().err


def test_lang_before_the_command_reaches_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--lang", "zh", "doctor"]) == 0
    assert "运行环境" in capsys.readouterr().err  # the table's title
    assert run(["--lang", "en", "doctor"]) == 0
    assert "运行环境" not in capsys.readouterr().err


def test_a_table_piped_to_a_log_is_not_cut(tmp_path: Path) -> None:
    """stderr to a file or pipe (CI logs, a ticket): rich would cut the table at 80 columns."""
    from airclass.config.binaries import ffmpeg

    folder = tmp_path / "wider-than-eighty-columns"
    folder.mkdir()
    (folder / "ffmpeg").symlink_to(ffmpeg())
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["AIRCLASS_FFMPEG"] = str(folder / "ffmpeg")
    done = subprocess.run(
        [sys.executable, "-m", "airclass", "--lang", "en", "doctor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert str(folder / "ffmpeg") in done.stderr
