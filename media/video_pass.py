"""The picture half of the decode pass: its filter graph, and what the log says about it.

Each decoded frame goes to idet (field order), blackdetect and freezedetect; idet gives every
frame exactly one multi-frame verdict, so their sum is the count of decoded frames. idet sees a
centre crop (whole lines, so fields stay fields); black and freeze see large pictures shrunk,
every other line dropped by `field` (stride arithmetic, no copy) as often as fits, then the
columns by nearest neighbour: the same pixels a nearest-neighbour scale keeps, at a fraction of
its cost (and on small pictures, where a scale costs more than it saves, `detect_share` of
the lines). For a 1080p file:

    [vin]split=2[b0][d];[b0]crop=640:360:640:360,idet,nullsink;
    [d]field=top,field=top,scale=480:270:flags=neighbor,blackdetect=…,freezedetect=…

The last chain carries the picture on, open for the caller to end.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from airclass.config.schema.profile import Analysis, MediaProfile, size_of
from airclass.media.ffmpeg_log import DecodeErrors, TimeRun, floats, pair_runs
from airclass.media.probe import Stream

_BLACK = re.compile(r"black_start:(\S+) black_end:(\S+)")
_FREEZE_START = re.compile(r"freeze_start: (\S+)")
_FREEZE_END = re.compile(r"freeze_end: (\S+)")
_IDET = re.compile(
    r"Multi frame detection: TFF:\s*(\d+) BFF:\s*(\d+) Progressive:\s*(\d+) Undetermined:\s*(\d+)"
)


@dataclass(frozen=True)
class FieldCounts:
    """idet's multi-frame verdicts over the whole file."""

    tff: int = 0
    bff: int = 0
    progressive: int = 0
    undetermined: int = 0

    @property
    def frames(self) -> int:
        """Every frame idet saw: one verdict each."""
        return self.tff + self.bff + self.progressive + self.undetermined

    def measured_order(self, dominance: float) -> str | None:
        """'tt' or 'bb' when one field order dominates, 'progressive' otherwise, None if unknown.

        Progressive pictures with motion make idet guess both orders about evenly, while
        interlaced ones give one order nearly every frame; hence a dominance share.
        """
        decided = self.tff + self.bff + self.progressive
        if decided == 0:
            return None
        if self.tff >= dominance * decided:
            return "tt"
        if self.bff >= dominance * decided:
            return "bb"
        return "progressive"


@dataclass(frozen=True)
class VideoScan:
    frames: int
    seconds: float
    black: list[TimeRun]
    freeze: list[TimeRun]
    fields: FieldCounts
    errors: DecodeErrors


def video_graph(
    stream: Stream, profile: MediaProfile, *, source: str, side: str | None = None
) -> str:
    """The filter graph for `stream`, read from the graph label `source`; its last chain is
    left open for the caller to end.

    `side` is one more chain on the whole decoded picture, ending in an output label of its
    own (the timeline's thumbnail strip): it branches off before any shrinking."""
    width, height = stream.width or 0, stream.height or 0
    detect = ",".join([*_shrink(width, height, profile.analysis), *_detectors(profile)])
    crop = _idet_crop(width, height, profile)
    chains = [f"{crop},idet,nullsink"] if crop is not None else []
    chains += [side] if side is not None else []
    if not chains:
        return f"{source}idet,{detect}"
    if crop is None:
        detect = f"idet,{detect}"
    labels = [f"[b{n}]" for n in range(len(chains))]
    branches = "".join(f";{label}{chain}" for label, chain in zip(labels, chains, strict=True))
    return f"{source}split={len(chains) + 1}{''.join(labels)}[d]{branches};[d]{detect}"


def _detectors(profile: MediaProfile) -> list[str]:
    black, freeze = profile.black, profile.freeze
    shortest_black = min(black.min_seconds, profile.adverts.break_min_seconds)
    return [
        f"blackdetect=d={shortest_black}:pic_th={black.picture_ratio}:pix_th={black.pixel_threshold}",
        f"freezedetect=n={freeze.noise_db}dB:d={freeze.min_seconds}",
    ]


def _shrink(width: int, height: int, analysis: Analysis) -> list[str]:
    """Filters taking the picture down to at most `detect_width` columns (aspect kept) and
    `detect_share` of its lines.

    >>> _shrink(1920, 1080, Analysis(detect_width=480))
    ['field=top', 'field=top', 'scale=480:270:flags=neighbor']
    >>> _shrink(160, 90, Analysis(detect_width=480, detect_share=0.5))
    ['field=top']
    >>> _shrink(160, 90, Analysis(detect_width=480))
    []
    """
    if width <= 0 or height <= 0:
        return []
    target = math.ceil(height * analysis.detect_share)
    if width > analysis.detect_width:
        target = min(target, max(2, round(analysis.detect_width * height / width / 2) * 2))
    fields = []
    while (height + 1) // 2 >= target:
        fields.append("field=top")
        height = (height + 1) // 2
    if width > analysis.detect_width:
        return [*fields, f"scale={analysis.detect_width}:{target}:flags=neighbor"]
    return fields


def _idet_crop(width: int, height: int, profile: MediaProfile) -> str | None:
    """A centre crop at most `idet_window` and `idet_share` of each side; None: whole picture."""
    max_w, max_h = size_of(profile.analysis.idet_window)
    min_w, min_h = size_of(profile.analysis.idet_min_window)
    share = profile.analysis.idet_share
    max_w = min(max_w, max(min_w, int(width * share)))
    max_h = min(max_h, max(min_h, int(height * share)))
    if width <= max_w and height <= max_h:
        return None
    w, h = min(width, max_w) // 2 * 2, min(height, max_h) // 2 * 2
    x, y = (width - w) // 4 * 2, (height - h) // 4 * 2  # even offsets keep chroma and field parity
    return f"crop={w}:{h}:{x}:{y}"


def read_video(log: str, stream: Stream, *, errors: DecodeErrors) -> VideoScan:
    """The picture measurements in the log of a decode pass of `stream`."""
    fields = _field_counts(log)
    frames = fields.frames
    rate = stream.frame_rate
    seconds = float(frames / rate.fps) if rate else 0.0
    black = [TimeRun(s, e) for s, e in ((float(a), float(b)) for a, b in _BLACK.findall(log))]
    freeze = pair_runs(floats(_FREEZE_START, log), floats(_FREEZE_END, log), stream_end=seconds)
    return VideoScan(
        frames=frames,
        seconds=seconds,
        black=_close_at_end(black, seconds, float(1 / rate.fps) if rate else None),
        freeze=freeze,
        fields=fields,
        errors=errors,
    )


def _close_at_end(runs: list[TimeRun], seconds: float, frame: float | None) -> list[TimeRun]:
    """blackdetect ends a run that reaches the end at the last frame's start: add that frame."""
    if not runs or not frame:
        return runs
    last = runs[-1]
    if abs(last.end + frame - seconds) < frame / 2:
        return [*runs[:-1], TimeRun(last.start, seconds)]
    return runs


def _field_counts(log: str) -> FieldCounts:
    # ffmpeg builds the graph once to learn its outputs, and that idet logs zeros too.
    found = [FieldCounts(*(int(v) for v in counts)) for counts in _IDET.findall(log)]
    return max(found, key=lambda counts: counts.frames, default=FieldCounts())
