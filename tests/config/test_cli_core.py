"""The CLI core: exit codes and messages at the entry point."""

from __future__ import annotations

import json

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
