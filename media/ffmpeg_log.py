"""Reading what an analysis run of ffmpeg logs: decode errors, progress, time runs.

Runs use `-loglevel repeat+level+info`, so every stderr line carries its level
(`[h264 @ 0x…] [error] …`) and repeated lines are not folded, and `-progress pipe:1`, so
stdout ends with the final `frame=` and `out_time_us=` of the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOG_ARGS = ("-hide_banner", "-nostdin", "-nostats", "-loglevel", "repeat+level+info")
PROGRESS_ARGS = ("-progress", "pipe:1")

_ERROR_LINE = re.compile(r"\[(error|fatal)\]")
_PROGRESS = re.compile(r"^(frame|out_time_us)=(\d+)$", re.MULTILINE)
_KEEP_ERRORS = 5


@dataclass(frozen=True)
class TimeRun:
    """A run of black picture, frozen picture or silence, in seconds from the start."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def overlap(self, other: TimeRun) -> TimeRun | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return TimeRun(start, end) if end > start else None


@dataclass(frozen=True)
class DecodeErrors:
    """Error lines a full decode logged: how many, and the first few for the message."""

    count: int
    first: tuple[str, ...]


def decode_errors(stderr: str) -> DecodeErrors:
    """Count `[error]`/`[fatal]` lines; an exit code of 0 says nothing about them."""
    lines = [line.strip() for line in stderr.splitlines() if _ERROR_LINE.search(line)]
    return DecodeErrors(len(lines), tuple(lines[:_KEEP_ERRORS]))


def final_progress(stdout: str) -> tuple[int, float]:
    """(frames, seconds) of the last progress block: frames written, out time."""
    values = {key: int(value) for key, value in _PROGRESS.findall(stdout)}
    return values.get("frame", 0), values.get("out_time_us", 0) / 1e6


def pair_runs(starts: list[float], ends: list[float], *, stream_end: float) -> list[TimeRun]:
    """Pair start and end times into runs; a run still open at the end closes at `stream_end`."""
    runs = [TimeRun(s, e) for s, e in zip(starts, ends, strict=False)]
    if len(starts) > len(ends):
        runs.append(TimeRun(starts[-1], max(stream_end, starts[-1])))
    return runs


def floats(pattern: re.Pattern[str], text: str) -> list[float]:
    """Every match of `pattern`'s first group as a float ('-inf' allowed)."""
    return [float(m) for m in pattern.findall(text)]
