"""Tiny worlds for solver tests, built from the synthetic generator (no media needed)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
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
