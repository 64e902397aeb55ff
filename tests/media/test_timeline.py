"""The timeline comes out of the one decode pass: strip, loudness curve and bands."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.config.binaries import ffmpeg
from airclass.config.schema.profile import MediaProfile
from airclass.media import validate_file
from airclass.media.timeline import Timeline

SECONDS = 17
PICTURE = "testsrc2=s=160x90:r=25:d={d},drawbox=c=black:t=fill:enable='between(t,4,6)'"
"""Black from 4 s to 6 s (the frame at 6.00 s too), moving colour elsewhere."""
SOUND = "sine=f=1000:r=48000:d={d},volume='if(lt(t,6),1,if(lt(t,12),0.03,0))':eval=frame"
"""Loud (about -21 LUFS) to 6 s, quiet (about -51 LUFS) to 12 s, then digital silence."""


@pytest.fixture(scope="module")
def timeline(lavfi_file: Callable[..., Path], preview: MediaProfile) -> Timeline:
    path = lavfi_file("timeline.mp4", video=PICTURE, audio=SOUND, seconds=SECONDS)
    report = validate_file(path, profile=preview)
    assert report.timeline is not None
    return report.timeline


def _tile_means(jpeg: bytes, *, count: int, width: int, height: int) -> list[float]:
    """Mean grey level of each tile, decoded by ffmpeg from the strip's JPEG."""
    command = [str(ffmpeg()), "-hide_banner", "-loglevel", "error", "-f", "mjpeg", "-i", "-"]
    command += ["-f", "rawvideo", "-pix_fmt", "gray", "-"]
    grey = subprocess.run(command, input=jpeg, capture_output=True, check=True).stdout
    assert len(grey) == count * width * height, "the strip is one row of `count` tiles"
    row = count * width
    return [
        sum(grey[y * row + x] for y in range(height) for x in range(i * width, (i + 1) * width))
        / (width * height)
        for i in range(count)
    ]


def test_strip_has_one_tile_per_second_and_shows_the_black_run(timeline: Timeline) -> None:
    strip = timeline.strip
    assert strip is not None and strip.jpeg.startswith(b"\xff\xd8")
    assert (strip.count, strip.width, strip.height) == (SECONDS, 96, 54)
    assert strip.every == pytest.approx(1.0, abs=0.01)
    means = _tile_means(strip.jpeg, count=strip.count, width=strip.width, height=strip.height)
    black = [i for i, mean in enumerate(means) if mean < 16]
    assert black == [4, 5], means  # slots 4–5 s and 5–6 s, sampled at their middles


def test_loudness_curve_reads_each_section(timeline: Timeline) -> None:
    assert timeline.step == pytest.approx(1.0, abs=0.01) and len(timeline.loudness) == SECONDS
    loud, quiet, silent = timeline.loudness[:6], timeline.loudness[9:12], timeline.loudness[15:]
    assert all(v is not None and -23 < v < -19 for v in loud), loud
    # short-term spans 3 s: each section reads alone from 3 s after it starts
    assert all(v is not None and -54 < v < -48 for v in quiet), quiet
    assert silent == [None, None], silent
    assert timeline.target_lufs == -24


def test_bands_place_black_and_silence_runs(timeline: Timeline) -> None:
    by_kind = {band.kind: band for band in timeline.bands}
    assert set(by_kind) == {"black", "silence"}, timeline.bands
    assert by_kind["black"].start == pytest.approx(4.0) and by_kind["black"].end == pytest.approx(
        6.04
    )
    assert by_kind["silence"].start == pytest.approx(12.0, abs=0.05)
    assert by_kind["silence"].end == pytest.approx(SECONDS, abs=0.05)
    assert timeline.bands_dropped == 0


def test_timeline_json_leaves_the_picture_out(timeline: Timeline) -> None:
    data = timeline.to_json()
    assert data["strip"] == {"count": SECONDS, "every": pytest.approx(1.0, abs=0.01), "width": 96,
                             "height": 54}  # fmt: skip
    assert "jpeg" not in str(data)
