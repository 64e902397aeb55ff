from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from airclass.config.binaries import ffmpeg
from airclass.config.loader import load_world
from airclass.config.schema.world import World
from airclass.playout.rundown import planned_clip_frames
from airclass.solver.plan import Plan

from tests.playout.plan_factory import generated_plan

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "demo"
DTD = Path(__file__).parent / "data" / "xmltv.dtd"

# A tiny channel whose clips last seconds, so a stretch of its day renders in a moment.
TINY_CLIPS = {  # asset id: (path, kind, seconds, lavfi video source)
    "lesson-a": ("lessons/a.mp4", "lecture", 4, "testsrc2=s=160x90:r=25"),
    "lesson-b": ("lessons/b.mp4", "lecture", 5, "smptebars=s=160x90:r=25"),
    "eye": ("clips/eye.mp4", "interstitial", 2, "color=c=green:s=160x90:r=25"),
    "ident": ("clips/ident.mp4", "ident", 1, "color=c=red:s=160x90:r=25"),
    "filler-1": ("clips/filler-1.mp4", "filler", 3, "rgbtestsrc=s=160x90:r=25"),
    "filler-2": ("clips/filler-2.mp4", "filler", 2, "color=c=blue:s=160x90:r=25"),
    "slate": ("clips/slate.mp4", "slate", 60, "color=c=gray:s=160x90:r=25"),
}
TINY_CHANNELS = """
[[channel]]
id = "tiny.airclass"
name = "小频道"
name_en = "Tiny channel"
number = "T-1"
network = "test"
acceptance_profile = "preview"
grades = [3]
ads_between_programmes = true

[[channel.windows]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "08:00"
end = "08:30"

[channel.clips]
eye_exercise = "eye"
ident = "ident"
filler = ["filler-1", "filler-2"]
slate = "slate"
"""
TINY_CURRICULUM = """
grade = 3

[[course]]
id = "g03-yuwen"
subject = "语文"
subject_en = "Chinese"
domain = "zhi"
lessons_per_week = 2

[[course.lesson]]
number = 1
title = "第1课 燕子"
asset = "lesson-a"

[[course.lesson]]
number = 2
title = "第2课 荷花"
asset = "lesson-b"
"""


@pytest.fixture(scope="session")
def demo_world() -> World:
    return load_world(DEMO)


@pytest.fixture(scope="session")
def demo_plan(demo_world: World) -> Plan:
    return generated_plan(demo_world, parts=True)


@pytest.fixture(scope="session")
def tiny_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny-config")
    shutil.copy(DEMO / "policy.toml", root / "policy.toml")
    shutil.copy(DEMO / "term.toml", root / "term.toml")
    (root / "channels.toml").write_text(TINY_CHANNELS, encoding="utf-8")
    assets = [
        f'[[asset]]\nid = "{aid}"\npath = "{path}"\nkind = "{kind}"\nplanned_seconds = {secs}\n'
        for aid, (path, kind, secs, _) in TINY_CLIPS.items()
    ]
    (root / "assets.toml").write_text("\n".join(assets), encoding="utf-8")
    (root / "curricula").mkdir()
    (root / "curricula" / "grade-3.toml").write_text(TINY_CURRICULUM, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_world(tiny_config: Path) -> World:
    return load_world(tiny_config)


@pytest.fixture(scope="session")
def tiny_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every tiny clip as H.264 (no B-frames) + AAC at 25 fps, 160×90, exactly its length."""
    root = tmp_path_factory.mktemp("tiny-media")
    for path, _, seconds, video in TINY_CLIPS.values():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(ffmpeg()),
                "-v",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                video,
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                str(seconds),
                "-c:v",
                "libx264",
                "-bf",
                "0",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-ac",
                "2",
                "-y",
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return root


@pytest.fixture(scope="session")
def tiny_clip_frames(tiny_world: World) -> dict[str, int]:
    return planned_clip_frames(tiny_world)


@pytest.fixture(scope="session")
def tiny_plan(tiny_world: World) -> Plan:
    return generated_plan(tiny_world)


@pytest.fixture(scope="session")
def tiny_export(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_world: World,
    tiny_plan: Plan,
    tiny_media: Path,
    tiny_clip_frames: dict[str, int],
) -> Path:
    from airclass.playout.export import export_week

    out = tmp_path_factory.mktemp("tiny-export")
    export_week(tiny_plan, tiny_world, out, media_root=tiny_media, clip_frames=tiny_clip_frames)
    return out


@pytest.fixture(scope="session")
def short_media(tmp_path_factory: pytest.TempPathFactory, tiny_media: Path) -> Path:
    """The tiny media with lesson B cut to 3 s of its planned 5 s."""
    root = tmp_path_factory.mktemp("short-media")
    shutil.copytree(tiny_media, root, dirs_exist_ok=True)
    subprocess.run(
        [
            str(ffmpeg()),
            "-v",
            "error",
            "-nostdin",
            "-i",
            str(tiny_media / "lessons/b.mp4"),
            "-t",
            "3",
            "-c",
            "copy",
            "-y",
            str(root / "lessons/b.mp4"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return root
