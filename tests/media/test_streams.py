"""Container and streams: one video, at least one audio, allowed containers and codecs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from airclass.media import FileReport, Verdict

from tests.media.conftest import codes


def test_good_file_passes(good_file: Path, check: Callable[..., FileReport]) -> None:
    report = check(good_file)
    assert report.verdict is Verdict.PASS, report.findings
    assert report.duration_frames == 100
    assert report.frame_rate == "25"
    assert report.measured["decode_errors"] == 0


def test_container_not_allowed_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = lavfi_file("wrapped.avi", extra=["-f", "avi"])
    report = check(path)
    assert "container.format" in codes(report)
    assert report.verdict is Verdict.FAIL


def test_video_only_fails_no_audio(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("video-only.mp4", audio=None))
    assert codes(report) == {"streams.no_audio"}
    assert report.verdict is Verdict.FAIL


def test_audio_only_fails_video_count(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    report = check(lavfi_file("audio-only.mp4", video=None))
    assert "streams.video_count" in codes(report)
    assert "Needs exactly 1 video stream, found 0" in report.findings[0].message


def test_video_codec_not_allowed_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = lavfi_file("mpeg2.mp4", video_codec=["-c:v", "mpeg2video", "-pix_fmt", "yuv420p"])
    assert "codec.video" in codes(check(path))


def test_audio_codec_not_allowed_fails(
    lavfi_file: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = lavfi_file("mp2-audio.mp4", audio_codec=["-c:a", "mp2", "-ac", "1"])
    report = check(path)
    assert "codec.audio" in codes(report)
    assert "codec.video" not in codes(report)
