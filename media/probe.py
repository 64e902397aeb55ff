"""ffprobe's JSON (format, streams, chapters) parsed into models: the metadata of one file."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from airclass.config.binaries import ffprobe
from airclass.config.timecode import FrameRate
from airclass.media.errors import ToolError, UnreadableMediaError
from airclass.media.tool import run
from pydantic import BaseModel, ConfigDict, ValidationError


class _Loose(BaseModel):
    """ffprobe adds fields between versions: keep what we read, ignore the rest."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Disposition(_Loose):
    attached_pic: int = 0


class Stream(_Loose):
    index: int
    codec_type: str = "unknown"
    codec_name: str = "unknown"
    width: int | None = None
    height: int | None = None
    sample_aspect_ratio: str | None = None
    display_aspect_ratio: str | None = None
    pix_fmt: str | None = None
    color_range: str = "unknown"
    field_order: str = "unknown"
    r_frame_rate: str = "0/0"
    avg_frame_rate: str = "0/0"
    duration: float | None = None
    nb_frames: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    channel_layout: str | None = None
    disposition: Disposition = Disposition()

    @property
    def is_picture(self) -> bool:
        """A real video stream, not cover art."""
        return self.codec_type == "video" and not self.disposition.attached_pic

    @property
    def frame_rate(self) -> FrameRate | None:
        """The stream's exact rate (r_frame_rate), or None when ffprobe cannot tell."""
        num, _, den = self.r_frame_rate.partition("/")
        if not den or int(den) == 0 or int(num) == 0:
            return None
        value = Fraction(int(num), int(den))
        return FrameRate(value.numerator, value.denominator)


class Format(_Loose):
    format_name: str = ""
    start_time: float | None = None
    duration: float | None = None
    size: int | None = None

    @property
    def names(self) -> set[str]:
        """'mov,mp4,m4a,3gp,3g2,mj2' → the set of its names."""
        return set(self.format_name.split(","))


class Chapter(_Loose):
    id: int
    start_time: float
    end_time: float
    tags: dict[str, str] = {}


class Probe(_Loose):
    format: Format = Format()
    streams: list[Stream] = []
    chapters: list[Chapter] = []

    @property
    def video(self) -> list[Stream]:
        return [s for s in self.streams if s.is_picture]

    @property
    def audio(self) -> list[Stream]:
        return [s for s in self.streams if s.codec_type == "audio"]

    @property
    def data(self) -> list[Stream]:
        return [s for s in self.streams if s.codec_type == "data"]


def probe(path: Path, *, timeout: float) -> Probe:
    """Read the metadata of `path`; raise UnreadableMediaError when ffprobe cannot read it."""
    args = [
        str(ffprobe()),
        "-v", "error",
        "-print_format", "json",
        "-show_format", "-show_streams", "-show_chapters",
        str(path),
    ]  # fmt: skip
    try:
        done = run(args, timeout=timeout)
    except ToolError as exc:
        reason = exc.stderr_tail.splitlines()[-1] if exc.stderr_tail else f"exit {exc.returncode}"
        raise UnreadableMediaError(path, "not_media", reason=reason) from None
    try:
        found = Probe.model_validate_json(done.stdout)
    except ValidationError as exc:
        raise UnreadableMediaError(path, "not_media", reason=str(exc.errors()[0]["msg"])) from None
    if not found.streams:
        raise UnreadableMediaError(path, "not_media", reason="no streams")
    return found
