from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from airclass.config.schema.world import World
from airclass.config.timecode import frames_from_minutes
from airclass.playout import ItemKind, Rundown, build_rundown, build_rundowns, planned_clip_frames
from airclass.playout.errors import MissingClipError, PlanConflictError
from airclass.playout.programmes import playlist_date
from airclass.solver.plan import Plan

from tests.playout.plan_factory import generated_plan

SEEDS = (0, 1, 2)


@pytest.fixture(scope="module", params=SEEDS)
def week(request: pytest.FixtureRequest, demo_world: World) -> tuple[Plan, list[Rundown]]:
    plan = generated_plan(demo_world, seed=request.param, parts=True)
    return plan, build_rundowns(plan, demo_world, planned_clip_frames(demo_world))


def _programme_runs(rundown: Rundown) -> list[tuple[object, list[ItemKind], object]]:
    """(programme before, kinds between, programme after) for every gap between programmes."""
    runs, before, between = [], None, []
    for item in rundown.items:
        if item.kind.is_programme:
            runs.append((before, between, item))
            before, between = item, []
        else:
            between.append(item.kind)
    return runs


def test_rundowns_cover_every_channel_day_of_the_week(week, demo_world: World) -> None:
    plan, rundowns = week
    days = {(r.channel.id, r.date) for r in rundowns}
    for channel in demo_world.channels:
        for offset in range(7):
            assert (channel.id, plan.week + dt.timedelta(days=offset)) in days


def test_items_tile_the_playlist_day_without_gaps_or_overlaps(week) -> None:
    _, rundowns = week
    for rundown in rundowns:
        cursor = rundown.day_start
        for item in rundown.items:
            assert item.start == cursor, (rundown.channel.id, rundown.date, item)
            assert item.duration > 0
            assert item.out_point - item.in_point == item.duration
            assert item.out_point <= item.clip_frames
            cursor = item.end
        assert cursor == rundown.day_end
        assert sum(item.duration for item in rundown.items) == rundown.day_frames == 24 * 3600 * 25


def test_every_lesson_starts_exactly_on_its_bell_time(week) -> None:
    plan, rundowns = week
    lessons = {
        item.airing.uid: (r.channel.id, r.date, item.start)
        for r in rundowns
        for item in r.items
        if item.kind is ItemKind.LESSON and item.airing
    }
    assert len(lessons) == len(plan.airings)
    for airing in plan.airings:
        rundown = next(r for r in rundowns if r.channel.id == airing.channel)
        day, start = playlist_date(rundown.channel, airing.date, airing.start_frame)
        assert lessons[airing.uid] == (airing.channel, day, start)
        assert start % frames_from_minutes(1, rundown.rate) == 0  # frame 0 of its minute


def test_no_ad_break_inside_a_lesson_or_between_its_parts(week) -> None:
    plan, rundowns = week
    parts_seen = 0
    for rundown in rundowns:
        for before, between, after in _programme_runs(rundown):
            if ItemKind.AD_BREAK not in between:
                continue
            assert before is not None, "an ad break stands between two programmes (B1)"
            assert before.lesson_id is None or before.lesson_id != after.lesson_id
        for before, between, after in _programme_runs(rundown):
            if before is not None and before.lesson_id and before.lesson_id == after.lesson_id:
                parts_seen += 1
                assert ItemKind.AD_BREAK not in between
    assert parts_seen > 0, "the generated plans include lessons in two parts"


def test_ad_breaks_only_on_channels_that_allow_them_and_never_too_long(week, demo_world) -> None:
    _, rundowns = week
    longest = frames_from_minutes(demo_world.policy.ads.max_break_minutes, rundowns[0].rate)
    allowing = 0
    for rundown in rundowns:
        runs, current = [], 0
        for item in rundown.items:
            if item.kind is ItemKind.AD_BREAK:
                current += item.duration
            elif current:
                runs.append(current)
                current = 0
        if not rundown.channel.ads_between_programmes:
            assert runs == []
        else:
            allowing += len(runs)
            assert all(run <= longest for run in runs)
    assert allowing > 0


def test_an_eye_exercise_follows_a_lesson_when_the_break_is_long_enough(week, demo_world) -> None:
    _, rundowns = week
    eye_frames = planned_clip_frames(demo_world)["clip-eye-exercise"]
    followed = 0
    for rundown in rundowns:
        programmes = rundown.programmes
        for lesson, following in zip(programmes, (*programmes[1:], None), strict=False):
            room = (following.start if following else rundown.day_end) - lesson.end
            if lesson.kind is ItemKind.LESSON and room >= eye_frames:
                after = rundown.items[rundown.items.index(lesson) + 1]
                assert after.kind is ItemKind.BREAK_INTERSTITIAL
                assert after.start == lesson.end
                followed += 1
    assert followed > 0


def test_only_the_slate_is_trimmed_when_nothing_overruns(week) -> None:
    _, rundowns = week
    for rundown in rundowns:
        assert rundown.overruns == ()
        trimmed = {item.kind for item in rundown.items if item.is_trimmed}
        assert trimmed <= {ItemKind.SLATE, ItemKind.AD_BREAK}


def test_outside_windows_and_on_holidays_the_channel_shows_its_slate(demo_world) -> None:
    holiday = dt.date(2026, 10, 1)
    plan = generated_plan(demo_world, week=dt.date(2026, 9, 28))
    rundown = build_rundown(
        plan, demo_world, demo_world.channels[1], holiday, planned_clip_frames(demo_world)
    )
    assert {item.kind for item in rundown.items} == {ItemKind.SLATE}


def test_a_lesson_longer_than_its_slot_is_cut_at_the_next_bell(demo_world, demo_plan) -> None:
    first = demo_plan.airings[0]
    follower = first.model_copy(
        update={"uid": "next.1@airclass", "start_frame": first.start_frame + 25 * 60 * 10}
    )
    plan = demo_plan.model_copy(update={"airings": [first, follower]})
    frames = planned_clip_frames(demo_world) | {first.asset: 25 * 60 * 30}
    channel = demo_world.channel(first.channel)
    rundown = build_rundown(plan, demo_world, channel, first.date, frames)
    lessons = [item for item in rundown.items if item.kind is ItemKind.LESSON]
    assert [item.start for item in lessons] == [first.start_frame, follower.start_frame]
    assert lessons[0].duration == 25 * 60 * 10 and lessons[0].is_trimmed
    assert rundown.overruns[0].aired_frames == 25 * 60 * 10


def test_two_programmes_on_one_frame_are_a_plan_conflict(demo_world, demo_plan) -> None:
    first = demo_plan.airings[0]
    clash = first.model_copy(update={"uid": "clash.1@airclass"})
    plan = demo_plan.model_copy(update={"airings": [first, clash]})
    with pytest.raises(PlanConflictError) as caught:
        build_rundowns(plan, demo_world, planned_clip_frames(demo_world))
    assert first.channel in caught.value.message("en")


def test_a_channel_without_slate_or_filler_cannot_fill_its_gaps(demo_world, demo_plan) -> None:
    bare = demo_world.channels[1].model_copy(
        update={
            "clips": demo_world.channels[1].clips.model_copy(update={"slate": None, "filler": []})
        }
    )
    world = dataclasses.replace(demo_world, channels=(bare,))
    with pytest.raises(MissingClipError, match="clips.slate"):
        build_rundown(demo_plan, world, bare, demo_plan.week, planned_clip_frames(world))
