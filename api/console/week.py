"""The week view's data: each channel's days as blocks placed to scale, and a version's
changes against the week's published version as families will see them.

Blocks come from playout's rundowns (the same items the playout files carry: lessons, fixed
items, eye-exercise breaks, filler), so the console shows what will air, not a second guess.
Templates receive these plain dataclasses and never query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from airclass.api.db import versions
from airclass.api.db.models import ScheduleVersion, VersionState
from airclass.config import World, load_world
from airclass.config.errors import AirclassError
from airclass.config.timecode import FrameRate
from airclass.playout.build import build_rundowns
from airclass.playout.programmes import broadcast_windows
from airclass.playout.rundown import ItemKind, clip_frames_for
from airclass.solver.plan import Airing, Plan
from sqlalchemy import select
from sqlalchemy.orm import Session

_PLACEMENT = ("channel", "date", "start_frame", "duration_frames")


@dataclass(frozen=True)
class Block:
    """One item on the grid: `top` and `height` in minutes from the channel's first window."""

    kind: str
    top: float
    height: float
    start: str
    """Local clock time, HH:MM."""
    length: str
    """Duration as M:SS."""
    title: str
    airing: Airing | None = None
    change: str | None = None
    """added | moved for a lesson that differs from the published version."""


@dataclass(frozen=True)
class DayColumn:
    date: dt.date
    blocks: list[Block]


