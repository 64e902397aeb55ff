"""config/profiles/<name>.toml: what a lecture file must be to air (C4), as cited data.

A profile names its technical rules (container, video, audio, loudness, A/V sync), the
thresholds of the picture and sound analyses, and the inserted-advert signs (B1). Duration
windows are not here: they come from a config directory's policy.toml (L3, L1).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from airclass.config.schema.channels import Rate
from airclass.config.schema.common import Cited, StrictModel
from pydantic import AfterValidator, Field, model_validator

_SIZE = re.compile(r"^(\d+)x(\d+)$")
_RATIO = re.compile(r"^(\d+):(\d+)$")


class Severity(StrEnum):
    """How much a broken rule weighs: a failure blocks airing, a warning does not."""

    FAIL = "fail"
    WARN = "warn"


def _check_size(value: str) -> str:
    if not _SIZE.match(value):
        raise ValueError(f"size must look like '1920x1080', got {value!r}")
    return value


def _check_ratio(value: str) -> str:
    if not _RATIO.match(value):
        raise ValueError(f"ratio must look like '16:9', got {value!r}")
    return value


Size = Annotated[str, AfterValidator(_check_size)]
Ratio = Annotated[str, AfterValidator(_check_ratio)]
FieldOrder = Literal["progressive", "tt", "bb"]
Seconds = Annotated[float, Field(ge=0)]
Decibels = Annotated[float, Field(le=0)]


def size_of(text: str) -> tuple[int, int]:
    """'1920x1080' → (1920, 1080)."""
    width, height = text.split("x")
    return int(width), int(height)


class Container(Cited):
    """Allowed containers (ffprobe `format_name` tokens) and the file names a folder scan picks."""

    formats: Annotated[list[str], Field(min_length=1)]
    extensions: Annotated[list[str], Field(min_length=1)]

    @model_validator(mode="after")
    def _dotted_lower(self) -> Container:
        bad = [e for e in self.extensions if not e.startswith(".") or e != e.lower()]
        if bad:
            raise ValueError(f"extensions must be lower case and start with '.', got {bad}")
        return self


class Video(Cited):
    """Picture format: exactly one video stream with these properties."""

    codecs: Annotated[list[str], Field(min_length=1)]
    sizes: list[Size] = []
    """Exact frame sizes allowed; empty means any size from `min_size` up."""
    min_size: Size | None = None
    frame_rate: Rate
    field_orders: Annotated[list[FieldOrder], Field(min_length=1)]
    display_aspects: list[Ratio] = []
    """Allowed DAR; empty means any."""
    sample_aspects: list[Ratio] = []
    """Allowed SAR; empty means any."""
    pix_fmts: Annotated[list[str], Field(min_length=1)]
    color_ranges: Annotated[list[str], Field(min_length=1)]
    """ffprobe `color_range` values; 'unknown' means unsignalled."""

    @model_validator(mode="after")
    def _some_size_rule(self) -> Video:
        if not self.sizes and self.min_size is None:
            raise ValueError("give `sizes` (exact) or `min_size` (lower bound)")
        return self


class Audio(Cited):
    codecs: Annotated[list[str], Field(min_length=1)]
    sample_rate: Annotated[int, Field(gt=0)]
    channels: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]
    layouts: list[str] = []
    """Allowed ffprobe `channel_layout` names; empty means any layout for the channel count."""


class Loudness(Cited):
    """Programme loudness: integrated loudness within target ± tolerance, peak under a ceiling."""

    target_lufs: Annotated[float, Field(lt=0)]
    tolerance_lu: Annotated[float, Field(gt=0)]
    max_peak_dbtp: Decibels
    peak: Literal["true", "sample"] = "true"
    """'true' oversamples (ITU-R BS.1770 true peak); 'sample' is cheaper and reads lower."""
    severity: Severity = Severity.FAIL


class AvSync(Cited):
    """Audio and video streams end together, within this many frames."""

    max_frames: Annotated[int, Field(ge=0)]


class Decode(Cited):
    """A full decode may log at most this many errors."""

    max_errors: Annotated[int, Field(ge=0)]


class BlackRuns(Cited):
    """Black picture: runs of at least `min_seconds`; some black is allowed at head and tail."""

    min_seconds: Annotated[float, Field(gt=0)]
    picture_ratio: Annotated[float, Field(gt=0, le=1)]
    pixel_threshold: Annotated[float, Field(ge=0, le=1)]
    max_head_seconds: Seconds
    max_tail_seconds: Seconds
    severity: Severity = Severity.FAIL


class FreezeRuns(Cited):
    min_seconds: Annotated[float, Field(gt=0)]
    noise_db: Decibels
    severity: Severity = Severity.WARN


class SilenceRuns(Cited):
    min_seconds: Annotated[float, Field(gt=0)]
    noise_db: Decibels
    severity: Severity = Severity.WARN


class Adverts(Cited):
    """Signs of an advert inserted inside a lesson (B1)."""

    forbid_scte35: bool = True
    forbid_chapters: bool = True
    break_min_seconds: Annotated[float, Field(gt=0)]
    """A black + silence overlap at least this long is a break."""
    segment_min_seconds: Annotated[float, Field(gt=0)]
    segment_max_seconds: Annotated[float, Field(gt=0)]
    """Two interior breaks this far apart bracket a segment: the pattern of an advert."""


class DurationRules(StrictModel):
    """Which duration rules of policy.toml apply: the stage window (L3), the lecture cap (L1)."""

    stage_window: bool = True
    lecture_max: bool = False


class Analysis(StrictModel):
    """Engineering knobs of the decode passes (speed versus detail), not rules."""

    detect_width: Annotated[int, Field(ge=32)] = 480
    """Black and freeze are measured on a picture scaled down to this width (never up)…"""
    detect_share: Annotated[float, Field(gt=0, le=1)] = 1.0
    """…and to at most this share of its lines (0.5: every other line)."""
    idet_window: Size = "640x360"
    """Field order is measured on a centre crop of at most this size (full lines kept)."""
    idet_share: Annotated[float, Field(gt=0, le=1)] = 1.0
    """…and of at most this share of the picture's width and height. On small pictures idet's
    cost goes by the line, so this is what keeps it down there."""
    idet_min_window: Size = "48x32"
    """…but never smaller than this: on smaller windows idet reads a field order into a
    progressive picture (an 18×16 window of a 64×36 progressive test card: 7469 of 7501 frames
    'top field first'; 48×32 of it: all undetermined, as the whole picture)."""
    field_order_dominance: Annotated[float, Field(gt=0.5, le=1)] = 0.9
    """Share of frames idet must call TFF (or BFF) before the file counts as interlaced."""
    decode_threads: Annotated[int, Field(ge=0)] = 0
    """0 lets ffmpeg choose; 1 is fastest for tiny pictures decoded many files at a time."""
    thumbnail_width: Annotated[int, Field(ge=32)] = 240


class Timeline(StrictModel):
    """The console's timeline picture, drawn from the validation's one decode (not rules).

    Each validation stores it beside its record, so these bound what one record may hold:
    a strip of `thumbnails` tiles (24 tiles of 96×54 measured 17–34 KB of JPEG), at most
    `curve_points` numbers and `bands` bands.
    """

    thumbnails: Annotated[int, Field(ge=0, le=200)] = 24
    """Thumbnails in the strip (0: no strip); 24 fill a page-wide timeline at 40 px each."""
    thumbnail_height: Annotated[int, Field(ge=16, le=270)] = 54
    """Pixels; the strip is drawn at this height, so larger only costs bytes."""
    thumbnail_quality: Annotated[int, Field(ge=2, le=31)] = 5
    """JPEG quantiser (ffmpeg's -q:v, lower is better and larger)."""
    curve_points: Annotated[int, Field(ge=10, le=2000)] = 400
    """Most points of the loudness curve: a 22-minute lecture gets one per 3.3 s."""
    curve_step_seconds: Annotated[float, Field(ge=0.1)] = 1.0
    """Shortest step between points (ebur128 measures every 0.1 s; short-term spans 3 s)."""
    curve_floor_lufs: Annotated[float, Field(lt=0)] = -70.0
    """Below this a point reads as no sound (BS.1770's absolute gate)."""
    bands: Annotated[int, Field(ge=0, le=2000)] = 300
    """Most black, freeze, silence and advert bands kept; more are dropped, the count kept."""


class MediaProfile(StrictModel):
    name: str
    name_zh: str
    name_en: str
    container: Container
    video: Video
    audio: Audio
    loudness: Loudness | None = None
    av_sync: AvSync
    decode: Decode
    black: BlackRuns
    freeze: FreezeRuns
    silence: SilenceRuns
    adverts: Adverts
    duration: DurationRules = DurationRules()
    analysis: Analysis = Analysis()
    timeline: Timeline = Timeline()
