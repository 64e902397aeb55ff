"""L4 before air: the breaks of the week's ffplayout playlists, as they will air.

- Every lesson is followed on its channel, at once, by the channel's eye-exercise clip
  (policy min_break.eye_exercise_after_lessons, channels.toml clips.eye_exercise); the gap
  filler airs filler after it (playout.gap_fill).
- Between two lessons of one grade, on any channels, lies at least min_break.minutes. On a
  channel shared by grades another grade's lesson may air in that break: the child who just
  watched has done the eye exercises, and rests while another grade learns.

A lesson's grade comes from its source: the curriculum lesson whose asset it plays.
`pre_air_problems` is what `playout check` (playout.precheck) adds to its report.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path, PurePosixPath

from airclass.config.schema.world import World
from airclass.config.timecode import (
    FrameRate,
    frames_from_minutes,
    frames_from_seconds,
    timecode,
)
from airclass.playout.rundown import DAY_MINUTES, ItemKind


@dataclass(frozen=True)
class BreakProblem:
    key: str
    fields: dict[str, object]
    channel: str
    day: str


@dataclass(frozen=True)
class _Entry:
    channel: str
    day: str
    start: Fraction
    """Seconds from midnight of the Monday of the playlists' first day."""
    end: Fraction
    category: str
    asset: str | None
    title: str
    timecode: str


def pre_air_problems(export_dir: Path, world: World) -> list[BreakProblem]:
    """Every L4 break problem of the playlists under `export_dir/ffplayout`."""
    entries = list(_entries(export_dir, world))
    return _eye_exercises(entries, world) + _breaks(entries, world)


def _entries(export_dir: Path, world: World) -> Iterator[_Entry]:
    by_path = {asset.path: asset.id for asset in world.assets.values()}
    for path in sorted((export_dir / "ffplayout").glob("*/*/*/*.json")):
        channel_id = path.relative_to(export_dir / "ffplayout").parts[0]
        channel = world.channel(channel_id)
        rate = channel.frame_rate
        playlist = json.loads(path.read_text(encoding="utf-8"))
        day = path.stem
        base = Fraction(_ordinal(day) * DAY_MINUTES * 60)
        cursor = frames_from_minutes(channel.day_start, rate)
        for entry in playlist["program"]:
            frames = _frames(entry["out"], rate) - _frames(entry["in"], rate)
            yield _Entry(
                channel=channel_id,
                day=day,
                start=base + cursor / rate.fps,
                end=base + (cursor + frames) / rate.fps,
                category=entry.get("category", ""),
                asset=_asset(entry["source"], by_path),
                title=entry.get("title", ""),
                timecode=timecode(cursor % frames_from_minutes(DAY_MINUTES, rate), rate),
            )
            cursor += frames


def _ordinal(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal()


def _frames(seconds: float, rate: FrameRate) -> int:
    return frames_from_seconds(Fraction(str(seconds)), rate)


def _asset(source: str, by_path: dict[str, str]) -> str | None:
    parts = PurePosixPath(source).parts
    for start in range(len(parts)):
        if (relative := "/".join(parts[start:])) in by_path:
            return by_path[relative]
    return None


def _eye_exercises(entries: list[_Entry], world: World) -> list[BreakProblem]:
    if not world.policy.min_break.eye_exercise_after_lessons:
        return []
    problems = []
    for entry, after in zip(entries, entries[1:] + [None], strict=True):
        if entry.category != ItemKind.LESSON:
            continue
        eye = world.channel(entry.channel).clips.eye_exercise
        if eye is None:
            continue
        follows = after is not None and after.channel == entry.channel and after.asset == eye
        if not (follows and after is not None and after.start == entry.end):
            problems.append(_problem("playout.check.no_eye_exercise", entry))
    return problems


def _breaks(entries: list[_Entry], world: World) -> list[BreakProblem]:
    grade_of = {ref.lesson.asset: ref.grade for ref in world.lessons()}
    need = Fraction(world.policy.min_break.minutes * 60)
    lessons: dict[int, list[_Entry]] = defaultdict(list)
    for entry in entries:
        if entry.category == ItemKind.LESSON and entry.asset in grade_of:
            lessons[grade_of[entry.asset]].append(entry)
    problems = []
    for grade, mine in sorted(lessons.items()):
        mine.sort(key=lambda e: e.start)
        for first, second in zip(mine, mine[1:], strict=False):
            if second.start - first.end < need:
                problems.append(_problem("playout.check.short_break", second, grade=grade))
    return problems


def _problem(key: str, entry: _Entry, **fields: object) -> BreakProblem:
    located = {
        "channel": entry.channel,
        "day": entry.day,
        "timecode": entry.timecode,
        "title": entry.title,
        **fields,
    }
    return BreakProblem(key, located, entry.channel, entry.day)
