"""One class per constraint family. `build()` adds the family's constraints and returns its
objective term (0 when it has none).

Windows, fixed items, timetable days (P5), per-grade channels (P2) and the stagger ladder (P6)
shape the variables themselves (see solver.variables): a start outside them has no variable.
Priority weights (P1) and voluntary grades (P4) set the objective coefficients (solver.instance).

B1 (no adverts inside a lesson): every airing is one atomic interval of `slot` grains on one
channel; the plan never splits a lesson, so adverts can only fall between programmes, and
playout inserts them there only where the channel allows.

Hard rules that can be relaxed for an explanation take a *switch*: `rules.switch(...)` returns
None in a normal solve (the rule always holds) and an assumption literal when explaining
infeasibility, so CP-SAT can name the rules that clash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from airclass.solver.instance import ALL_DOMAINS, Instance
from airclass.solver.variables import PlanVariables
from ortools.sat.python import cp_model

Term = cp_model.LinearExprT
Literal = cp_model.IntVar | None
Switch = Callable[..., Literal]


class Family(Protocol):
    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term: ...


def _enforce(constraint: cp_model.Constraint, literal: cp_model.IntVar | None) -> None:
    if literal is not None:
        constraint.only_enforce_if(literal)


class AiringLinks:
    """aired / repeated flags sum their day booleans; each (grade, length, day) has exactly as
    many slots as lessons placed on it; a repeat only of an aired lesson."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        placed: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
        for lesson in v.instance.lessons:
            i = lesson.index
            model.add(sum(v.first[i].values()) == v.aired[i])
            previous = v.aired[i]
            for flag, days in zip(v.repeated[i], v.repeat[i], strict=True):
                model.add(sum(days.values()) == flag)
                model.add_implication(flag, previous)
                previous = flag
            for days in (v.first[i], *v.repeat[i]):
                for day, var in days.items():
                    placed[(lesson.grade, lesson.slot, day)].append(var)
        for key in v.slot:
            for day in v.days_with_slots(*key):
                model.add(sum(v.slots_on_day(key, day)) == sum(placed[(*key, day)]))
        return 0


class ChannelOccupancy:
    """A channel airs at most one lesson in any grain, and keeps the grains after a lesson free
    for its eye-exercise clip (L4)."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        for variables in v.channel_cover().values():
            if len(variables) > 1:
                model.add_at_most_one(variables)
        return 0


class CapacityCuts:
    """Redundant knapsack rows that keep the LP bound honest: the slots started inside one
    stretch of open airtime, each with its eye-exercise turnaround (L4), never add up to more
    grains than the stretch holds."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        for span, load in v.over_demanded():
            model.add(load <= span.end - span.start)
        return 0


