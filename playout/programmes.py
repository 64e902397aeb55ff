"""What is fixed on a channel's playlist day before gaps are filled: programmes and windows.

Programmes are the plan's lessons and the channel's fixed items; windows are the weekly
broadcast windows of the timetable that runs that day (`Term.timetable_day`: holidays and
days before term have none, swapped workdays follow the weekday they work as). Everything
is in frames after local midnight of the playlist date; what falls between midnight and the
next day start belongs to the previous playlist day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from airclass.config.schema.channels import Channel
from airclass.config.schema.common import Weekday
from airclass.config.schema.term import Term
from airclass.config.timecode import frames_from_minutes
from airclass.playout.rundown import DAY_MINUTES, ItemKind
from airclass.solver.plan import Airing, Plan


@dataclass(frozen=True)
class Programme:
    """A lesson or fixed item that must start exactly on `start`."""

    start: int
    kind: ItemKind
    slot_frames: int
    """Frames the plan or config reserves (a fixed item's duration, a lesson's slot)."""
    asset: str | None
    title: str
    airing: Airing | None = None

    @property
    def lesson_id(self) -> str | None:
        return self.airing.lesson_id if self.airing else None


def playlist_date(channel: Channel, date: dt.date, start_frame: int) -> tuple[dt.date, int]:
    """(playlist date, frame from its midnight) of a frame counted from midnight of `date`."""
    rate = channel.frame_rate
    if start_frame < frames_from_minutes(channel.day_start, rate):
        return date - dt.timedelta(days=1), start_frame + frames_from_minutes(DAY_MINUTES, rate)
    return date, start_frame


def playlist_days(plan: Plan, channel: Channel) -> list[dt.date]:
    """The seven days of the plan's week, plus any day an airing of `channel` spills into."""
    days = {plan.week + dt.timedelta(days=i) for i in range(7)}
    for airing in plan.airings:
        if airing.channel == channel.id:
            days.add(playlist_date(channel, airing.date, airing.start_frame)[0])
    return sorted(days)


def lesson_programmes(plan: Plan, channel: Channel, day: dt.date) -> list[Programme]:
    programmes = []
    for airing in plan.airings:
        if airing.channel != channel.id:
            continue
        date, start = playlist_date(channel, airing.date, airing.start_frame)
        if date == day:
            programmes.append(
                Programme(
                    start, ItemKind.LESSON, airing.slot_frames, airing.asset, airing.title, airing
                )
            )
    return programmes


def _calendar_halves(channel: Channel, day: dt.date) -> Iterable[tuple[dt.date, int]]:
    """The two calendar dates a playlist day touches, with the frame offset of each midnight."""
    yield day, 0
    yield day + dt.timedelta(days=1), frames_from_minutes(DAY_MINUTES, channel.frame_rate)


def _in_day(channel: Channel, frame: int) -> bool:
    rate = channel.frame_rate
    start = frames_from_minutes(channel.day_start, rate)
    return start <= frame < start + frames_from_minutes(DAY_MINUTES, rate)


def fixed_programmes(channel: Channel, term: Term, day: dt.date) -> list[Programme]:
    rate = channel.frame_rate
    programmes = []
    for date, offset in _calendar_halves(channel, day):
        weekday = term.timetable_day(date)
        for fixed in channel.fixed:
            start = offset + frames_from_minutes(fixed.start, rate)
            if weekday in fixed.days and _in_day(channel, start):
                slot = frames_from_minutes(fixed.duration_minutes, rate)
                programmes.append(Programme(start, ItemKind.FIXED, slot, fixed.asset, fixed.title))
    return programmes


def broadcast_windows(channel: Channel, term: Term, day: dt.date) -> list[tuple[int, int]]:
    """Broadcast windows of the playlist day as sorted (start, end) frames, clipped to the day."""
    rate = channel.frame_rate
    day_start = frames_from_minutes(channel.day_start, rate)
    day_end = day_start + frames_from_minutes(DAY_MINUTES, rate)
    windows = []
    for date, offset in _calendar_halves(channel, day):
        weekday: Weekday | None = term.timetable_day(date)
        for window in channel.windows:
            if weekday not in window.days:
                continue
            start = max(day_start, offset + frames_from_minutes(window.start, rate))
            end = min(day_end, offset + frames_from_minutes(window.end, rate))
            if start < end:
                windows.append((start, end))
    return sorted(windows)
