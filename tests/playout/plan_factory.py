"""Generated plans for playout tests: lessons laid into each channel's windows on bell times."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

from airclass.config.schema.world import LessonRef, World
from airclass.config.timecode import frames_from_minutes, frames_from_seconds
from airclass.solver.plan import Airing, Plan, Status

WEEK = dt.date(2026, 9, 7)
"""A Monday in the demo term (autumn 2026)."""


def generated_plan(
    world: World, *, seed: int = 0, week: dt.date = WEEK, parts: bool = False
) -> Plan:
    """Lessons of each channel's grades, on grain-aligned bell times inside its windows.

    Breaks between lessons are the policy's minimum break (L4) plus 0–10 minutes; with
    `parts`, some lessons air as two back-to-back airings of the same lesson id (two parts
    of one lesson).
    """
    rng = random.Random(seed)
    grain = world.policy.planning.grain_minutes
    pause = grain * math.ceil(world.policy.min_break.minutes / grain)
    airings: list[Airing] = []
    count: Counter[str] = Counter()
    for channel in world.channels:
        lessons = [ref for ref in world.lessons() if ref.grade in channel.grade_set]
        rng.shuffle(lessons)
        for offset in range(7):
            day = week + dt.timedelta(days=offset)
            weekday = world.term.timetable_day(day)
            for window in (w for w in channel.windows if weekday in w.days):
                minute = window.start + grain * rng.randint(0, 2)
                while lessons:
                    ref = lessons[-1]
                    seconds = world.assets[ref.lesson.asset].planned_seconds
                    slot = grain * math.ceil(seconds / 60 / grain)
                    if minute + slot > window.end:
                        break
                    lessons.pop()
                    count[ref.id] += 1
                    airings.append(
                        _airing(world, ref, channel.id, day, minute, seconds, slot, count[ref.id])
                    )
                    if parts and rng.random() < 0.3 and minute + 2 * slot <= window.end:
                        minute += slot
                        count[ref.id] += 1
                        airings.append(
                            _airing(
                                world, ref, channel.id, day, minute, seconds, slot, count[ref.id]
                            )
                        )
                    minute += slot + pause + grain * rng.randint(0, 2)
    return Plan(
        week=week,
        config="demo",
        frame_rate={c.id: str(c.frame_rate) for c in world.channels},
        status=Status.FEASIBLE,
        objective=0.0,
        best_bound=0.0,
        gap=0.0,
        solve_seconds=0.0,
        seed=seed,
        created_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        airings=airings,
        grades=[],
    )


def _airing(
    world: World,
    ref: LessonRef,
    channel: str,
    day: dt.date,
    minute: int,
    seconds: float,
    slot: int,
    airing_number: int = 1,
) -> Airing:
    rate = world.channel(channel).frame_rate
    return Airing(
        uid=f"{ref.id}.{airing_number}@airclass",
        channel=channel,
        date=day,
        start_frame=frames_from_minutes(minute, rate),
        duration_frames=frames_from_seconds(seconds, rate),
        slot_frames=frames_from_minutes(slot, rate),
        grade=ref.grade,
        course=ref.course.id,
        subject=ref.course.subject,
        domain=ref.course.domain,
        lesson_id=ref.id,
        lesson_number=ref.lesson.number,
        title=ref.lesson.title,
        asset=ref.lesson.asset,
        task_sheet=ref.lesson.task_sheet,
        is_repeat=airing_number > 1,
    )
