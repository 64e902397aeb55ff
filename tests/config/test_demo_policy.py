"""The demo province's figures agree with its own policy."""

from __future__ import annotations

from airclass.config import load_world

from tests.config.conftest import DEMO


def test_demo_lessons_inside_l3_window() -> None:
    world = load_world(DEMO)
    for ref in world.lessons():
        window = world.policy.lecture[world.stage_of(ref.grade)]
        minutes = world.assets[ref.lesson.asset].planned_seconds / 60
        assert window.min_minutes <= minutes <= window.max_minutes, ref.id


def test_demo_every_grade_covers_every_domain_minimum() -> None:
    world = load_world(DEMO)
    for grade, curriculum in world.curricula.items():
        domains = {course.domain for course in curriculum.course if course.lesson}
        required = {k for k, d in world.policy.domains.items() if d.min_weekly_minutes > 0}
        assert required <= domains, (grade, required - domains)


def test_demo_national_channel_demand_above_capacity() -> None:
    world = load_world(DEMO)
    cetv4 = world.channel("cetv4.airclass")
    capacity = sum((w.end - w.start) * len(w.days) for w in cetv4.windows)
    demand = sum(
        world.assets[ref.lesson.asset].planned_seconds / 60
        for ref in world.lessons()
        if ref.lesson.number <= ref.course.lessons_per_week
    )
    assert demand > 2 * capacity
