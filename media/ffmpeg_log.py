"""Reading what an analysis run of ffmpeg logs: decode totals, decode errors, time runs.

Runs use `-loglevel repeat+level+verbose`, so every stderr line carries its level
(`[h264 @ 0x…] [error] …`), repeated lines are not folded, and ffmpeg ends with the totals of
each output stream (`Output stream #1:0 (audio): 1320 frames encoded (63360000 samples);`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOG_ARGS = ("-hide_banner", "-nostdin", "-nostats", "-loglevel", "repeat+level+verbose")

_ERROR_LINE = re.compile(r"\[(error|fatal)\]")
_AUDIO_OUT = re.compile(r"Output stream #\d+:\d+ \(audio\): \d+ frames encoded \((\d+) samples\)")
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


def error_lines(stderr: str) -> list[str]:
    """The `[error]`/`[fatal]` lines: an exit code of 0 says nothing about them."""
    return [line.strip() for line in stderr.splitlines() if _ERROR_LINE.search(line)]


def decode_errors(lines: list[str]) -> DecodeErrors:
    """How many error lines, and the first few for the message."""
    return DecodeErrors(len(lines), tuple(lines[:_KEEP_ERRORS]))


def audio_samples_out(stderr: str) -> int:
    """Samples that reached the run's one audio output, from ffmpeg's closing statistics."""
    found = _AUDIO_OUT.findall(stderr)
    return int(found[-1]) if found else 0


def pair_runs(starts: list[float], ends: list[float], *, stream_end: float) -> list[TimeRun]:
    """Pair start and end times into runs; a run still open at the end closes at `stream_end`."""
    runs = [TimeRun(s, e) for s, e in zip(starts, ends, strict=False)]
    if len(starts) > len(ends):
        runs.append(TimeRun(starts[-1], max(stream_end, starts[-1])))
    return runs


def floats(pattern: re.Pattern[str], text: str) -> list[float]:
    """Every match of `pattern`'s first group as a float ('-inf' allowed)."""
    return [float(m) for m in pattern.findall(text)]
