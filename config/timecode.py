"""Frame arithmetic: time inside airclass is an integer count of frames at a channel's rate.

Seconds and non-drop SMPTE timecode exist only for display and export.

>>> rate = FrameRate.parse("25")
>>> timecode(90_061, rate)
'01:00:02:11'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, order=True)
class FrameRate:
    """A frame rate as an exact fraction, e.g. 25/1 or 30000/1001."""

    num: int
    den: int = 1

    @classmethod
    def parse(cls, text: str | int | float) -> FrameRate:
        """`"25"`, `25`, `"30000/1001"` or `"25/1"` → FrameRate; raises ValueError otherwise."""
        value = Fraction(str(text)).limit_denominator(1001)
        if value <= 0:
            raise ValueError(f"frame rate must be positive, got {text!r}")
        return cls(value.numerator, value.denominator)

    @property
    def fps(self) -> Fraction:
        return Fraction(self.num, self.den)

    @property
    def nominal(self) -> int:
        """Frames per timecode second (25 for 25p, 30 for 29.97 non-drop)."""
        return math.ceil(self.fps)

    def __str__(self) -> str:
        return str(self.num) if self.den == 1 else f"{self.num}/{self.den}"


def frames_from_seconds(
    seconds: float | Fraction, rate: FrameRate, *, round_up: bool = False
) -> int:
    exact = Fraction(seconds) * rate.fps
    return math.ceil(exact) if round_up else round(exact)


def frames_from_minutes(minutes: float, rate: FrameRate) -> int:
    return frames_from_seconds(Fraction(minutes) * 60, rate)


def seconds(frames: int, rate: FrameRate) -> Fraction:
    return Fraction(frames) / rate.fps


def timecode(frames: int, rate: FrameRate) -> str:
    """Non-drop timecode HH:MM:SS:FF of a frame count (hours may pass 23 for long spans)."""
    if frames < 0:
        raise ValueError(f"frame count must not be negative, got {frames}")
    total_seconds, ff = divmod(frames, rate.nominal)
    hh, rest = divmod(total_seconds, 3600)
    mm, ss = divmod(rest, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}"


def parse_timecode(text: str, rate: FrameRate) -> int:
    """'HH:MM:SS:FF' → frames; raises ValueError on a malformed or out-of-range field."""
    parts = text.split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise ValueError(f"timecode must look like HH:MM:SS:FF, got {text!r}")
    hh, mm, ss, ff = (int(p) for p in parts)
    if mm > 59 or ss > 59 or ff >= rate.nominal:
        raise ValueError(f"timecode field out of range in {text!r}")
    return ((hh * 60 + mm) * 60 + ss) * rate.nominal + ff
