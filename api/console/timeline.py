"""The file page's timeline picture as plain geometry for an inline SVG (templates/_timeline.html).

One coordinate system, `WIDTH` units across: a gutter of lane names on the left, then time.
Rows from the top: the thumbnail strip, the loudness curve, one lane per kind of band
(black, freeze, silence, advert), the findings' marks and the time axis. Every band and mark
carries its kind and timecodes as text, and seeks the page's player when activated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, get_args

from airclass.config.timecode import FrameRate, frames_from_seconds, timecode
from airclass.media.timeline import BandKind

WIDTH = 1000
GUTTER = 120
PLOT = WIDTH - GUTTER - 10
STRIP_TOP, STRIP_HEIGHT = 0, 54
CURVE_TOP, CURVE_HEIGHT = 64, 100
LOUDEST, QUIETEST = -10.0, -70.0
"""LUFS at the top and bottom of the curve's row (-70: BS.1770's absolute gate)."""
LANE_HEIGHT, LANE_GAP = 16, 4
KINDS: tuple[str, ...] = get_args(BandKind)
_TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
_MAX_TICKS = 10


@dataclass(frozen=True)
class Tile:
    """Thumbnail `index` of the strip, drawn into the slot at `x`, `width` wide."""

    index: int
    x: float
    width: float


@dataclass(frozen=True)
class Span:
    """A band or a finding's mark: where it is drawn and what it says."""

    x: float
    width: float
    seconds: float
    label: str
    severity: str = ""


@dataclass(frozen=True)
class Lane:
    kind: str
    y: float
    spans: list[Span]


@dataclass(frozen=True)
class TimelinePicture:
    seconds: float
    height: float
    strip_url: str | None
    strip_width: int = 0
    strip_height: int = 0
    tile_width: int = 0
    tiles: list[Tile] = field(default_factory=list)
    curves: list[str] = field(default_factory=list)
    """Polyline points, one string per stretch above the floor."""
    levels: list[tuple[float, str]] = field(default_factory=list)
    """(y, label) of the curve's grid lines."""
    target: tuple[float, str] | None = None
    loudness_range: tuple[float, float] | None = None
    """Quietest and loudest point (LUFS), for the curve's text alternative."""
    lanes: list[Lane] = field(default_factory=list)
    marks_y: float = 0
    marks: list[Span] = field(default_factory=list)
    axis_y: float = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def curve_top(self) -> int:
        return CURVE_TOP


def picture(
    data: dict[str, Any],
    *,
    findings: list[dict[str, Any]],
    rate: FrameRate,
    strip_url: str | None,
    names: dict[str, str],
) -> TimelinePicture | None:
    """The drawing of a stored timeline (`Timeline.to_json()`); `names` label the lanes' bands."""
    seconds = float(data.get("seconds") or 0)
    if seconds <= 0:
        return None
    scale = _Scale(seconds, rate)
    lanes_top = CURVE_TOP + CURVE_HEIGHT + 10
    lanes = [
        Lane(kind, lanes_top + i * (LANE_HEIGHT + LANE_GAP), _bands(data, kind, scale, names))
        for i, kind in enumerate(KINDS)
    ]
    marks_y = lanes_top + len(KINDS) * (LANE_HEIGHT + LANE_GAP)
    strip = data.get("strip") if strip_url else None
    points = [v for v in data.get("loudness", []) if v is not None]
    target = data.get("target_lufs")
    return TimelinePicture(
        seconds=seconds,
        height=marks_y + LANE_HEIGHT + 24,
        strip_url=strip_url if strip else None,
        strip_width=strip["width"] * strip["count"] if strip else 0,
        strip_height=strip["height"] if strip else 0,
        tile_width=strip["width"] if strip else 0,
        tiles=_tiles(strip) if strip else [],
        curves=_curves(data, scale),
        levels=[(_level_y(v), f"{v:g}") for v in range(-10, -71, -20)],
        target=None if target is None else (_level_y(target), f"{target:g}"),
        loudness_range=(min(points), max(points)) if points else None,
        lanes=lanes,
        marks_y=marks_y,
        marks=_marks(findings, scale),
        axis_y=marks_y + LANE_HEIGHT + 4,
        ticks=_ticks(seconds, scale),
    )


@dataclass(frozen=True)
class _Scale:
    seconds: float
    rate: FrameRate

    def x(self, at: float) -> float:
        return round(GUTTER + PLOT * min(max(at, 0.0), self.seconds) / self.seconds, 2)

    def timecode(self, at: float) -> str:
        return timecode(frames_from_seconds(max(at, 0.0), self.rate), self.rate)


def _tiles(strip: dict[str, Any]) -> list[Tile]:
    count = int(strip["count"])
    slot = PLOT / count
    return [Tile(i, round(GUTTER + i * slot, 2), round(slot, 2)) for i in range(count)]


def _level_y(lufs: float) -> float:
    share = (LOUDEST - min(max(lufs, QUIETEST), LOUDEST)) / (LOUDEST - QUIETEST)
    return round(CURVE_TOP + CURVE_HEIGHT * share, 2)


def _curves(data: dict[str, Any], scale: _Scale) -> list[str]:
    """Each unbroken stretch of points as one polyline; a point sits at its step's middle."""
    step = float(data.get("step") or 0)
    stretches: list[list[str]] = [[]]
    for i, value in enumerate(data.get("loudness", [])):
        if value is None:
            stretches.append([])
            continue
        stretches[-1].append(f"{scale.x((i + 0.5) * step)},{_level_y(value)}")
    return [" ".join(points) for points in stretches if points]


def _bands(data: dict[str, Any], kind: str, scale: _Scale, names: dict[str, str]) -> list[Span]:
    spans = []
    for band in data.get("bands", []):
        if band["kind"] != kind:
            continue
        x, end = scale.x(band["start"]), scale.x(band["end"])
        label = f"{names[kind]} {scale.timecode(band['start'])}–{scale.timecode(band['end'])}"
        spans.append(Span(x, max(end - x, 2.0), float(band["start"]), label))
    return spans


def _marks(findings: list[dict[str, Any]], scale: _Scale) -> list[Span]:
    return [
        Span(
            scale.x(f["seconds"]) - 4,
            8,
            float(f["seconds"]),
            f"{f.get('timecode') or scale.timecode(f['seconds'])} {f['code']}",
            str(f.get("severity", "")),
        )
        for f in findings
        if f.get("seconds") is not None
    ]


def _ticks(seconds: float, scale: _Scale) -> list[tuple[float, str]]:
    """Round-numbered times along the axis, at most `_MAX_TICKS`, labelled HH:MM:SS."""
    step = next((s for s in _TICK_STEPS if seconds / s <= _MAX_TICKS), _TICK_STEPS[-1])
    count = math.floor(seconds / step)
    return [(scale.x(i * step), scale.timecode(i * step)[:8]) for i in range(count + 1)]
