"""Black, frozen and silent runs over the thresholds; bounded black at head and tail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from airclass.media import FileReport

from tests.media.conftest import BARS, BLACK, GOOD_AUDIO, GOOD_VIDEO, SILENCE, codes


def test_short_head_black_passes(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = spliced("head-1s.mp4", [(BLACK, GOOD_AUDIO, 1), (GOOD_VIDEO, GOOD_AUDIO, 4)])
    assert not codes(check(path)) & {"black.head", "black.run"}


def test_long_head_black_fails(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = spliced("head-3s.mp4", [(BLACK, GOOD_AUDIO, 3), (GOOD_VIDEO, GOOD_AUDIO, 3)])
    found = next(f for f in check(path).findings if f.code == "black.head")
    assert found.timecode == "00:00:00:00" and "3.00 s" in found.message


def test_long_tail_black_fails(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    path = spliced("tail-4s.mp4", [(GOOD_VIDEO, GOOD_AUDIO, 3), (BLACK, GOOD_AUDIO, 4)])
    found = next(f for f in check(path).findings if f.code == "black.tail")
    assert found.timecode == "00:00:03:00" and "4.00 s" in found.message


def test_interior_black_fails_with_timecode(
    spliced: Callable[..., Path], check: Callable[..., FileReport]
) -> None:
    pieces = [(GOOD_VIDEO, GOOD_AUDIO, 2), (BLACK, GOOD_AUDIO, 2.5), (GOOD_VIDEO, GOOD_AUDIO, 2)]
    report = check(spliced("mid-black.mp4", pieces))
    found = next(f for f in report.findings if f.code == "black.run")
    assert found.timecode == "00:00:02:00" and found.seconds == 2.0


def test_frozen_picture_warns(
    spliced: Callable[..., Path], check: Callable[..., FileReport], sensitive: object
) -> None:
    pieces = [(GOOD_VIDEO, GOOD_AUDIO, 2), (BARS, GOOD_AUDIO, 3), (GOOD_VIDEO, GOOD_AUDIO, 2)]
    report = check(spliced("frozen.mp4", pieces), profile=sensitive)
    found = next(f for f in report.findings if f.code == "freeze.run")
    assert found.severity == "warn" and found.timecode == "00:00:02:00"


def test_moving_picture_has_no_freeze(
    good_file: Path, check: Callable[..., FileReport], sensitive: object
) -> None:
    assert "freeze.run" not in codes(check(good_file, profile=sensitive))


def test_silence_warns(
    spliced: Callable[..., Path], check: Callable[..., FileReport], sensitive: object
) -> None:
    pieces = [(GOOD_VIDEO, GOOD_AUDIO, 2), (GOOD_VIDEO, SILENCE, 3), (GOOD_VIDEO, GOOD_AUDIO, 2)]
    report = check(spliced("silent.mp4", pieces), profile=sensitive)
    found = next(f for f in report.findings if f.code == "silence.run")
    assert found.severity == "warn" and abs(found.seconds - 2.0) < 0.05


def test_sound_throughout_has_no_silence(
    good_file: Path, check: Callable[..., FileReport], sensitive: object
) -> None:
    assert "silence.run" not in codes(check(good_file, profile=sensitive))
