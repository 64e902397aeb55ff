"""Demo media: exact frame counts, clean decodes, the loudness target, caching, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from airclass.config import World
from airclass.config.timecode import FrameRate
from airclass.media.catalogue_errors import SynthesisError
from airclass.media.synthesize import (
    MANIFEST,
    SynthesisSpec,
    build_demo_media,
    loop_frames,
    measure_loudness,
    probe_frame_count,
)

from tests.utils.media_probe import decode_errors, decoded_audio_samples, streams
from tests.utils.tiny_catalogue_world import write_tiny_config

# 2.0 s and 2.4 s fit in one loop (256 frames); 12.0 s repeats the loop past its seam.
LECTURES = {"t-001": 2.0, "t-002": 2.4, "t-003": 12.0}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path, list[Path]]:
    root = tmp_path_factory.mktemp("synth")
    world = write_tiny_config(root / "config", LECTURES)
    media = root / "media"
    return world, media, build_demo_media(world, media, jobs=2)


def test_build_writes_every_asset(built: tuple[World, Path, list[Path]]) -> None:
    world, media, paths = built
    assert sorted(paths) == sorted(media / a.path for a in world.assets.values())
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)


@pytest.mark.parametrize(("asset_id", "seconds"), LECTURES.items())
def test_build_exact_frame_count(
    built: tuple[World, Path, list[Path]], asset_id: str, seconds: float
) -> None:
    world, media, _ = built
    video = streams(media / world.assets[asset_id].path)["video"]
    assert int(video["nb_read_frames"]) == round(seconds * 25)


def test_build_formats(built: tuple[World, Path, list[Path]]) -> None:
    world, media, _ = built
    found = streams(media / world.assets["t-001"].path)
    video, audio = found["video"], found["audio"]
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 160, 90)
    assert (video["pix_fmt"], video["sample_aspect_ratio"], video["r_frame_rate"]) == (
        "yuv420p",
        "1:1",
        "25/1",
    )
    assert video.get("field_order", "progressive") == "progressive"
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == ("aac", "48000", 1)


def test_looped_file_decodes_clean_with_audio_as_long_as_video(
    built: tuple[World, Path, list[Path]],
) -> None:
    world, media, _ = built
    path = media / world.assets["t-003"].path
    assert decode_errors(path) == ""
    video_samples = 300 * 1920  # 300 frames at 25 fps, in 48 kHz samples
    assert abs(decoded_audio_samples(path) - video_samples) < 1920  # under one frame


def test_build_loudness_on_target(built: tuple[World, Path, list[Path]]) -> None:
    world, media, _ = built
    loudness = measure_loudness(media / world.assets["t-003"].path)
    assert abs(loudness - SynthesisSpec().loudness_lufs) <= 1.0


def test_second_run_builds_nothing(built: tuple[World, Path, list[Path]]) -> None:
    world, media, paths = built
    before = {p: p.stat().st_mtime_ns for p in paths}
    assert build_demo_media(world, media) == []
    assert {p: p.stat().st_mtime_ns for p in paths} == before


def test_changed_length_rebuilds_only_that_file(tmp_path: Path) -> None:
    media = tmp_path / "media"
    world = write_tiny_config(tmp_path / "a", {"t-001": 2.0, "t-002": 2.4})
    build_demo_media(world, media)
    changed = write_tiny_config(tmp_path / "b", {"t-001": 2.0, "t-002": 3.0})
    rebuilt = build_demo_media(changed, media)
    assert rebuilt == [media / changed.assets["t-002"].path]
    assert int(streams(rebuilt[0])["video"]["nb_read_frames"]) == 75


def test_deleted_file_is_rebuilt(tmp_path: Path) -> None:
    media = tmp_path / "media"
    world = write_tiny_config(tmp_path / "config", {"t-001": 2.0})
    (path,) = build_demo_media(world, media)
    path.unlink()
    assert build_demo_media(world, media) == [path]


def test_build_leaves_no_partial_files(built: tuple[World, Path, list[Path]]) -> None:
    _, media, paths = built
    names = {p.name for p in media.rglob("*") if p.is_file()}
    assert names == {p.name for p in paths} | {MANIFEST}


def test_loop_is_whole_aac_frames_and_tone_periods() -> None:
    frames = loop_frames(FrameRate(25), SynthesisSpec())
    samples = frames * 48_000 // 25
    assert frames >= 250 and samples % 1024 == 0 and samples % 48 == 0


def test_ffmpeg_failure_is_reported_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(SynthesisError) as info:
        probe_frame_count(tmp_path / "absent.mp4")
    assert "absent.mp4" in info.value.message("en") and "ffprobe exited" in info.value.message("en")
    assert info.value.message("zh").startswith("无法生成演示媒体")