class GradeNoOverlap:
    """A grade never has two lessons at once across all channels, and between two of its lessons
    lies at least the minimum break (L4): each airing covers its slot plus the break."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        grades = sorted({g for g, _ in v.slot})
        breaks = {g: switch("solver.rule.break", grade=g) for g in grades}
        if all(literal is None for literal in breaks.values()):
            self._at_most_one(model, v.grade_cover(with_break=True))
            return 0
        self._at_most_one(model, v.grade_cover(with_break=False))
        for (grade, _), variables in v.grade_cover(with_break=True).items():
            if len(variables) > 1:
                _enforce(model.add(sum(variables) <= 1), breaks[grade])
        return 0

    @staticmethod
    def _at_most_one(model: cp_model.CpModel, cover: dict[tuple[int, int], list]) -> None:
        for variables in cover.values():
            if len(variables) > 1:
                model.add_at_most_one(variables)


class DailyCap:
    """L2: a grade's first airings on one day total at most its stage's daily cap.

    Repeats do not count: a child watches a lesson once, at its first airing or at its repeat.
    `cuts` adds a redundant cover row: no more lessons a day than the shortest ones that fit
    the cap. Without it the LP fills the cap with fractions of lessons, each worth its whole
    slot (a 17-min lesson counts 20 min of airtime).
    """

    def __init__(self, *, cuts: bool = True) -> None:
        self.cuts = cuts

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        inst = v.instance
        for grade, cap in sorted(inst.daily_cap_seconds.items()):
            lessons = [lesson for lesson in inst.lessons if lesson.grade == grade]
            if not lessons:
                continue
            literal = switch("solver.rule.daily_cap", grade=grade, minutes=cap // 60)
            for day in inst.days:
                terms = [
                    (x.seconds, v.first[x.index][day.index])
                    for x in lessons
                    if day.index in v.first[x.index]
                ]
                if sum(s for s, _ in terms) > cap:
                    expr = cp_model.LinearExpr.weighted_sum(
                        [x for _, x in terms], [s for s, _ in terms]
                    )
                    _enforce(model.add(expr <= cap), literal)
                    if self.cuts:
                        fits = _most_that_fit(sorted(s for s, _ in terms), cap)
                        _enforce(model.add(sum(x for _, x in terms) <= fits), literal)
        return 0


def _most_that_fit(seconds: list[int], cap: int) -> int:
    """How many of the (sorted) lengths fit into `cap`, shortest first."""
    total = 0
    for count, s in enumerate(seconds):
        total += s
        if total > cap:
            return count
    return len(seconds)


class SyllabusOrder:
    """C7: within a course only a prefix of the lessons airs, and lesson k+1 never airs on an
    earlier day than lesson k. On one day, slots are given to lessons in syllabus order
    (solver.reading); two consecutive lessons whose slots differ in length never share a day,
    so that order can always be kept."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        inst = v.instance
        by_course: dict[str, list[int]] = {}
        for lesson in inst.lessons:
            by_course.setdefault(lesson.course, []).append(lesson.index)
        for course, indices in by_course.items():
            literal = switch(
                "solver.rule.order", course=course, grade=inst.lessons[indices[0]].grade
            )
            for before, after in zip(indices, indices[1:], strict=False):
                self._pair(model, v, before, after, literal)
        return 0

    @staticmethod
    def _pair(
        model: cp_model.CpModel,
        v: PlanVariables,
        before: int,
        after: int,
        literal: cp_model.IntVar | None,
    ) -> None:
        _enforce(model.add(v.aired[after] <= v.aired[before]), literal)
        earlier_before: list[cp_model.IntVar] = []
        earlier_after: list[cp_model.IntVar] = []
        same_length = v.instance.lessons[before].slot == v.instance.lessons[after].slot
        for day in v.instance.days:
            b = v.first[before].get(day.index)
            a = v.first[after].get(day.index)
            earlier_before += [b] if b is not None else []
            earlier_after += [a] if a is not None else []
            if earlier_after:
                _enforce(model.add(sum(earlier_after) <= sum(earlier_before)), literal)
            if not same_length and a is not None and b is not None:
                model.add_bool_or([a.Not(), b.Not()])


class DomainMinimum:
    """C1/C2: each grade gets at least the weekly minimum of every whole-person domain; P1:
    each exam grade gets at least its weekly floor of lessons of any domain.

    A hard rule, up to what the grade can get (`Instance.attainable`: its schedulable lessons
    and airtime; all of it with `strict_minimums`). With `soft_minimums` (when those clash with
    other rules) `shortfall[g/domain]` seconds cost more than any airtime they could free is
    worth, so a grade falls short only where it must; the plan reports every shortfall.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        inst = v.instance
        terms: list[Term] = []
        for grade, domain, need in inst.minimums():
            target = inst.attainable(grade, domain, need)
            if target <= 0:
                continue
            lessons = [
                x for x in inst.lessons if x.grade == grade and domain in (x.domain, ALL_DOMAINS)
            ]
            expr = cp_model.LinearExpr.weighted_sum(
                [v.aired[x.index] for x in lessons], [x.seconds for x in lessons]
            )
            if not inst.soft_minimums:
                literal = self._switch(switch, grade, domain, target)
            else:
                short = model.new_int_var(0, target, f"shortfall[g{grade}/{domain}]")
                literal = model.new_bool_var(f"meets[g{grade}/{domain}]")
                v.shortfall[(grade, domain)] = (short, literal)
                model.add(short == 0).only_enforce_if(literal)
                expr += short
                terms.append(-inst.shortfall_price * short)
            _enforce(model.add(expr >= target), literal)
            if lessons:
                # Redundant count cut: whole lessons, so at least ceil(need / longest) of them;
                # without it the LP meets a minimum with fractions of lessons.
                fewest = -(-target // max(x.seconds for x in lessons))
                _enforce(model.add(sum(v.aired[x.index] for x in lessons) >= fewest), literal)
        return sum(terms)

    def _switch(self, switch: Switch, grade: int, domain: str, need: int) -> Literal:
        if domain == ALL_DOMAINS:
            return switch("solver.rule.exam_floor", grade=grade, minutes=need // 60)
        name = self.names.get(domain, domain)
        return switch("solver.rule.domain", grade=grade, domain=name, minutes=need // 60)


class CoursePerDay:
    """L7: at most the stage's number of new lessons of one course on one day."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        inst = v.instance
        for course, indices in _by_course(inst).items():
            grade = inst.lessons[indices[0]].grade
            cap = inst.course_cap[grade]
            if len(indices) <= cap:
                continue
            literal = switch("solver.rule.course_per_day", course=course, grade=grade, cap=cap)
            for day in inst.days:
                airs = [v.first[i][day.index] for i in indices if day.index in v.first[i]]
                if len(airs) > cap:
                    _enforce(model.add(sum(airs) <= cap), literal)
        return 0


