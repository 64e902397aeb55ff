"""The one place media runs ffmpeg and ffprobe: argument lists, no shell, a timeout always.

>>> run([str(ffprobe()), "-version"], timeout=30).returncode
0
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from airclass.media.errors import ToolError, ToolTimeoutError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ToolRun:
    """What a finished tool printed."""

    args: tuple[str, ...]
    returncode: int
    output: bytes
    """stdout as bytes (images); `stdout` is the same decoded as text."""
    stderr: str

    @property
    def stdout(self) -> str:
        return self.output.decode("utf-8", errors="replace")


def run(args: Sequence[str], *, timeout: float, check: bool = True) -> ToolRun:
    """Run `args`; raise ToolTimeoutError past `timeout` and, when `check`, ToolError on failure.

    Output is decoded as UTF-8 with replacement: ffmpeg echoes file names and tags verbatim.
    stderr goes to a temporary file, not a pipe: ffmpeg writes its log unbuffered, a few bytes
    per call, and a decode pass logs some 100 000 of them (ebur128's per-frame lines); through a
    pipe each write wakes this process, which cost both sides about 0.5 CPU-s per demo lecture.
    """
    command = [str(a) for a in args]
    logger.info("run %s", " ".join(command))
    with tempfile.TemporaryFile() as log:
        try:
            done = subprocess.run(
                command,
                stdout=subprocess.PIPE,
                stderr=log,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ToolTimeoutError(command, timeout) from None
        log.seek(0)
        stderr = log.read().decode("utf-8", errors="replace")
    result = ToolRun(
        args=tuple(command), returncode=done.returncode, output=done.stdout, stderr=stderr
    )
    logger.debug("exit %d; stderr tail: %s", done.returncode, result.stderr[-2000:])
    if check and done.returncode != 0:
        raise ToolError(command, done.returncode, result.stderr)
    return result
