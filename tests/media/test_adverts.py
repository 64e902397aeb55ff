"""Inserted adverts (B1): SCTE-35 cues, chapter markers and a segment bracketed by black +
silence."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from airclass.config.binaries import ffprobe
from airclass.media import Depth, FileReport

from tests.media.conftest import AAC, BLACK, GOOD_AUDIO, GOOD_VIDEO, SILENCE, X264, codes
from tests.media.scte35 import with_scte35_cue

AD = "smptebars=s=320x180:r=25:d={d}"
TONE = "sine=f=440:r=48000:d={d},volume=-3dB"


def test_chapter_marker_fails(
    good_file: Path, build: Callable[..., Path], media_dir: Path, check: Callable[..., FileReport]
) -> None:
    meta = media_dir / "chapters.txt"
    meta.write_text(
        ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Advert\n",
        encoding="utf-8",
    )
    path = build(
        "chapters.mp4", "-i", str(good_file), "-i", str(meta), "-map", "0",
        "-map_chapters", "1", "-c", "copy",
    )  # fmt: skip
    chapters = [f for f in check(path).findings if f.code == "advert.chapter"]
    assert any("Advert" in f.message for f in chapters)
    assert all(f.timecode is not None and f.severity == "fail" for f in chapters)


def test_segment_between_two_black_silent_breaks_fails(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    pieces = [
        (GOOD_VIDEO, GOOD_AUDIO, 3),
        (BLACK, SILENCE, 1),
        (AD, TONE, 5),
        (BLACK, SILENCE, 1),
        (GOOD_VIDEO, GOOD_AUDIO, 3),
    ]
    report = check(spliced("advert.mp4", pieces))
    found = next(f for f in report.findings if f.code == "advert.break")
    assert found.timecode == "00:00:04:00"
    assert "00:00:04:00–00:00:09:00" in found.message
    assert found.severity == "fail"
    # the timeline draws the segment as a band, between the two black and silent breaks
    assert report.timeline is not None
    adverts = [(b.start, b.end) for b in report.timeline.bands if b.kind == "advert"]
    assert adverts == [(pytest.approx(4.0, abs=0.05), pytest.approx(9.0, abs=0.05))], adverts
    assert {b.kind for b in report.timeline.bands} >= {"black", "silence", "advert"}


def test_one_black_silent_pause_is_no_advert(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    pieces = [(GOOD_VIDEO, GOOD_AUDIO, 3), (BLACK, SILENCE, 1), (GOOD_VIDEO, GOOD_AUDIO, 3)]
    report = check(spliced("pause.mp4", pieces))
    assert not codes(report) & {"advert.break", "black.run"}


def test_clean_file_has_no_advert_signs(good_file: Path, check: Callable[..., FileReport]) -> None:
    assert not {c for c in codes(check(good_file)) if c.startswith("advert.")}


@pytest.fixture(scope="session")
def cued_stream(build: Callable[..., Path], media_dir: Path) -> tuple[Path, Path]:
    """A 4 s MPEG-TS lecture made by ffmpeg, and the same stream with an SCTE-35 cue PID
    carrying a splice_insert (a 30 s break, out of network) in its programme."""
    plain = build(
        "plain.ts", "-f", "lavfi", "-i", GOOD_VIDEO.format(d=4), "-f", "lavfi", "-i",
        GOOD_AUDIO.format(d=4), *X264, *AAC, "-f", "mpegts",
    )  # fmt: skip
    return plain, with_scte35_cue(plain, media_dir / "cued.ts")


def _reads_mpegts(path: Path) -> bool:
    """Whether the configured ffprobe can demux MPEG-TS at all (see the skip below)."""
    done = subprocess.run(
        [str(ffprobe()), "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    return done.returncode == 0


def test_scte35_cue_stream_fails(
    cued_stream: tuple[Path, Path], check: Callable[..., FileReport]
) -> None:
    plain, cued = cued_stream
    assert _reads_mpegts(plain), "this ffprobe cannot demux MPEG-TS: the test has nothing to read"
    # The cue is in the programme's metadata: ffprobe alone finds it (no decode pass needed).
    assert "advert.scte35" not in codes(check(plain, depth=Depth.METADATA))  # without its cue
    report = check(cued, depth=Depth.METADATA)
    (cue,) = [f for f in report.findings if f.code == "advert.scte35"]
    assert cue.severity == "fail" and "2" in cue.message  # the cue stream's index
    assert not report.is_passing


def test_a_cued_stream_never_passes_whatever_the_prober(
    cued_stream: tuple[Path, Path], check: Callable[..., FileReport]
) -> None:
    """With an ffprobe that cannot demux MPEG-TS the file is unreadable, which fails it too:
    a lesson with an SCTE-35 cue never reaches the air (B1)."""
    report = check(cued_stream[1], depth=Depth.METADATA)
    assert not report.is_passing
    assert codes(report) & {"advert.scte35", "not_media"}