class Regularity:
    """L7 (soft): a grade's airings keep to few start times of day, so each course can air at
    the same time on the days it airs (solver.reading gives a course its usual slot).
    `start_time[g@channel:grain]` is true when the grade starts an airing there on any day;
    each costs the regularity penalty. `cuts=False` leaves out the redundant day rows."""

    def __init__(self, *, cuts: bool = True) -> None:
        self.cuts = cuts

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        inst = v.instance
        if not inst.regularity_penalty:
            return 0
        used: list[cp_model.IntVar] = []
        for (grade, c, grain), starts in sorted(v.start_times().items(), key=lambda kv: kv[0]):
            name = f"start_time[g{grade}@{inst.channels[c].id}:{grain}]"
            flag = model.new_bool_var(name)
            for var in starts:
                model.add_implication(var, flag)
            v.start_time[(grade, c, grain)] = flag
            used.append(flag)
        if self.cuts:
            self._day_cuts(model, v)
        return -inst.regularity_penalty * sum(used)

    @staticmethod
    def _day_cuts(model: cp_model.CpModel, v: PlanVariables) -> None:
        """Redundant rows: the airings a grade starts on one channel inside one stretch of open
        airtime on one day start at distinct times of day, so at least that many of the
        stretch's start-time flags are set. Without them the LP spreads airings fractionally
        over many times and counts almost no penalty (instance S: 104 of a plan's 425)."""
        per_day = v.instance.grains_per_day
        airings: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
        times: dict[tuple[int, int, int], set[int]] = defaultdict(set)
        for (grade, _), slots in v.slot.items():
            for (c, t), var in slots.items():
                span = v.span_of(c, t)
                airings[(grade, c, span)].append(var)
                times[(grade, c, span)].add(t % per_day)
        for key, starts in airings.items():
            grade, c, _ = key
            flags = [v.start_time[(grade, c, grain)] for grain in sorted(times[key])]
            if len(starts) > 1:
                model.add(sum(flags) >= sum(starts))


def _by_course(inst: Instance) -> dict[str, list[int]]:
    by_course: dict[str, list[int]] = defaultdict(list)
    for lesson in inst.lessons:
        by_course[lesson.course].append(lesson.index)
    return dict(by_course)


class Repeats:
    """A repeat airs on a later day than the airing before it, at least repeats.min_gap_hours
    after it whatever the hours (checked against the days' open airtime); it is worth
    repeats.value_factor of a first airing."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        terms: list[Term] = []
        for lesson in v.instance.lessons:
            i = lesson.index
            previous = v.first[i]
            for j, days in enumerate(v.repeat[i]):
                for day, var in days.items():
                    allowed = [
                        x for d, x in previous.items() if v.instance.repeat_allowed(lesson, d, day)
                    ]
                    if allowed:
                        model.add(var <= sum(allowed))
                    else:
                        model.add(var == 0)
                previous = days
                terms.append(lesson.repeat_value * v.repeated[i][j])
        return sum(terms)


class Priority:
    """P1/P4: each aired second is worth its grade's priority weight (× the voluntary factor)."""

    def build(self, model: cp_model.CpModel, v: PlanVariables, switch: Switch) -> Term:
        return cp_model.LinearExpr.weighted_sum(v.aired, [x.value for x in v.instance.lessons])
