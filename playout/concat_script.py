"""ffconcat scripts (ffmpeg's concat demuxer): write one from a rundown, read one back.

    ffconcat version 1.0
    # airclass channel=cetv4.airclass date=2026-09-07 rate=25 day_start=06:00:00:00
    # 08:00:00:00 lesson g03-yuwen-007
    file '/srv/media/lessons/g03-yuwen-007.mp4'
    inpoint 0
    outpoint 1198.44
    duration 1198.44

`duration` is the played length (outpoint − inpoint), so the demuxer places the next file
exactly where the plan does. The `# airclass` header lets `playout verify` turn seconds back
into frames.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from airclass.config.timecode import FrameRate, parse_timecode, timecode
from airclass.playout.errors import ConcatScriptError
from airclass.playout.rundown import Rundown

HEADER = "ffconcat version 1.0"


def microseconds(frames: int, rate: FrameRate) -> int:
    """Frames as whole microseconds, rounded half up (integer arithmetic: fast and exact)."""
    whole, rest = divmod(frames * rate.den * 1_000_000, rate.num)
    return whole + (2 * rest >= rate.num)


def decimal_seconds(frames: int, rate: FrameRate) -> str:
    """Frames as decimal seconds, exact when finite, else to the microsecond: 30 → '1.2' at 25."""
    whole, fraction = divmod(microseconds(frames, rate), 1_000_000)
    return f"{whole}.{fraction:06d}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ConcatEntry:
    file: str
    inpoint: Fraction
    outpoint: Fraction
    duration: Fraction


@dataclass(frozen=True)
class ConcatScript:
    channel: str
    date: str
    rate: FrameRate
    day_start: int
    entries: tuple[ConcatEntry, ...]

    def frames(self, value: Fraction) -> int:
        return _frames(value, self.rate)

    def starts(self) -> list[int]:
        """Planned start frame of each entry: the day start plus the durations before it."""
        starts, cursor = [], self.day_start
        for entry in self.entries:
            starts.append(cursor)
            cursor += self.frames(entry.duration)
        return starts


def render_script(rundown: Rundown, media_root: Path) -> str:
    rate = rundown.rate
    lines = [
        HEADER,
        f"# airclass channel={rundown.channel.id} date={rundown.date.isoformat()} "
        f"rate={rate} day_start={timecode(rundown.day_start, rate)}",
    ]
    paths: dict[str, str] = {}
    for item in rundown.items:
        path = paths.setdefault(item.source, str(media_root / item.source))
        lines += [
            f"# {rundown.clock(item.start)} {item.kind.value} {item.lesson_id or item.asset}",
            "file " + "'" + path.replace("'", "'\\''") + "'",
            f"inpoint {decimal_seconds(item.in_point, rate)}",
            f"outpoint {decimal_seconds(item.out_point, rate)}",
            f"duration {decimal_seconds(item.duration, rate)}",
        ]
    return "\n".join(lines) + "\n"


def read_script(path: Path) -> ConcatScript:
    """Parse a script written by `render_script`; raises ConcatScriptError with the line."""
    header: dict[str, str] = {}
    entries: list[dict[str, object]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != HEADER:
        raise ConcatScriptError(path=str(path), line=1, reason=f"first line must be {HEADER!r}")
    for number, line in enumerate(lines[1:], start=2):
        text = line.strip()
        if text.startswith("# airclass "):
            header.update(field.split("=", 1) for field in text[11:].split() if "=" in field)
        elif text and not text.startswith("#"):
            _directive(path, number, text, entries)
    return _script(path, header, entries)


def _directive(path: Path, number: int, text: str, entries: list[dict[str, object]]) -> None:
    keyword, _, value = text.partition(" ")
    if keyword == "file":
        entries.append({"file": _unquote(value.strip())})
    elif keyword in ("inpoint", "outpoint", "duration") and entries:
        try:
            entries[-1][keyword] = _number(value.strip())
        except ValueError:
            raise ConcatScriptError(
                path=str(path), line=number, reason=f"bad number {value!r}"
            ) from None
    else:
        raise ConcatScriptError(path=str(path), line=number, reason=f"unexpected {keyword!r}")


def _unquote(value: str) -> str:
    """'a'\\''b' → a'b: the quoting `render_script` writes (single quotes, '\\'' inside)."""
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("'\\''", "'")
    return value


@functools.lru_cache(maxsize=4096)
def _number(text: str) -> Fraction:
    """Cached: a day repeats the same few lengths thousands of times."""
    return Fraction(text)


def _script(path: Path, header: dict[str, str], entries: list[dict[str, object]]) -> ConcatScript:
    missing = {"channel", "date", "rate", "day_start"} - set(header)
    if missing:
        raise ConcatScriptError(
            path=str(path), line=2, reason=f"# airclass header lacks {sorted(missing)}"
        )
    rate = FrameRate.parse(header["rate"])
    parsed = []
    for index, entry in enumerate(entries):
        if "duration" not in entry:
            raise ConcatScriptError(
                path=str(path), line=0, reason=f"entry {index + 1} has no duration"
            )
        inpoint = entry.get("inpoint", Fraction(0))
        duration = entry["duration"]
        outpoint = entry.get("outpoint", inpoint + duration)
        parsed.append(ConcatEntry(str(entry["file"]), inpoint, outpoint, duration))
    day_start = parse_timecode(header["day_start"], rate)
    return ConcatScript(header["channel"], header["date"], rate, day_start, tuple(parsed))


@functools.lru_cache(maxsize=4096)
def _frames(value: Fraction, rate: FrameRate) -> int:
    return round(value * rate.fps)
