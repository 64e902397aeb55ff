"""Deterministic worlds for benchmarks and tests: S, M, L, XL, D and N of `bench solver`.

The policy is the demo province's (config/demo/policy.toml); channels, curricula and lesson
lengths are generated from a fixed seed, so the same name always gives the same instance.

- S: one national channel for grades 1–12, weekdays, demand far above capacity (CETV-4, 2020).
- M: four provincial channels, three grades each, weekdays.
- L: twelve channels, one per grade, seven days, with repeats (Shanghai, 2020).
- XL: L with twice the lessons per grade.
- D: the demo province's week (config/demo), every lecture at its planned length and the
  lessons demo-reviews.toml holds held, without building media.
- N: D with only the national channel (the spring-2020 scarcity case).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import tomllib
from pathlib import Path
from typing import Any

from airclass.config import DEMO_CONFIG, load_world
from airclass.config.clearance import Hold, Reason
from airclass.config.loader import load_demo_reviews
from airclass.config.schema.assets import Asset
from airclass.config.schema.channels import Channel
from airclass.config.schema.curriculum import Curriculum
from airclass.config.schema.demo_reviews import HeldLesson
from airclass.config.schema.policy import Policy
from airclass.config.schema.term import Term
from airclass.config.schema.world import World

WEEK = dt.date(2020, 3, 2)
DEMO_POLICY = DEMO_CONFIG / "policy.toml"
FPS = 25

# (course key, subject, subject_en, domain, lessons per week)
_COURSES = (
    ("yuwen", "语文", "Chinese", "zhi", 5),
    ("shuxue", "数学", "Mathematics", "zhi", 5),
    ("yingyu", "英语", "English", "zhi", 3),
    ("daode", "道德与法治", "Morality and law", "de", 1),
    ("tiyu", "体育与健康", "Physical education", "ti", 2),
    ("meishu", "美术", "Art", "mei", 1),
    ("yinyue", "音乐", "Music", "mei", 1),
    ("laodong", "劳动", "Labour", "lao", 1),
)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def demo_policy(**overrides: Any) -> Policy:
    """The demo policy with `overrides` merged into its tables (nested dicts merge too)."""
    data = tomllib.loads(DEMO_POLICY.read_text(encoding="utf-8"))
    return Policy.model_validate(_merge(data, overrides))


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        old = merged.get(key)
        merged[key] = (
            _merge(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
        )
    return merged


def channel(
    cid: str,
    grades: list[int] | str,
    windows: list[tuple[list[str], str, str]],
    *,
    network: str = "national",
    ads: bool = False,
    fixed: list[dict[str, Any]] | None = None,
) -> Channel:
    return Channel.model_validate(
        {
            "id": cid,
            "name": cid,
            "number": cid.split(".")[0].upper(),
            "network": network,
            "acceptance_profile": "preview",
            "grades": grades,
            "ads_between_programmes": ads,
            "windows": [{"days": d, "start": s, "end": e} for d, s, e in windows],
            "fixed": fixed or [],
        }
    )


def curricula(
    grades: list[int], *, rng: random.Random, policy: Policy, scale: float = 1.0, lessons: int = 12
) -> tuple[dict[int, Curriculum], dict[str, Asset]]:
    """Courses for each grade with lessons whose lengths fall in the stage's L3 window."""
    result: dict[int, Curriculum] = {}
    assets: dict[str, Asset] = {}
    for grade in grades:
        window = policy.lecture[policy.stage_of(grade)]
        courses = []
        for key, subject, subject_en, domain, per_week in _COURSES:
            if key == "yingyu" and grade < 3:
                continue
            cid = f"g{grade:02d}-{key}"
            rows = []
            for number in range(1, lessons + 1):
                seconds = rng.randint(int(window.min_minutes * 60), int(window.max_minutes * 60))
                asset = f"{cid}-{number:03d}"
                assets[asset] = Asset(
                    id=asset, path=f"{asset}.mp4", kind="lecture", planned_seconds=seconds
                )
                rows.append(
                    {
                        "number": number,
                        "title": f"{subject} 第{number}课",
                        "asset": asset,
                    }
                )
            courses.append(
                {
                    "id": cid,
                    "subject": subject,
                    "subject_en": subject_en,
                    "domain": domain,
                    "lessons_per_week": max(1, round(per_week * scale)),
                    "lesson": rows,
                }
            )
        result[grade] = Curriculum.model_validate({"grade": grade, "course": courses})
    return result, assets


