"""Small still pictures of a file at given times, for reports that show what a finding means."""

from __future__ import annotations

import base64
from pathlib import Path

from airclass.config.binaries import ffmpeg
from airclass.media.errors import MediaError
from airclass.media.tool import run


def grab_jpeg(path: Path, seconds: float, *, width: int, timeout: float = 60) -> bytes:
    """One JPEG frame of `path` at `seconds`, scaled to `width` (seeking is fast: -ss before -i)."""
    args = [
        str(ffmpeg()), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-ss", f"{max(seconds, 0):.3f}", "-i", str(path),
        "-frames:v", "1", "-vf", f"scale={width}:-2",
        "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "-",
    ]  # fmt: skip
    return run(args, timeout=timeout).output


def jpeg_data_uri(path: Path, seconds: float, *, width: int) -> str | None:
    """`grab_jpeg` as a data URI for HTML, or None when no picture can be grabbed there."""
    try:
        picture = grab_jpeg(path, seconds, width=width)
    except MediaError:
        return None
    if not picture:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(picture).decode("ascii")
