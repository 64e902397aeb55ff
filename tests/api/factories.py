"""Plans built directly (no solver): a week of a few airings on the demo channels."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from airclass.solver.plan import Airing, GradeSummary, Plan, Status

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"
WEEK = dt.date(2026, 11, 23)
"""Monday of the test week; the tests' clock stands on its Wednesday."""
NOW = dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.UTC)
PUBLISHED_AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
"""When the fixtures publish, unless a test says otherwise: the Friday before the week."""
PRIMARY = "primary-low.demo-province.airclass"
SENIOR = "senior.demo-province.airclass"
FPS = 25


def airing(
    uid: str,
    *,
    day: int = 0,
    at: str = "08:30",
    minutes: int = 20,
    channel: str = PRIMARY,
    grade: int = 1,
    title: str = "识字1 春夏秋冬",
    week: dt.date = WEEK,
    is_repeat: bool = False,
) -> Airing:
    """An airing of `minutes` starting at local `at` on `week` + `day` days."""
    hours, mins = (int(x) for x in at.split(":"))
    frames = minutes * 60 * FPS
    lesson_id = uid.split(".")[0].split("@")[0]
    return Airing(
        uid=uid,
        channel=channel,
        date=week + dt.timedelta(days=day),
        start_frame=(hours * 60 + mins) * 60 * FPS,
        duration_frames=frames - 3 * FPS,
        slot_frames=frames,
        grade=grade,
        course=lesson_id.rsplit("-", 1)[0],
        subject="语文",
        domain="zhi",
        lesson_id=lesson_id,
        lesson_number=int(lesson_id.rsplit("-", 1)[1]),
        title=title,
        asset=lesson_id,
        task_sheet=f"https://demo-province.airclass.example/tasks/{lesson_id}.pdf",
        is_repeat=is_repeat,
    )


def plan(airings: list[Airing], *, week: dt.date = WEEK, config: str = str(DEMO)) -> Plan:
    channels = sorted({a.channel for a in airings} | {PRIMARY, SENIOR})
    return Plan(
        week=week,
        config=config,
        frame_rate=dict.fromkeys(channels, str(FPS)),
        status=Status.OPTIMAL,
        objective=0.0,
        best_bound=0.0,
        gap=0.0,
        solve_seconds=0.1,
        seed=1,
        created_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        airings=airings,
        grades=[
            GradeSummary(
                grade=1,
                demanded_minutes=40,
                aired_minutes=40,
                first_airings=2,
                repeats=0,
                carried_over=[],
            )
        ],
    )


def two_lessons(**overrides: object) -> Plan:
    """Grade 1 on Monday 08:30 and Tuesday 08:30 of the test week."""
    return plan(
        [
            airing("g01-yuwen-001.1@airclass", day=0, **overrides),  # type: ignore[arg-type]
            airing("g01-yuwen-002.1@airclass", day=1, title="识字2 姓氏歌"),
        ]
    )
