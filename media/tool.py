"""The one place media runs ffmpeg and ffprobe: argument lists, no shell, a timeout always.

>>> run([str(ffprobe()), "-version"], timeout=30).returncode
0
"""

from __future__ import annotations

import logging
import subprocess
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
    """
    command = [str(a) for a in args]
    logger.info("run %s", " ".join(command))
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolTimeoutError(command, timeout) from None
    result = ToolRun(
        args=tuple(command),
        returncode=done.returncode,
        output=done.stdout,
        stderr=done.stderr.decode("utf-8", errors="replace"),
    )
    logger.debug("exit %d; stderr tail: %s", done.returncode, result.stderr[-2000:])
    if check and done.returncode != 0:
        raise ToolError(command, done.returncode, result.stderr)
    return result