def world(
    channels: list[Channel],
    grades: list[int],
    *,
    seed: int,
    policy: Policy | None = None,
    scale: float = 1.0,
    lessons: int = 12,
    name: str = "synthetic",
) -> World:
    policy = policy or demo_policy()
    rng = random.Random(seed)
    plans, assets = curricula(grades, rng=rng, policy=policy, scale=scale, lessons=lessons)
    term = Term(region="synthetic", term_start=WEEK, policy="P5", source="synthetic")
    return World(
        root=Path(name),
        policy=policy,
        channels=tuple(channels),
        term=term,
        curricula=plans,
        assets=assets,
    )


def durations(world: World) -> dict[str, int]:
    """Measured lengths in frames, taken from the planned seconds (synthetic media), but for
    the lectures demo-reviews.toml holds (pending or rejected at a level)."""
    held = {h.asset for h in _demo_holds(world)}
    return {a.id: round(a.planned_seconds * FPS) for a in world.assets.values() if a.id not in held}


def holds(world: World) -> dict[str, Hold]:
    """Asset id → the review the demo holds it at (demo-reviews.toml), as the gate says it."""
    return {
        h.asset: Hold(
            Reason.REVIEW_PENDING if h.decision == "pending" else Reason.REVIEW_REJECTED,
            level=h.level,
        )
        for h in _demo_holds(world)
    }


def _demo_holds(world: World) -> list[HeldLesson]:
    reviews = load_demo_reviews(world) if (world.root / "demo-reviews.toml").is_file() else None
    return reviews.held if reviews else []


def instance_s() -> World:
    national = channel(
        "cetv4.airclass", "all", [(_WEEKDAYS, "08:00", "12:00"), (_WEEKDAYS, "13:30", "17:00")]
    )
    policy = demo_policy(repeats={"max_per_lesson": 0}, planning={"time_limit_seconds": 10})
    return world([national], list(range(1, 13)), seed=1, name="S", policy=policy)


def instance_m() -> World:
    groups = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
    names = ["primary-low", "primary-high", "junior", "senior"]
    channels = [
        channel(
            f"{n}.province.airclass",
            g,
            [(_WEEKDAYS, "08:30", "11:30"), (_WEEKDAYS, "14:00", "16:30")],
            network="province",
            ads=g[0] >= 7,
        )
        for n, g in zip(names, groups, strict=True)
    ]
    policy = demo_policy(repeats={"max_per_lesson": 0}, planning={"time_limit_seconds": 60})
    return world(channels, list(range(1, 13)), seed=2, name="M", scale=1.2, policy=policy)


def instance_l() -> World:
    weekend = ["sat", "sun"]
    channels = [
        channel(
            f"grade{g:02d}.shanghai.airclass",
            [g],
            [
                (_WEEKDAYS, "08:00", "12:00"),
                (_WEEKDAYS, "14:00", "17:00"),
                (weekend, "09:00", "11:00"),
                (weekend, "15:00", "17:00"),
            ],
            network="shanghai",
        )
        for g in range(1, 13)
    ]
    policy = demo_policy(planning={"time_limit_seconds": 60})
    return world(channels, list(range(1, 13)), seed=3, name="L", scale=1.6, policy=policy)


def instance_xl() -> World:
    """L with twice the lessons per grade."""
    base = instance_l()
    return world(
        list(base.channels),
        list(range(1, 13)),
        seed=4,
        name="XL",
        scale=3.2,
        lessons=24,
        policy=base.policy,
    )


DEMO_WEEK = dt.date(2026, 12, 7)
"""The demo's week in the bench: a Monday; the demo term moves to cover it (Term.covering)."""


def instance_d() -> World:
    demo = load_world(DEMO_CONFIG)
    policy = demo.policy.model_copy(
        update={"planning": demo.policy.planning.model_copy(update={"time_limit_seconds": 60})}
    )
    return dataclasses.replace(demo, policy=policy, term=demo.term.covering(DEMO_WEEK))


def instance_n() -> World:
    demo = instance_d()
    national = tuple(c for c in demo.channels if c.network == "national")
    return dataclasses.replace(demo, channels=national)


INSTANCES = {
    "S": instance_s,
    "M": instance_m,
    "L": instance_l,
    "D": instance_d,
    "N": instance_n,
    "XL": instance_xl,
}
WEEKS = {"D": DEMO_WEEK, "N": DEMO_WEEK}
"""The week each instance plans (the synthetic ones: WEEK)."""
