"""channels.toml: the channels, their weekly windows, fixed items and clips."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from airclass.config.schema.common import ClockMinutes, Grade, StrictModel, Weekday, clock
from airclass.config.timecode import FrameRate
from pydantic import AfterValidator, BeforeValidator, Field, model_validator

ChannelId = Annotated[
    str, Field(pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
]
"""Looks like a domain, as XMLTV asks: `cetv4.airclass`."""


def _check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {name!r}") from None
    return name


def _parse_rate(value: object) -> FrameRate:
    if isinstance(value, FrameRate):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"frame rate must be like '25' or '30000/1001', got {value!r}")
    return FrameRate.parse(value)


Rate = Annotated[FrameRate, BeforeValidator(_parse_rate)]
TimeZone = Annotated[str, AfterValidator(_check_zone)]


class Window(StrictModel):
    """A weekly broadcast window: on these days, from start to end (local time)."""

    days: Annotated[list[Weekday], Field(min_length=1)]
    start: ClockMinutes
    end: ClockMinutes

    @model_validator(mode="after")
    def _start_before_end(self) -> Window:
        if self.start >= self.end:
            raise ValueError(
                f"window start {clock(self.start)} is not before end {clock(self.end)}"
            )
        return self


class FixedItem(StrictModel):
    """A programme that airs at a fixed time, such as a daily news relay."""

    title: str
    days: Annotated[list[Weekday], Field(min_length=1)]
    start: ClockMinutes
    duration_minutes: Annotated[float, Field(gt=0)]
    asset: str | None = None

    @model_validator(mode="after")
    def _ends_by_midnight(self) -> FixedItem:
        if self.start + self.duration_minutes > 24 * 60:
            raise ValueError(f"fixed item {self.title!r} runs past 24:00")
        return self


class Clips(StrictModel):
    """Assets playout uses around lessons (L4 breaks, idents, filler)."""

    eye_exercise: str | None = None
    ident: str | None = None
    filler: list[str] = []
    slate: str | None = None
    ad_break: str | None = None
    """Placeholder for an ad break (B1: only between programmes); the slate when unset."""


class Channel(StrictModel):
    id: ChannelId
    name: str
    name_en: str = ""
    number: str
    timezone: TimeZone = "Asia/Shanghai"
    frame_rate: Rate = FrameRate(25)
    day_start: ClockMinutes = 6 * 60
    network: str
    acceptance_profile: Annotated[str, Field(min_length=1)]
    """The media profile (config/profiles) a lecture must pass to air here (C4, L3)."""
    grades: Literal["all"] | Grade | list[Grade]
    ads_between_programmes: bool = False
    windows: Annotated[list[Window], Field(min_length=1)]
    fixed: list[FixedItem] = []
    clips: Clips = Clips()

    @property
    def grade_set(self) -> frozenset[int]:
        if self.grades == "all":
            return frozenset(range(1, 13))
        if isinstance(self.grades, int):
            return frozenset({self.grades})
        return frozenset(self.grades)

    def asset_refs(self) -> list[tuple[str, str]]:
        """(field, asset id) of every asset this channel names."""
        refs = [(f"fixed[{i}].asset", f.asset) for i, f in enumerate(self.fixed) if f.asset]
        for name in ("eye_exercise", "ident", "slate", "ad_break"):
            if ref := getattr(self.clips, name):
                refs.append((f"clips.{name}", ref))
        refs += [(f"clips.filler[{i}]", ref) for i, ref in enumerate(self.clips.filler)]
        return refs


class ChannelsFile(StrictModel):
    channel: Annotated[list[Channel], Field(min_length=1)]
