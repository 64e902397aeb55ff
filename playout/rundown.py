"""Rundowns: what one channel transmits on one playlist day, frame by frame.

A playlist day starts at the channel's `day_start` (06:00 in the demo) and runs 24 hours,
so its items may pass local midnight. Item frames count from local midnight of the
rundown's `date`, like `Airing.start_frame`: an item at 01:00 the next morning starts at
frame (24 + 1) × 3600 × 25 of the day before. A playlist day is always 24 hours of frames:
daylight-saving shifts are not modelled (China's zones have none).

>>> item = RundownItem(start=720_000, duration=30_000, kind=ItemKind.LESSON, asset="a",
...     source="lessons/a.mp4", in_point=0, out_point=30_000, clip_frames=30_000)
>>> item.end, item.is_trimmed
(750000, False)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

from airclass.config.schema.channels import Channel
from airclass.config.schema.world import World
from airclass.config.timecode import FrameRate, frames_from_minutes, frames_from_seconds, timecode
from airclass.solver.plan import Airing, Plan

DAY_MINUTES = 24 * 60


class ItemKind(StrEnum):
    LESSON = "lesson"
    BREAK_INTERSTITIAL = "break_interstitial"
    """Eye exercises, rest and movement between lessons (L4)."""
    STATION_IDENT = "station_ident"
    FIXED = "fixed"
    FILLER = "filler"
    AD_BREAK = "ad_break"
    """A placeholder the ad house fills; only between programmes (B1)."""
    SLATE = "slate"

    @property
    def is_programme(self) -> bool:
        """Programmes are what the guide lists: lessons and fixed items."""
        return self in (ItemKind.LESSON, ItemKind.FIXED)


@dataclass(frozen=True)
class RundownItem:
    """One clip played from `in_point` to `out_point` (frames into the source)."""

    start: int
    duration: int
    kind: ItemKind
    asset: str
    source: str
    """Asset path relative to the media root."""
    in_point: int
    out_point: int
    clip_frames: int
    """True length of the source, so `out_point < clip_frames` means it was trimmed."""
    title: str = ""
    airing: Airing | None = None

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def lesson_id(self) -> str | None:
        return self.airing.lesson_id if self.airing else None

    @property
    def is_trimmed(self) -> bool:
        return self.out_point < self.clip_frames


@dataclass(frozen=True)
class Overrun:
    """A programme cut short because the next one must start on its bell time."""

    start: int
    title: str
    planned_frames: int
    aired_frames: int


@dataclass(frozen=True)
class Rundown:
    channel: Channel
    date: dt.date
    items: tuple[RundownItem, ...]
    overruns: tuple[Overrun, ...] = ()

    @cached_property
    def rate(self) -> FrameRate:
        return self.channel.frame_rate

    @cached_property
    def day_start(self) -> int:
        return frames_from_minutes(self.channel.day_start, self.rate)

    @cached_property
    def day_frames(self) -> int:
        return frames_from_minutes(DAY_MINUTES, self.rate)

    @cached_property
    def day_end(self) -> int:
        return self.day_start + self.day_frames

    def wall_clock(self, frame: int) -> dt.datetime:
        """Local, zone-aware date and time of a frame of this rundown."""
        midnight = dt.datetime.combine(self.date, dt.time(), ZoneInfo(self.channel.timezone))
        offset = dt.timedelta(seconds=float(frame / self.rate.fps))
        return (midnight.replace(tzinfo=None) + offset).replace(tzinfo=midnight.tzinfo)

    def clock(self, frame: int) -> str:
        """Time-of-day timecode HH:MM:SS:FF of a frame (wrapping past midnight)."""
        return timecode(frame % self.day_frames, self.rate)

    @cached_property
    def programmes(self) -> tuple[RundownItem, ...]:
        """Lessons and fixed items, in time order."""
        return tuple(item for item in self.items if item.kind.is_programme)


def planned_clip_frames(world: World, rate: FrameRate | None = None) -> dict[str, int]:
    """Every asset's planned length (assets.toml `planned_seconds`) in frames at `rate`.

    Without a catalogue this stands in for true lengths; `rate` defaults to the rate the
    channels share (25 in China).
    """
    rate = rate or _common_rate(world)
    return {
        asset_id: max(1, frames_from_seconds(asset.planned_seconds, rate))
        for asset_id, asset in world.assets.items()
    }


def clip_frames_for(plan: Plan, world: World) -> dict[str, int]:
    """Clip lengths for a plan's rundowns when no catalogue is at hand: its lectures at the
    lengths the plan measured (the validated files' own, at planning time), every other clip
    (fixed items, breaks, filler) at its planned length. A lecture's planned length is only the
    producer's target: a day list built on it would drift from the real files."""
    lectures = {airing.asset for airing in plan.airings}
    return {k: v for k, v in planned_clip_frames(world).items() if k not in lectures}


def _common_rate(world: World) -> FrameRate:
    rates = {channel.frame_rate for channel in world.channels}
    if len(rates) != 1:
        raise ValueError(
            f"channels use different frame rates {sorted(map(str, rates))}; pass rate="
        )
    return rates.pop()
