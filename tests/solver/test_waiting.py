"""Every carried-over lesson names why it waits, one tiny week per reason."""

from __future__ import annotations

from airclass.config.clearance import Hold, Reason
from airclass.solver import plan_week, replan
from airclass.solver.plan import Plan, Waiting, WaitReason
from airclass.solver.synthetic import WEEK, demo_policy

from tests.solver.checker import check_plan
from tests.solver.conftest import FREE_DOMAINS, course_world, durations

MONDAY = [(["mon"], "08:00", "17:00")]


def _why(plan: Plan) -> dict[str, Waiting]:
    carried = {lesson for g in plan.grades for lesson in g.carried_over}
    assert {w.lesson_id for w in plan.waiting} == carried, "one reason per carried-over lesson"
    return {w.lesson_id: w for w in plan.waiting}


def test_gate_holds_name_the_level_or_profile_and_the_course_waits_behind_them() -> None:
    world = course_world({3: [3, 1, 1]}, MONDAY)
    frames = durations(world)
    held = {
        "g03-c0-001": Hold(Reason.REVIEW_PENDING, level="scientific"),
        "g03-c1-001": Hold(Reason.REVIEW_REJECTED, level="political"),
        "g03-c2-001": Hold(Reason.FAILED, profile="broadcast-hd", stage="primary"),
    }
    frames = {a: f for a, f in frames.items() if a not in held}
    plan = plan_week(world, WEEK, frames, time_limit=5, holds=held)
    why = _why(plan)
    assert set(why) == {"g03-c0-001", "g03-c0-002", "g03-c0-003", "g03-c1-001", "g03-c2-001"}
    assert why["g03-c0-001"].message("en") == "review pending at level scientific"
    assert why["g03-c1-001"].message("en") == "review rejected at level political"
    assert "broadcast-hd" in why["g03-c2-001"].message("en")
    assert why["g03-c0-003"].reason == WaitReason.PREDECESSOR
    assert why["g03-c0-003"].lesson == "g03-c0-001"
    assert "g03-c0-001" in why["g03-c0-002"].message("zh")


def test_daily_cap_on_every_open_day() -> None:
    """Eight one-lesson courses of grade 3 on one long Monday: 120 min a day (L2) is six."""
    world = course_world({3: [1] * 8}, MONDAY)
    plan = plan_week(world, WEEK, durations(world), time_limit=5)
    check_plan(plan, world)
    assert len(plan.airings) == 6
    why = _why(plan)
    assert len(why) == 2
    assert {w.reason for w in why.values()} == {WaitReason.DAILY_CAP}
    assert "L2" in next(iter(why.values())).message("en")


def test_course_per_day_cap_then_its_next_lesson_waits() -> None:
    """A course of three lessons on one day, one a day (L7): the second meets the cap, the
    third waits for the second."""
    world = course_world({3: [3]}, MONDAY)
    plan = plan_week(world, WEEK, durations(world), time_limit=5)
    why = _why(plan)
    assert why["g03-c0-002"].reason == WaitReason.DAILY_CAP
    assert why["g03-c0-003"].reason == WaitReason.PREDECESSOR


def test_no_free_airtime_on_the_grade_channels() -> None:
    """One 45-minute window: one 20-minute lesson and its 20-minute break fill it."""
    world = course_world({3: [1, 1]}, [(["mon"], "08:00", "08:45")])
    plan = plan_week(world, WEEK, durations(world), time_limit=5)
    assert len(plan.airings) == 1
    (w,) = _why(plan).values()
    assert w.reason == WaitReason.NO_AIRTIME
    assert w.channels == ["one.test.airclass"]
    assert "one.test.airclass" in w.message("en")


def test_outranked_by_a_higher_priority_grade() -> None:
    """Grades 3 (weight 50, 20 min) and 7 (weight 10, 25 min) want one 40-minute window:
    grade 3 airs."""
    world = course_world({3: [1], 7: [1]}, [(["mon"], "08:00", "08:40")])
    plan = plan_week(world, WEEK, durations(world), time_limit=5)
    assert [a.grade for a in plan.airings] == [3]
    (w,) = _why(plan).values()
    assert (w.lesson_id, w.reason, w.grades) == ("g07-c0-001", WaitReason.OUTRANKED, [3])
    assert w.message("en") == "outranked by higher-priority grade(s) 3 (P1)"


def test_withdrawn_lesson_named_in_the_replan() -> None:
    policy = demo_policy(repeats={"max_per_lesson": 0}, domains=FREE_DOMAINS)
    world = course_world({3: [2, 1]}, [(["mon", "tue"], "08:00", "12:00")], policy=policy)
    plan = plan_week(world, WEEK, durations(world), time_limit=5)
    assert plan.waiting == [] and len(plan.airings) == 3
    result = replan(plan, world, durations(world), withdraw=["g03-c0-001"], time_limit=5)
    why = _why(result.plan)
    assert why["g03-c0-001"].reason == WaitReason.WITHDRAWN
    assert why["g03-c0-002"].reason == WaitReason.PREDECESSOR
