"""Inserted adverts (B1): chapter markers and a segment bracketed by black + silence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from airclass.media import FileReport

from tests.media.conftest import BLACK, GOOD_AUDIO, GOOD_VIDEO, SILENCE, codes

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


def test_one_black_silent_pause_is_no_advert(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    pieces = [(GOOD_VIDEO, GOOD_AUDIO, 3), (BLACK, SILENCE, 1), (GOOD_VIDEO, GOOD_AUDIO, 3)]
    report = check(spliced("pause.mp4", pieces))
    assert not codes(report) & {"advert.break", "black.run"}


def test_clean_file_has_no_advert_signs(good_file: Path, check: Callable[..., FileReport]) -> None:
    assert not {c for c in codes(check(good_file)) if c.startswith("advert.")}
