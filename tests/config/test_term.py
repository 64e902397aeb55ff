"""Term calendars (P5): full teaching weeks, and a term moved to cover any date for the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.config import DEMO_CONFIG, load_world
from airclass.config.schema.term import Term

pytestmark = pytest.mark.dates  # reads "now": CI runs it under far-apart dates too

TERM = load_world(DEMO_CONFIG).term


def test_teaching_weeks_skip_holiday_weeks() -> None:
    weeks = TERM.teaching_weeks()
    assert weeks[0] == dt.date(2026, 9, 7)  # the term starts on a Tuesday: its first week is short
    assert dt.date(2026, 10, 5) not in weeks  # 国庆节
    assert dt.date(2026, 11, 30) in weeks
    assert all(w.weekday() == 0 for w in weeks)


def test_covering_a_term_week_keeps_the_term() -> None:
    assert TERM.covering(dt.date(2026, 11, 30)) is TERM


@pytest.mark.parametrize(
    "monday", [dt.date(2026, 8, 3), dt.date(2027, 1, 25), dt.date(2028, 3, 6), dt.date(2061, 7, 4)]
)
def test_covering_any_monday_moves_the_whole_calendar_by_whole_weeks(monday: dt.date) -> None:
    moved = TERM.covering(monday)
    assert monday in moved.teaching_weeks()
    shift = moved.term_start - TERM.term_start
    assert shift.days % 7 == 0 and shift.days != 0
    assert [h.date - shift for h in moved.holidays] == [h.date for h in TERM.holidays]
    assert moved.swapped_workdays[0].works_as == TERM.swapped_workdays[0].works_as
    assert len(moved.teaching_weeks()) == len(TERM.teaching_weeks())


def test_covering_without_an_end_keeps_the_term() -> None:
    open_ended = Term(region="x", term_start=dt.date(2026, 9, 1), policy="P5", source="003 §三.9")
    assert open_ended.covering(dt.date(2030, 1, 7)) is open_ended
