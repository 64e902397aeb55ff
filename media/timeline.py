"""The timeline of one file, from its one decode: a thumbnail strip, loudness over time, and
black, freeze, silence and advert bands. The console draws it; nothing here judges.

The strip taps the end of the decode pass's picture chain (media.decode_pass), so its frames
are decoded once, and large pictures arrive already scaled down for black and freeze:

    …,freezedetect=…,split=2[vd][vt];[vd]select=0[v];
    [vt]select='gte(t,27.5)*(…next slot…)',scale=96:54,setsar=1,tile=24x1[t]

and it leaves ffmpeg on stdout as one JPEG. The curve is read from ebur128's per-frame lines
(every 0.1 s), which the log of the pass holds anyway.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from airclass.config.schema.profile import Timeline as TimelineSettings
from airclass.media.ffmpeg_log import TimeRun
from airclass.media.probe import Stream
from pydantic import BaseModel, ConfigDict

BandKind = Literal["black", "freeze", "silence", "advert"]

_FRAME = re.compile(r"\bt:\s*([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(\S+)\s+S:\s*(\S+)")
_SHORT_TERM = 3.0
"""Seconds in ebur128's short-term window: before it has filled, S reads as silence."""


@dataclass(frozen=True)
class StripPlan:
    """How the strip samples a file: `count` tiles of `width`×`height`, one every `every` s."""

    count: int
    every: float
    width: int
    height: int

    def chain(self) -> str:
        """The filter chain from a decoded picture to one strip image (input and output open).

        Tile i is the first frame at or after the middle of slot i, so a slot that is all
        black shows black. (fps would drop the last slot: it waits for a frame past it.)"""
        first, every = f"{self.every / 2:.3f}", f"{self.every:.3f}"
        at = "(t-start_t)"  # from the first frame: a file may start at a later timestamp
        slot = f"floor(({at}-{first})/{every})"
        previous = f"floor((prev_selected_t-start_t-{first})/{every})"
        return (
            f"select='gte({at},{first})*(isnan(prev_selected_t)+gt({slot},{previous}))',"
            f"scale={self.width}:{self.height},setsar=1,tile={self.count}x1"
        )


def strip_plan(stream: Stream, seconds: float, settings: TimelineSettings) -> StripPlan | None:
    """The strip for a picture stream lasting `seconds` (None: no strip wanted or possible)."""
    if settings.thumbnails == 0 or seconds <= 0 or not stream.width or not stream.height:
        return None
    count = max(1, min(settings.thumbnails, math.ceil(seconds)))  # at most one a second
    height = settings.thumbnail_height
    width = max(2, round(height * _display_aspect(stream) / 2) * 2)
    return StripPlan(count=count, every=seconds / count, width=width, height=height)


def _display_aspect(stream: Stream) -> float:
    """Width over height as shown: anamorphic SD (720×576, SAR 64:45) is 16:9."""
    num, _, den = (stream.display_aspect_ratio or "").partition(":")
    if num.isdigit() and den.isdigit() and int(num) and int(den):
        return int(num) / int(den)
    return (stream.width or 1) / (stream.height or 1)


class Strip(BaseModel):
    """One JPEG of `count` tiles side by side, tile i showing the middle of slot i."""

    model_config = ConfigDict(frozen=True)

    jpeg: bytes
    count: int
    every: float
    width: int
    height: int


class Band(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: BandKind
    start: float
    end: float


class Timeline(BaseModel):
    """What the console's timeline picture shows of one validated file."""

    model_config = ConfigDict(frozen=True)

    seconds: float
    strip: Strip | None = None
    step: float = 0.0
    """Seconds per loudness point; point i covers [i·step, (i+1)·step)."""
    loudness: list[float | None] = []
    """The loudest short-term loudness (LUFS, 3 s window) in each step; None: below the floor."""
    target_lufs: float | None = None
    bands: list[Band] = []
    bands_dropped: int = 0

    def to_json(self) -> dict[str, Any]:
        """Everything but the JPEG (stored beside it), with the strip's geometry."""
        data = self.model_dump(mode="json", exclude={"strip"})
        if self.strip is not None:
            data["strip"] = self.strip.model_dump(mode="json", exclude={"jpeg"})
        return data


Curve = tuple[float, list[float | None]]
"""(seconds per point, the loudest short-term LUFS in each step or None below the floor)."""


def read_curve(log: str, *, seconds: float, settings: TimelineSettings) -> Curve:
    """(step, points): ebur128's per-frame loudness in at most `curve_points` equal steps,
    each the loudest short-term value in it (momentary for the first 3 s, before the
    short-term window has filled)."""
    frames = _FRAME.findall(log)
    if not frames or seconds <= 0:
        return 0.0, []
    count = max(1, min(settings.curve_points, int(seconds / settings.curve_step_seconds)))
    step = seconds / count
    points: list[float | None] = [None] * count
    for at, momentary, short_term in frames:
        # A frame's value covers the 0.1 s before its time: place it there.
        index = min(count - 1, max(0, int((float(at) - 0.05) / step)))
        value = float(short_term) if float(at) >= _SHORT_TERM else float(momentary)
        if value >= settings.curve_floor_lufs and (points[index] or -math.inf) < value:
            points[index] = round(value, 1)
    return step, points


def bands(
    runs: dict[BandKind, list[TimeRun]], adverts: list[TimeRun], *, limit: int
) -> tuple[list[Band], int]:
    """Every run as a band, advert signs last, at most `limit` (and how many were dropped)."""
    found = [
        Band(kind=kind, start=round(run.start, 3), end=round(run.end, 3))
        for kind, kind_runs in runs.items()
        for run in kind_runs
    ]
    found += [Band(kind="advert", start=round(r.start, 3), end=round(r.end, 3)) for r in adverts]
    return found[:limit], max(0, len(found) - limit)
