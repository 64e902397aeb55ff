"""The one decode pass: picture and sound measured in one ffmpeg run, each to its own end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from airclass.config.schema.profile import MediaProfile
from airclass.media.decode_pass import scan
from airclass.media.probe import probe


def test_sound_outlasting_the_picture_is_decoded_to_its_end(
    lavfi_file: Callable[..., Path], preview: MediaProfile
) -> None:
    path = lavfi_file("long-audio.mp4", seconds=2, audio_seconds=6)
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60)
    video, audio = found.video, found.audio
    assert video is not None and video.frames == 50
    assert audio is not None and abs(audio.seconds - 6.0) < 0.05
    assert audio.integrated_lufs is not None and -26 < audio.integrated_lufs < -22


def test_picture_outlasting_the_sound_is_decoded_to_its_end(
    lavfi_file: Callable[..., Path], preview: MediaProfile
) -> None:
    path = lavfi_file("short-audio.mp4", audio_seconds=3)
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60)
    video, audio = found.video, found.audio
    assert video is not None and video.frames == 100 and video.seconds == 4.0
    assert audio is not None and abs(audio.seconds - 3.0) < 0.05


def test_a_sound_only_file_gets_the_sound_half(
    lavfi_file: Callable[..., Path], preview: MediaProfile
) -> None:
    path = lavfi_file("sound-only.mp4", video=None)
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60)
    video, audio = found.video, found.audio
    assert video is None
    assert audio is not None and abs(audio.seconds - 4.0) < 0.05 and audio.silence == []


def test_a_picture_only_file_gets_the_picture_half(
    lavfi_file: Callable[..., Path], preview: MediaProfile
) -> None:
    path = lavfi_file("picture-only.mp4", audio=None)
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60)
    video, audio = found.video, found.audio
    assert audio is None
    assert video is not None and video.frames == 100 and video.errors.count == 0
