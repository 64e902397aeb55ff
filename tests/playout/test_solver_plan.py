"""Rundowns of a plan the real CP-SAT planner made for the demo week."""

from __future__ import annotations

import datetime as dt

import pytest
from airclass.config.schema.world import World
from airclass.playout import ItemKind, build_rundowns, planned_clip_frames
from airclass.playout.programmes import playlist_date
from airclass.solver.planner import plan_week


@pytest.mark.slow
def test_a_solver_plan_becomes_rundowns_with_every_lesson_on_its_bell(demo_world: World) -> None:
    frames = planned_clip_frames(demo_world)
    durations = {ref.lesson.asset: frames[ref.lesson.asset] for ref in demo_world.lessons()}
    plan = plan_week(demo_world, dt.date(2026, 9, 7), durations, time_limit=5, workers=2, seed=0)
    assert plan.airings

    rundowns = build_rundowns(plan, demo_world, frames)

    starts = {i.airing.uid: (r.date, i.start) for r in rundowns for i in r.items if i.airing}
    for airing in plan.airings:
        channel = demo_world.channel(airing.channel)
        assert starts[airing.uid] == playlist_date(channel, airing.date, airing.start_frame)
    for rundown in rundowns:
        assert sum(item.duration for item in rundown.items) == rundown.day_frames
        assert rundown.overruns == ()
        kinds = {item.kind for item in rundown.items}
        assert (ItemKind.AD_BREAK in kinds) <= rundown.channel.ads_between_programmes
