"""term.toml: the region's term dates, holidays and swapped working days (调休)."""

from __future__ import annotations

import datetime as dt

from airclass.config.schema.common import Cited, StrictModel, Weekday


class Holiday(StrictModel):
    date: dt.date
    name: str


class SwappedWorkday(StrictModel):
    """A weekend day worked as the given weekday (调休)."""

    date: dt.date
    works_as: Weekday
    name: str


class Term(Cited):
    """No lesson airs before `term_start` (P5)."""

    region: str
    term_start: dt.date
    term_end: dt.date | None = None
    holidays: list[Holiday] = []
    swapped_workdays: list[SwappedWorkday] = []

    def timetable_day(self, day: dt.date) -> Weekday | None:
        """Which weekday's timetable runs on `day`; None if nothing airs (outside term, holiday)."""
        if day < self.term_start or (self.term_end and day > self.term_end):
            return None
        if any(h.date == day for h in self.holidays):
            return None
        for swap in self.swapped_workdays:
            if swap.date == day:
                return swap.works_as
        return list(Weekday)[day.weekday()]
