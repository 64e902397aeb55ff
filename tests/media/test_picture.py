"""Picture: size, exact frame rate, field order signalled and measured, SAR/DAR, pixels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.config.profiles import load_profile
from airclass.media import FileReport
from airclass.media.probe import probe
from airclass.media.video_pass import FieldCounts

from tests.media.conftest import codes

INTERLACED = "testsrc2=s=320x180:r=50:d={d},tinterlace=mode=interleave_top"
X264_TFF = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-flags", "+ildct+ilme", "-x264opts", "tff=1")  # fmt: skip


def test_size_below_minimum_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("tiny.mp4", video="testsrc2=s=48x32:r=25:d={d}"))
    assert "video.resolution" in codes(report)


def test_size_not_broadcast_hd_fails(good_file: Path, check: Callable[..., FileReport]) -> None:
    report = check(good_file, profile=load_profile("broadcast-hd"))
    found = next(f for f in report.findings if f.code == "video.resolution")
    assert "320x180" in found.message and "1920x1080" in found.message


def test_frame_rate_30_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("rate30.mp4", video="testsrc2=s=320x180:r=30:d={d}"))
    assert "video.frame_rate" in codes(report)


def test_interlaced_signalled_tff_passes_sd_field_rules(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = lavfi_file("tff.mp4", video=INTERLACED, video_codec=X264_TFF)
    report = check(path, profile=load_profile("broadcast-sd"))
    assert probe(path, timeout=30).video[0].field_order == "tt"
    assert not codes(report) & {"video.field_order", "video.field_mismatch"}
    assert report.measured["idet"]["tff"] > 0.9 * report.measured["decoded_frames"]


def test_interlaced_not_allowed_in_preview_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = lavfi_file("tff.mp4", video=INTERLACED, video_codec=X264_TFF)
    assert "video.field_order" in codes(check(path))


def test_interlaced_flagged_progressive_fails_mismatch(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("tff-unflagged.mp4", video=INTERLACED))
    mismatch = next(f for f in report.findings if f.code == "video.field_mismatch")
    assert "flagged progressive" in mismatch.message and "measures tt" in mismatch.message


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (FieldCounts(tff=50, bff=45, progressive=5), "progressive"),
        (FieldCounts(tff=100), "tt"),
        (FieldCounts(bff=97, progressive=3), "bb"),
        (FieldCounts(undetermined=100), None),
    ],
)
def test_field_order_needs_a_dominant_order(counts: FieldCounts, expected: str | None) -> None:
    assert counts.measured_order(0.9) == expected


def test_sample_aspect_not_square_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("sar.mp4", video="testsrc2=s=320x180:r=25:d={d},setsar=4/3"))
    assert "video.aspect" in codes(report)


def test_pixel_format_444_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    codec = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p"]
    report = check(lavfi_file("yuv444.mp4", video_codec=codec))
    assert "video.pix_fmt" in codes(report)


def test_full_colour_range_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    codec = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-color_range", "pc"]
    report = check(lavfi_file("full-range.mp4", video_codec=codec))
    assert "video.color_range" in codes(report)
    assert report.measured["color_range"] == "pc"


def test_1080i_is_measured_on_a_window_and_a_shrunk_picture(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    """broadcast-hd gives idet a centre window and black a picture shrunk by dropping lines:
    a 1080i file still measures top field first, and black seconds in it are found."""
    video = (
        "testsrc2=s=1920x1080:r=50:d={d},tinterlace=mode=interleave_top,"
        "drawbox=t=fill:c=black:enable='between(t,1,3.5)'"
    )
    path = lavfi_file("1080i.mp4", video=video, seconds=5, video_codec=X264_TFF)
    hd = load_profile("broadcast-hd")
    assert probe(path, timeout=30).video[0].width == 1920
    report = check(path, profile=hd)
    assert not codes(report) & {"video.field_order", "video.field_mismatch"}
    assert report.measured["idet"]["tff"] > 0.9 * report.measured["decoded_frames"]
    found = next(f for f in report.findings if f.code == "black.run")
    assert found.timecode == "00:00:01:00"
