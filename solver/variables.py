"""The model's variables: time-indexed slot booleans per grade, day booleans per lesson.

The formulation is aggregated so that its LP relaxation stays small and tight:

- `slot[(g, p)][(c, t)]`: grade g starts an airing of p grains on channel c at grain t. Slots
  exist only where an airing may start: inside a channel's open airtime (windows minus fixed
  items, timetable days only: P5), on channels serving the grade (P2), after the grade's
  stagger ladder (P6). Every lesson of grade g with a slot of p grains is interchangeable here.
- `first[l][day]`: lesson l airs for the first time on `day`; `repeat[l][j][day]`: its j-th repeat.

Per (grade, length, day) the number of slots equals the number of lessons placed that day, and
solver.reading gives each slot a lesson in syllabus order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from airclass.solver.instance import Instance, LessonItem, Span
from ortools.sat.python import cp_model

Start = tuple[int, int]
"""(channel index, global grain)."""
SlotKey = tuple[int, int]
"""(grade, slot length in grains)."""


class PlanVariables:
    """Every variable of the model, with queries that make the constraints read like rules."""

    def __init__(self, model: cp_model.CpModel, instance: Instance) -> None:
        self.model = model
        self.instance = instance
        self.slot: dict[SlotKey, dict[Start, cp_model.IntVar]] = {}
        self.first: list[dict[int, cp_model.IntVar]] = []
        self.repeat: list[list[dict[int, cp_model.IntVar]]] = []
        self.aired: list[cp_model.IntVar] = []
        self.repeated: list[list[cp_model.IntVar]] = []
        self.start_time: dict[tuple[int, int, int], cp_model.IntVar] = {}
        """(grade, channel, grain of the day) → used on some day (L7, made by Regularity)."""
        self.shortfall: dict[tuple[int, str], tuple[cp_model.IntVar, cp_model.IntVar]] = {}
        """(grade, domain) → (seconds short, minimum met) of a soft minimum (DomainMinimum)."""
        self._spans: dict[Start, int] = {}
        for lesson in instance.lessons:
            self._add_slots(lesson)
        for lesson in instance.lessons:
            self._add_lesson(lesson)

    def _add_slots(self, lesson: LessonItem) -> None:
        key = (lesson.grade, lesson.slot)
        if key in self.slot:
            return
        new = self.model.new_bool_var
        self.slot[key] = {
            (c, t): new(f"slot[g{key[0]}/{key[1]}@{self.instance.channels[c].id}:{t}]")
            for c in range(len(self.instance.channels))
            for t in self.instance.starts(lesson, c)
        }

    def _add_lesson(self, lesson: LessonItem) -> None:
        days = self.days_with_slots(lesson.grade, lesson.slot)
        new = self.model.new_bool_var
        self.first.append({d: new(f"air[{lesson.id}@day{d}]") for d in days})
        self.aired.append(new(f"aired[{lesson.id}]"))
        self.repeat.append(
            [
                {d: new(f"repeat{j + 1}[{lesson.id}@day{d}]") for d in days[1:]}
                for j in range(self.instance.max_repeats)
            ]
        )
        self.repeated.append(
            [new(f"repeated{j + 1}[{lesson.id}]") for j in range(self.instance.max_repeats)]
        )

    def days_with_slots(self, grade: int, length: int) -> list[int]:
        per_day = self.instance.grains_per_day
        return sorted({t // per_day for _, t in self.slot[(grade, length)]})

    def slots_on_day(self, key: SlotKey, day: int) -> list[cp_model.IntVar]:
        per_day = self.instance.grains_per_day
        return [v for (_, t), v in self.slot[key].items() if t // per_day == day]

    def span_of(self, channel: int, grain: int) -> int:
        """Index of the stretch of open airtime (Instance.spans) where a slot starting at
        `grain` on `channel` lies."""
        if not self._spans:
            for i, span in enumerate(self.instance.spans):
                for t in range(span.start, span.end):
                    self._spans[(span.channel, t)] = i
        return self._spans[(channel, grain)]

    def over_demanded(self) -> Iterator[tuple[Span, cp_model.LinearExpr]]:
        """Each stretch of open airtime that its slots could overfill, with the grains they
        fill: every slot started inside it, each with the eye-exercise turnaround after it
        (L4)."""
        for span in self.instance.spans:
            turnaround = self.instance.channels[span.channel].turnaround
            terms = [
                (length + turnaround, var)
                for (_, length), slots in self.slot.items()
                for (c, t), var in slots.items()
                if c == span.channel and span.start <= t < span.end
            ]
            grains = [n for n, _ in terms]
            if sum(grains) > span.end - span.start:
                yield span, cp_model.LinearExpr.weighted_sum([x for _, x in terms], grains)

    def channel_cover(self) -> dict[Start, list[cp_model.IntVar]]:
        """(channel, grain) → every slot boolean whose airing, or the eye-exercise clip after it
        (L4), occupies that grain."""
        cover: dict[Start, list[cp_model.IntVar]] = defaultdict(list)
        for (_, length), slots in self.slot.items():
            for (c, t), var in slots.items():
                for g in range(t, t + length + self.instance.channels[c].turnaround):
                    cover[(c, g)].append(var)
        return cover

    def start_times(self) -> dict[tuple[int, int, int], list[cp_model.IntVar]]:
        """(grade, channel, grain of the day) → slot booleans starting there on any day."""
        per_day = self.instance.grains_per_day
        times: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
        for (grade, _), slots in self.slot.items():
            for (c, t), var in slots.items():
                times[(grade, c, t % per_day)].append(var)
        return times

    def grade_cover(self, *, with_break: bool = True) -> dict[Start, list[cp_model.IntVar]]:
        """(grade, grain) → slot booleans whose airing, plus the L4 break after it, covers it."""
        extra = self.instance.break_grains if with_break else 0
        cover: dict[Start, list[cp_model.IntVar]] = defaultdict(list)
        for (grade, length), slots in self.slot.items():
            for (_, t), var in slots.items():
                for g in range(t, t + length + extra):
                    cover[(grade, g)].append(var)
        return cover
