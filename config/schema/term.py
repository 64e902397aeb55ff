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

    def teaching_weeks(self) -> list[dt.date]:
        """Mondays of the term's full weeks: Monday to Friday all run a timetable."""
        if self.term_end is None:
            return []
        first = self.term_start - dt.timedelta(days=self.term_start.weekday())
        mondays = (first + dt.timedelta(weeks=n) for n in range((self.term_end - first).days // 7))
        return [
            m for m in mondays if all(self.timetable_day(m + dt.timedelta(d)) for d in range(5))
        ]

    def shifted(self, weeks: int) -> Term:
        """The same term `weeks` whole weeks later (earlier if negative): weekdays stay put."""
        move = dt.timedelta(weeks=weeks)
        return self.model_copy(
            update={
                "term_start": self.term_start + move,
                "term_end": self.term_end and self.term_end + move,
                "holidays": [h.model_copy(update={"date": h.date + move}) for h in self.holidays],
                "swapped_workdays": [
                    s.model_copy(update={"date": s.date + move}) for s in self.swapped_workdays
                ],
            }
        )

    def covering(self, monday: dt.date) -> Term:
        """This term if the week of `monday` is a full teaching week; else the term moved by whole
        weeks so that it is, onto the full week at the same place in a repeating term cycle.

        For demos run on any date: the calendar keeps its shape, only its dates move.
        """
        weeks = self.teaching_weeks()
        if not weeks or monday in weeks:
            return self
        target = weeks[(monday - weeks[0]).days // 7 % len(weeks)]
        return self.shifted((monday - target).days // 7)
