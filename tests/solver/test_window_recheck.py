"""The planner re-checks each measured length against its grade's L3 window, whoever measured it:
a lesson outside the window is held, and (C7) nothing after it in the course airs."""

from __future__ import annotations

import datetime as dt

from airclass.solver.instance import build_instance

from tests.solver.conftest import durations, tiny_world

WEEK = dt.date(2026, 11, 30)


def test_a_length_outside_the_grades_window_is_not_planned() -> None:
    world = tiny_world(grades=(3,))
    frames = durations(world)
    instance = build_instance(world, WEEK, frames)
    planned = {lesson.asset for lesson in instance.lessons}
    course = world.curricula[3].course[0]
    first = course.lesson[0].asset
    assert first in planned  # it fits its window: this week wants it
    window = world.policy.lecture["primary"]
    too_long = round((window.max_minutes * 60 + 1) * 25)  # a second over 20 minutes, at 25 fps
    held = build_instance(world, WEEK, {**frames, first: too_long})
    left = {lesson.asset for lesson in held.lessons}
    # C7: the course stops at the held lesson; every other course is untouched.
    assert left == planned - {lesson.asset for lesson in course.lesson}
