"""Playout: frame-accurate rundowns of a plan and the files playout tools, EPGs and schools read."""

from __future__ import annotations

from airclass.playout.build import build_rundown, build_rundowns
from airclass.playout.rundown import (
    ItemKind,
    Overrun,
    Rundown,
    RundownItem,
    clip_frames_for,
    planned_clip_frames,
)

__all__ = [
    "ItemKind",
    "Overrun",
    "Rundown",
    "RundownItem",
    "build_rundown",
    "build_rundowns",
    "clip_frames_for",
    "planned_clip_frames",
]
