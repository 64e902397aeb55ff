"""Random plans and clip lengths: a rundown always tiles its day and keeps every bell time."""

from __future__ import annotations

import datetime as dt

from airclass.config.schema.world import World
from airclass.playout import ItemKind, build_rundown
from airclass.solver.plan import Plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.playout.plan_factory import WEEK

FPS = 25
CLIPS = ("eye", "ident", "filler-1", "filler-2", "slate")


Day = tuple[list[tuple[int, str, int, bool]], dict[str, int]]


@st.composite
def days(draw: st.DrawFn) -> Day:
    """1–6 lessons (bell minute, asset, length, part of lesson 1?) and random clip lengths.

    Plain numbers only: the plan is built in the test, so reports stay small.
    """
    minutes = draw(st.lists(st.integers(6 * 60, 30 * 60 - 1), min_size=1, max_size=6, unique=True))
    frames = {clip: draw(st.integers(1, 90 * FPS)) for clip in CLIPS}
    # The slate loops for hours and fillers for the window: keep them to real lengths.
    frames["slate"] = draw(st.integers(20 * FPS, 90 * FPS))
    frames["filler-1"] = draw(st.integers(5 * FPS, 90 * FPS))
    lessons = [
        (
            minute,
            draw(st.sampled_from(["lesson-a", "lesson-b"])),
            draw(st.integers(1, 40 * 60 * FPS)),
            draw(st.booleans()),
        )
        for minute in sorted(minutes)
    ]
    return lessons, frames


def _plan(template: Plan, day: Day) -> tuple[Plan, dict[str, int]]:
    lessons, frames = day
    airings = []
    for number, (minute, asset, length, is_part) in enumerate(lessons, start=1):
        frames[asset] = length
        next_day = minute >= 24 * 60
        airings.append(
            template.airings[0].model_copy(
                update={
                    "uid": f"x-{number}",
                    "date": WEEK + dt.timedelta(days=int(next_day)),
                    "start_frame": (minute - 24 * 60 * next_day) * 60 * FPS,
                    "asset": asset,
                    "lesson_id": "g03-yuwen-001" if is_part else f"lesson-{number}",
                    "duration_frames": length,
                }
            )
        )
    return template.model_copy(update={"airings": airings}), frames


def test_random_days_tile_and_keep_bells(tiny_world: World, tiny_plan: Plan) -> None:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(days())
    def check(day: Day) -> None:
        plan, frames = _plan(tiny_plan, day)
        channel = tiny_world.channels[0]
        rundown = build_rundown(plan, tiny_world, channel, WEEK, frames)
        cursor = rundown.day_start
        for item in rundown.items:
            assert item.start == cursor and item.duration > 0
            assert item.out_point <= item.clip_frames
            cursor = item.end
        assert cursor == rundown.day_end
        lessons = {i.airing.uid: i.start for i in rundown.items if i.kind is ItemKind.LESSON}
        for airing in plan.airings:
            offset = 24 * 3600 * FPS if airing.date > WEEK else 0
            assert lessons[airing.uid] == airing.start_frame + offset
        cut = {o.start for o in rundown.overruns}
        for item in rundown.items:
            if item.is_trimmed and item.kind not in (ItemKind.SLATE, ItemKind.AD_BREAK):
                assert item.start in cut  # only a programme running into the next bell is cut
        longest = tiny_world.policy.ads.max_break_minutes * 60 * FPS
        run = 0
        for item in rundown.items:
            run = run + item.duration if item.kind is ItemKind.AD_BREAK else 0
            assert run <= longest

    check()
