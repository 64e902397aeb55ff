"""Tiny worlds for solver tests, built from the synthetic generator (no media needed)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from airclass.config.schema.assets import Asset
from airclass.config.schema.curriculum import Curriculum
from airclass.config.schema.term import Term
from airclass.config.schema.world import World
from airclass.solver import synthetic
from airclass.solver.synthetic import WEEK, channel, curricula, demo_policy

TWO_DAYS = ["mon", "tue"]


def tiny_world(
    *,
    grades: tuple[int, ...] = (3, 9),
    windows: Any = None,
    policy: Any = None,
    network_split: bool = False,
    term: Term | None = None,
    lessons: int = 3,
    scale: float = 0.2,
    seed: int = 7,
) -> World:
    policy = policy or demo_policy(repeats={"max_per_lesson": 0})
    windows = windows or [(TWO_DAYS, "08:00", "10:00"), (TWO_DAYS, "14:00", "16:00")]
    channels = [channel("one.test.airclass", list(grades), windows)]
    if network_split:
        channels = [channel(f"g{g}.test.airclass", [g], windows, network="test") for g in grades]
    plans, assets = curricula(
        list(grades), rng=random.Random(seed), policy=policy, scale=scale, lessons=lessons
    )
    term = term or Term(region="t", term_start=WEEK, policy="P5", source="test")
    return World(
        root=Path("tiny"),
        policy=policy,
        channels=tuple(channels),
        term=term,
        curricula=plans,
        assets=assets,
    )


@pytest.fixture(scope="module")
def tiny() -> World:
    return tiny_world()


durations = synthetic.durations


FREE_DOMAINS = {key: {"min_weekly_minutes": 0} for key in ("de", "zhi", "ti", "mei", "lao")}
"""Policy override: no weekly domain minimums, so only airtime and priority decide."""


def course_world(
    courses: dict[int, list[int]],
    windows: list[tuple[list[str], str, str]],
    *,
    policy: Any = None,
    minutes: dict[int, float] | None = None,
) -> World:
    """Grades with courses of given lesson counts on one channel: {3: [2, 1]} gives grade 3 a
    course of two lessons and one of one, every lesson 20 min (primary) or 25 min (secondary),
    or `minutes[grade]`."""
    policy = policy or demo_policy(repeats={"max_per_lesson": 0}, domains=FREE_DOMAINS)
    plans, assets = {}, {}
    for grade, counts in courses.items():
        length = (minutes or {}).get(grade, 20 if grade <= 6 else 25)
        rows = []
        for n, count in enumerate(counts):
            cid = f"g{grade:02d}-c{n}"
            lessons = []
            for number in range(1, count + 1):
                asset = f"{cid}-{number:03d}"
                assets[asset] = Asset(
                    id=asset, path=f"{asset}.mp4", kind="lecture", planned_seconds=length * 60
                )
                lessons.append({"number": number, "title": f"第{number}课", "asset": asset})
            rows.append(
                {
                    "id": cid,
                    "subject": f"课{n}",
                    "subject_en": f"course {n}",
                    "domain": "zhi",
                    "lessons_per_week": count,
                    "lesson": lessons,
                }
            )
        plans[grade] = Curriculum.model_validate({"grade": grade, "course": rows})
    return World(
        root=Path("tiny"),
        policy=policy,
        channels=(channel("one.test.airclass", sorted(courses), windows),),
        term=Term(region="t", term_start=WEEK, policy="P5", source="test"),
        curricula=plans,
        assets=assets,
    )
