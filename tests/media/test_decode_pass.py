"""The one decode pass: picture and sound measured in one ffmpeg run, each to its own end."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.config.binaries import ffmpeg_major
from airclass.config.schema.profile import MediaProfile
from airclass.media.decode_pass import THREADED_FFMPEG, movie_pays, scan
from airclass.media.probe import probe

from tests.media.conftest import AAC, BARS, BLACK, GOOD_AUDIO, SILENCE, X264, Build


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


HOSTILE_NAME = "课 it's [a], b; c:d=e \\ 100%.mp4"


def test_any_file_name_reaches_the_graph_source(
    good_file: Path, media_dir: Path, preview: MediaProfile
) -> None:
    """The file name is an option inside the filter graph: quotes, brackets, separators and
    backslashes must reach ffmpeg as written, not fall back to the slower reader."""
    path = media_dir / HOSTILE_NAME
    shutil.copyfile(good_file, path)
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60, movie=True)
    assert found.movie
    assert found.video is not None and found.video.frames == 100 and found.video.errors.count == 0
    assert found.audio is not None and abs(found.audio.seconds - 4.0) < 0.05


@pytest.fixture(scope="session")
def late_start_ts(build: Build) -> Path:
    """MPEG-TS, whose clock starts about 1.4 s in: 1 s black and silent, then 3 s of bars and
    tone."""
    graph = "[0:v][1:a][2:v][3:a]concat=n=2:v=1:a=1[v][a]"
    return build(
        "late-start.ts",
        "-f", "lavfi", "-i", BLACK.format(d=1), "-f", "lavfi", "-i", SILENCE.format(d=1),
        "-f", "lavfi", "-i", BARS.format(d=3), "-f", "lavfi", "-i", GOOD_AUDIO.format(d=3),
        "-filter_complex", graph, "-map", "[v]", "-map", "[a]", *X264, *AAC, "-f", "mpegts",
    )  # fmt: skip


def test_both_readers_measure_the_same_from_the_files_start(
    late_start_ts: Path, sensitive: MediaProfile
) -> None:
    found = probe(late_start_ts, timeout=60)
    assert found.format.start_time is not None and found.format.start_time > 1.0
    fast = scan(late_start_ts, found, profile=sensitive, timeout=60, movie=True)
    own = scan(late_start_ts, found, profile=sensitive, timeout=60, movie=False)
    assert fast.movie and not own.movie
    assert fast.video is not None and own.video is not None and fast.audio and own.audio
    assert fast.video.frames == own.video.frames == 100
    assert fast.audio.seconds == own.audio.seconds
    assert fast.video.black == own.video.black and len(fast.video.black) == 1
    # The picture starts a frame after the sound (the AAC priming), in both readers.
    assert fast.video.black[0].start == pytest.approx(0.0, abs=0.05)
    assert fast.video.black[0].seconds == pytest.approx(1.0, abs=0.001)
    assert fast.audio.silence == own.audio.silence and len(fast.audio.silence) == 1
    assert fast.audio.silence[0].end == pytest.approx(1.0, abs=0.03)
    assert fast.audio.integrated_lufs == own.audio.integrated_lufs


def test_damage_is_read_past_by_ffmpegs_own_reader(
    good_file: Path, media_dir: Path, preview: MediaProfile
) -> None:
    data = bytearray(good_file.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = bytes(4000)  # zeros over picture and sound packets
    path = media_dir / "zeroed-middle.mp4"
    path.write_bytes(bytes(data))
    found = scan(path, probe(path, timeout=60), profile=preview, timeout=60, movie=True)
    assert not found.movie
    assert found.video is not None and found.video.errors.count > 0
    assert found.video.frames > 50  # decoded on past the damage


def test_the_reader_follows_the_ffmpeg_in_use(good_file: Path, preview: MediaProfile) -> None:
    """ffmpeg ≥ 7 (the bundled build) reads by the movie source, older builds by `-i`."""
    major = ffmpeg_major()
    assert (major is None or major >= THREADED_FFMPEG) == movie_pays()
    found = scan(good_file, probe(good_file, timeout=60), profile=preview, timeout=60)
    assert found.movie == movie_pays()