@dataclass(frozen=True)
class ChannelGrid:
    id: str
    name: str
    top: int
    """Minutes after midnight of the earliest window of the week."""
    height: int
    days: list[DayColumn]

    @property
    def hours(self) -> list[tuple[float, str]]:
        """Hour lines: (minutes from the top, HH:00)."""
        first = -(-self.top // 60) * 60
        return [
            (m - self.top, f"{m // 60:02d}:00") for m in range(first, self.top + self.height, 60)
        ]


@dataclass(frozen=True)
class Change:
    """One airing that families will see change when this version is published."""

    kind: str
    """added | moved | cancelled"""
    airing: Airing
    before: Airing | None
    sequence: int
    """The iCal SEQUENCE calendars will receive."""


@dataclass
class WeekDiff:
    against: int | None
    """The published version compared with (None: the week was never published)."""
    changes: list[Change] = field(default_factory=list)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def by_uid(self) -> dict[str, str]:
        return {c.airing.uid: c.kind for c in self.changes}


def week_versions(session: Session, week: dt.date) -> list[ScheduleVersion]:
    """The week's versions, newest first."""
    query = select(ScheduleVersion).where(ScheduleVersion.week == week)
    return list(session.scalars(query.order_by(ScheduleVersion.id.desc())))


def shown_version(
    session: Session, week: dt.date, version_id: int | None
) -> ScheduleVersion | None:
    """The version asked for, else the week's newest (a draft under review, or the live one)."""
    if version_id is not None:
        found = versions.get_version(session, version_id)
        return found if found.week == week else None
    found = week_versions(session, week)
    return found[0] if found else None


def diff_against_published(session: Session, version: ScheduleVersion) -> WeekDiff:
    """What publishing `version` would change for families (versions.publish's rules, read-only):
    a moved airing gets SEQUENCE + 1, a dropped one a cancellation, a new one SEQUENCE 0."""
    if version.state is VersionState.PUBLISHED:
        return WeekDiff(against=None)
    live = versions.previous_published(session, version.week)
    if live is None:
        plan = versions.load_plan(session, version.id)
        return WeekDiff(None, [Change("added", a, None, 0) for a in plan.airings])
    before_rows = {r.uid: r for r in live.airings if not r.is_cancelled}
    before = {a.uid: a for a in versions.load_plan(session, live.id).airings}
    after = versions.load_plan(session, version.id).airings
    diff = WeekDiff(against=live.id)
    for airing in after:
        row = before_rows.get(airing.uid)
        if row is None:
            diff.changes.append(Change("added", airing, None, 0))
        elif any(getattr(airing, f) != getattr(row, f) for f in _PLACEMENT):
            diff.changes.append(Change("moved", airing, before.get(airing.uid), row.sequence + 1))
    kept = {a.uid for a in after}
    for uid, row in before_rows.items():
        if uid not in kept and uid in before:
            diff.changes.append(Change("cancelled", before[uid], None, row.sequence + 1))
    diff.changes.sort(key=lambda c: (c.airing.date, c.airing.channel, c.airing.start_frame))
    return diff


def load_config_world(config_dir: Path | None) -> World | None:
    try:
        return load_world(config_dir) if config_dir else None
    except AirclassError:
        return None


def week_grids(
    plan: Plan,
    world: World | None,
    channel_names: dict[str, str],
    *,
    grade: int | None = None,
    changes: dict[str, str] | None = None,
) -> list[ChannelGrid]:
    """Each channel's week as columns of blocks; with `grade`, only channels airing that grade
    and only its lessons (fixed items and breaks stay, as the grade's families see them)."""
    changes = changes or {}
    days = [plan.week + dt.timedelta(days=n) for n in range(7)]
    rundowns = _rundowns(plan, world)
    grids = []
    channel_ids = sorted({a.channel for a in plan.airings} | {r[0] for r in rundowns})
    for channel_id in channel_ids:
        airings = [a for a in plan.airings if a.channel == channel_id]
        if grade is not None and not any(a.grade == grade for a in airings):
            continue
        rate = FrameRate.parse(plan.frame_rate.get(channel_id, "25"))
        columns = {d: [] for d in days}
        items = [item for cid, date, item in rundowns if cid == channel_id and date in columns]
        for date, start, frames, kind, title, airing in items or _lesson_items(airings):
            if airing is not None and grade is not None and airing.grade != grade:
                continue
            columns[date].append((start, frames, kind, title, airing))
        windows = _window_minutes(world, channel_id, days, rate)
        placed = [start / rate.fps / 60 for col in columns.values() for start, *_ in col]
        ends = [(s + f) / rate.fps / 60 for col in columns.values() for s, f, *_ in col]
        top = int(min([w[0] for w in windows] + placed, default=8 * 60))
        bottom = int(-(-max([w[1] for w in windows] + ends, default=top + 60) // 1))
        blocks_by_day = [
            DayColumn(d, [_block(top, rate, *item, changes) for item in columns[d]]) for d in days
        ]
        name = channel_names.get(channel_id, channel_id)
        grids.append(ChannelGrid(channel_id, name, top, bottom - top, blocks_by_day))
    return grids


def _rundowns(plan: Plan, world: World | None) -> list[tuple[str, dt.date, tuple]]:
    """(channel, date, item) of every rundown item inside a broadcast window; [] without a world
    or when playout cannot build the week (the grid then shows lessons only)."""
    if world is None:
        return []
    try:
        rundowns = build_rundowns(plan, world, clip_frames_for(plan, world))
    except AirclassError:
        return []
    found = []
    for rundown in rundowns:
        windows = broadcast_windows(rundown.channel, world.term, rundown.date)
        entries: list[tuple] = []
        for item in rundown.items:
            if not any(start <= item.start < end for start, end in windows):
                continue
            kind = item.kind.value
            last = entries[-1] if entries else None
            if (
                last is not None
                and last[3] == kind
                and not item.kind.is_programme
                and last[1] + last[2] == item.start
            ):  # a run of filler clips is one block on the grid
                entries[-1] = (*last[:2], last[2] + item.duration, *last[3:])
                continue
            entries.append((rundown.date, item.start, item.duration, kind, item.title, item.airing))
        found += [(rundown.channel.id, rundown.date, entry) for entry in entries]
    return found


def _lesson_items(airings: Sequence[Airing]) -> list[tuple]:
    kind = ItemKind.LESSON.value
    return [(a.date, a.start_frame, a.duration_frames, kind, a.title, a) for a in airings]


def _window_minutes(
    world: World | None, channel_id: str, days: list[dt.date], rate: FrameRate
) -> list[tuple[float, float]]:
    channel = next((c for c in world.channels if c.id == channel_id), None) if world else None
    if channel is None or world is None:
        return []
    spans = [w for d in days for w in broadcast_windows(channel, world.term, d)]
    return [(s / rate.fps / 60, e / rate.fps / 60) for s, e in spans]


def _block(
    top: int,
    rate: FrameRate,
    start: int,
    frames: int,
    kind: str,
    title: str,
    airing: Airing | None,
    changes: dict[str, str],
) -> Block:
    minutes = float(start / rate.fps / 60)
    seconds = round(float(frames / rate.fps))
    clock = int(minutes) % (24 * 60)
    return Block(
        kind=kind,
        top=minutes - top,
        height=float(frames / rate.fps / 60),
        start=f"{clock // 60:02d}:{clock % 60:02d}",
        length=f"{seconds // 60}:{seconds % 60:02d}",
        title=title or (airing.title if airing else kind),
        airing=airing,
        change=changes.get(airing.uid) if airing else None,
    )
