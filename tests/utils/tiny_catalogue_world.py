"""A tiny config directory: the demo's policy and term, one channel, one grade, a few lectures.

For tests of the catalogue and the demo media builder: short planned lengths keep files small.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from airclass.config import World, load_world

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"

_CHANNEL = """
[[channel]]
id = "tiny.airclass"
name = "测试频道"
number = "T-1"
network = "test"
acceptance_profile = "preview"
grades = [3]

[[channel.windows]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "08:00"
end = "12:00"
"""
_SLATE_CLIP = '\n[channel.clips]\nslate = "slate"\n'
_SLATE_ASSET = (
    '[[asset]]\nid = "slate"\npath = "clips/slate.mp4"\nkind = "slate"\ntitle = "请稍候"\n'
    "planned_seconds = {seconds:g}\n"
)


def write_tiny_config(
    root: Path,
    lectures: dict[str, float],
    *,
    primary_window: tuple[float, float] | None = None,
    domain_minimums: bool = True,
    slate: bool = False,
    slate_seconds: float = 2,
) -> World:
    """Write a config directory at `root` whose grade-3 course has one lesson per lecture
    (asset id → planned seconds), and load it.

    `primary_window` (seconds) replaces primary school's L3 window of 15–20 minutes, so lectures
    of a few seconds can pass the gate.

    Without `domain_minimums` no whole-person domain needs weekly minutes (C1/C2), so the one
    subject can be planned on its own. With `slate` the channel has the slate that playout
    fills its gaps with, so the week can be exported; it fills the whole day, so a week of a
    2-second slate is 300,000 playlist items, and a test that checks a week wants a longer one.
    """
    root.mkdir(parents=True, exist_ok=True)
    for name in ("policy.toml", "term.toml"):
        shutil.copy(DEMO / name, root / name)
    policy = root / "policy.toml"
    if not domain_minimums:
        policy.write_text(
            re.sub(r"min_weekly_minutes = [\d.]+", "min_weekly_minutes = 0", policy.read_text())
        )
    if primary_window is not None:
        low, high = (seconds / 60 for seconds in primary_window)
        policy.write_text(
            re.sub(
                r"(\[lecture\.primary\]\n)min_minutes = [\d.]+\nmax_minutes = [\d.]+",
                f"\\1min_minutes = {low}\nmax_minutes = {high}",
                policy.read_text(),
            )
        )
    channels = _CHANNEL + (_SLATE_CLIP if slate else "")
    (root / "channels.toml").write_text(channels, encoding="utf-8")
    assets = [
        f'[[asset]]\nid = "{asset}"\npath = "lectures/{asset} 第{n}课.mp4"\nkind = "lecture"\n'
        f'title = "测试 第{n}课"\nplanned_seconds = {seconds}\n'
        for n, (asset, seconds) in enumerate(lectures.items(), start=1)
    ]
    if slate:
        assets.append(_SLATE_ASSET.format(seconds=slate_seconds))
    (root / "assets.toml").write_text("\n".join(assets), encoding="utf-8")
    lessons = [
        f'[[course.lesson]]\nnumber = {n}\ntitle = "测试 第{n}课"\nasset = "{asset}"\n'
        for n, asset in enumerate(lectures, start=1)
    ]
    course = 'grade = 3\n\n[[course]]\nid = "g03-test"\nsubject = "测试"\nsubject_en = "Test"\n'
    course += 'domain = "zhi"\nlessons_per_week = 3\n\n' + "\n".join(lessons)
    (root / "curricula").mkdir(exist_ok=True)
    (root / "curricula" / "grade-3.toml").write_text(course, encoding="utf-8")
    return load_world(root)
