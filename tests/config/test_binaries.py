"""ffmpeg/ffprobe resolve from the environment, then PATH, then the bundled package."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from airclass.config.binaries import major_version, resolve
from airclass.config.errors import BinaryNotFoundError


def test_bundled_ffmpeg_runs() -> None:
    found = resolve("ffprobe", {"PATH": ""})
    assert found.origin == "bundled"
    out = subprocess.run([found.path, "-version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ffprobe version")


def test_environment_wins(tmp_path: Path) -> None:
    bundled = resolve("ffmpeg", {"PATH": ""}).path
    found = resolve("ffmpeg", {"AIRCLASS_FFMPEG": str(bundled), "PATH": ""})
    assert (found.origin, found.path) == ("environment", bundled)


def test_environment_pointing_nowhere_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BinaryNotFoundError, match="AIRCLASS_FFMPEG"):
        resolve("ffmpeg", {"AIRCLASS_FFMPEG": str(tmp_path / "nope")})


def test_path_binary_before_bundled(tmp_path: Path) -> None:
    fake = tmp_path / "ffprobe"
    fake.write_bytes(b"\x7fELF")
    fake.chmod(0o755)
    assert resolve("ffprobe", {"PATH": str(tmp_path)}).origin == "PATH"


def test_python_shim_on_path_is_skipped(tmp_path: Path) -> None:
    shim = tmp_path / "ffmpeg"
    shim.write_text("#!/usr/bin/env python3\nimport sys; sys.exit(1)\n")
    shim.chmod(0o755)
    assert resolve("ffmpeg", {"PATH": str(tmp_path)}).origin == "bundled"


@pytest.mark.parametrize(
    ("version", "major"),
    [
        ("n8.1.2", 8),
        ("5.1.9-0+deb12u1", 5),
        ("7.1", 7),
        ("N-118123-g1a2b3c", None),
        ("unknown", None),
    ],
)
def test_major_version(version: str, major: int | None) -> None:
    assert major_version(version) == major
