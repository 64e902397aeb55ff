"""Run ffmpeg and ffprobe: an argument list, no shell, a timeout, and our error on failure."""

from __future__ import annotations

import logging
import shlex
import subprocess
from pathlib import Path

from airclass.playout.errors import RenderError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 3600.0
"""Callers pass `Settings.media_timeout_seconds`; this default only guards library use."""


def run(command: list[str | Path], *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
    """Run a command and return its stdout; raises RenderError with the stderr tail."""
    args = [str(part) for part in command]
    logger.info("run %s", shlex.join(args))
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    logger.debug("stdout %s", done.stdout[-2000:])
    if done.returncode != 0:
        tail = done.stderr.strip()[-1500:] or f"exit status {done.returncode}"
        raise RenderError(command=shlex.join(args), stderr=tail)
    return done.stdout
