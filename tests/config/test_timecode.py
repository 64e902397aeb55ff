from __future__ import annotations

import pytest
from airclass.config.timecode import FrameRate, frames_from_seconds, parse_timecode, timecode
from hypothesis import given
from hypothesis import strategies as st

PAL = FrameRate.parse("25")


def test_timecode_pal() -> None:
    assert timecode(0, PAL) == "00:00:00:00"
    assert timecode(24, PAL) == "00:00:00:24"
    assert timecode(25 * 3600 + 25 * 61 + 3, PAL) == "01:01:01:03"


@given(st.integers(min_value=0, max_value=25 * 86400 * 2))
def test_timecode_round_trip(frames: int) -> None:
    assert parse_timecode(timecode(frames, PAL), PAL) == frames


def test_parse_rate_fraction() -> None:
    ntsc = FrameRate.parse("30000/1001")
    assert (ntsc.num, ntsc.den, ntsc.nominal) == (30000, 1001, 30)
    assert frames_from_seconds(1, ntsc) == 30


@pytest.mark.parametrize("bad", ["0", "-25", "abc"])
def test_parse_rate_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        FrameRate.parse(bad)


def test_parse_timecode_rejects_frame_25() -> None:
    with pytest.raises(ValueError, match="out of range"):
        parse_timecode("00:00:00:25", PAL)
