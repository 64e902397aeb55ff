"""Real media for the media tests, built once per session with ffmpeg's lavfi sources.

Files are tiny (160×90 or 320×180, a few seconds) except the duration-window ones, which
have their true length: a 10 s piece is encoded once and its samples repeated by
`media.mp4_loop`, as the demo's lectures are (ffmpeg's `-stream_loop -c copy` repeats the AAC
priming packet on every loop, so the file would declare more audio than a decoder gives).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from airclass.config.binaries import ffmpeg
from airclass.config.profiles import load_profile
from airclass.config.schema.profile import MediaProfile
from airclass.media import FileReport, validate_file
from airclass.media.mp4_loop import LoopedTrack, audio_samples_for, read_track, write_looped

Build = Callable[..., Path]

GOOD_VIDEO = "testsrc2=s=320x180:r=25:d={d}"
GOOD_AUDIO = "sine=f=1000:r=48000:d={d},volume=-3dB"
"""A 1 kHz sine at -3 dB reads about -24 LUFS in mono: inside GY/T 282's window."""
BLACK = "color=black:s=320x180:r=25:d={d}"
BARS = "smptebars=s=320x180:r=25:d={d}"
SILENCE = "anullsrc=r=48000:cl=mono:d={d}"
X264 = ("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
AAC = ("-c:a", "aac", "-ac", "1")


def ffmpeg_run(args: Sequence[str]) -> None:
    command = [str(ffmpeg()), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def build(media_dir: Path) -> Build:
    """build(name, *ffmpeg args) → the file, made once; args name the output last."""

    def make(name: str, *args: str) -> Path:
        path = media_dir / name
        if not path.exists():
            ffmpeg_run([*args, str(path)])
        return path

    return make


@pytest.fixture(scope="session")
def lavfi_file(build: Build) -> Callable[..., Path]:
    """lavfi_file(name, video=…, audio=…, extra=[…]): a file from lavfi sources, `{d}` seconds."""

    def make(
        name: str,
        *,
        video: str | None = GOOD_VIDEO,
        audio: str | None = GOOD_AUDIO,
        seconds: float = 4,
        audio_seconds: float | None = None,
        video_codec: Sequence[str] = X264,
        audio_codec: Sequence[str] = AAC,
        extra: Sequence[str] = (),
    ) -> Path:
        args: list[str] = []
        if video:
            args += ["-f", "lavfi", "-i", video.format(d=seconds)]
        if audio:
            args += ["-f", "lavfi", "-i", audio.format(d=audio_seconds or seconds)]
        if video:
            args += list(video_codec)
        if audio:
            args += list(audio_codec)
        return build(name, *args, *extra, "-movflags", "+faststart")

    return make


@pytest.fixture(scope="session")
def good_file(lavfi_file: Callable[..., Path]) -> Path:
    return lavfi_file("good.mp4")


@pytest.fixture(scope="session")
def preview() -> MediaProfile:
    return load_profile("preview")


@pytest.fixture(scope="session")
def sensitive(preview: MediaProfile) -> MediaProfile:
    """The preview profile with short freeze and silence thresholds, so a few seconds show them."""
    return preview.model_copy(
        update={
            "freeze": preview.freeze.model_copy(update={"min_seconds": 2.0}),
            "silence": preview.silence.model_copy(update={"min_seconds": 2.0}),
        }
    )


@pytest.fixture(scope="session")
def looped(build: Build, media_dir: Path) -> Callable[[str, int], Path]:
    """looped(name, minutes): a file of true length, 10 s of 64×36 video repeated."""
    piece = build(
        "piece-10s.mp4",
        "-f", "lavfi", "-i", "testsrc2=s=64x36:r=25:d=10",
        "-f", "lavfi", "-i", "sine=f=1000:r=48000:d=10,volume=-3dB",
        *X264, "-g", "250", "-bf", "0", *AAC, "-b:a", "32k",
    )  # fmt: skip
    video = read_track(piece, "vide")
    audio = read_track(piece, "soun", start=8, length=400)  # steady-state packets, past priming

    def make(name: str, minutes: int) -> Path:
        path = media_dir / name
        if not path.exists():
            frames = minutes * 60 * 25
            count = audio_samples_for(video, frames, audio)
            write_looped(path, video=LoopedTrack(video, frames), audio=LoopedTrack(audio, count))
        return path

    return make


def codes(report: FileReport) -> set[str]:
    """The finding codes of a report."""
    return {finding.code for finding in report.findings}


@pytest.fixture(scope="session")
def check(preview: MediaProfile) -> Callable[..., FileReport]:
    """check(path, profile=preview, **options): validate one file in English."""

    def run(path: Path, profile: MediaProfile | None = None, **options: object) -> FileReport:
        return validate_file(path, profile=profile or preview, lang="en", **options)  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="session")
def spliced(build: Callable[..., Path]) -> Callable[..., Path]:
    """spliced(name, [(video, audio, seconds), …]): pieces joined with the concat filter."""

    def make(name: str, pieces: list[tuple[str, str, float]]) -> Path:
        args: list[str] = []
        for video, audio, seconds in pieces:
            args += ["-f", "lavfi", "-i", video.format(d=seconds)]
            args += ["-f", "lavfi", "-i", audio.format(d=seconds)]
        pads = "".join(f"[{2 * i}:v][{2 * i + 1}:a]" for i in range(len(pieces)))
        graph = f"{pads}concat=n={len(pieces)}:v=1:a=1[v][a]"
        return build(
            name,
            *args,
            "-filter_complex", graph, "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ac", "1", "-movflags", "+faststart",
        )  # fmt: skip

    return make
