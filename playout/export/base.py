"""The exporter base class: each format is a small subclass with one `render()` hook.

A subclass names its file layout in `path_template` and its `scope` (one file per
channel-day, per channel, per grade or for the whole week); `write()` renders each part and
writes it atomically (temp file + rename), so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from airclass.config.files import write_atomically
from airclass.config.schema.world import World
from airclass.playout.rundown import Rundown
from airclass.solver.plan import Plan


class Scope(StrEnum):
    WEEK = "week"
    CHANNEL = "channel"
    CHANNEL_DAY = "channel_day"
    GRADE = "grade"


@dataclass(frozen=True)
class ExportContext:
    plan: Plan
    world: World
    rundowns: tuple[Rundown, ...]
    media_root: Path
    """Absolute media folder: playout sources are `media_root / item.source`."""
    clip_frames: Mapping[str, int]


@dataclass(frozen=True)
class Part:
    """What one output file covers."""

    rundowns: tuple[Rundown, ...]
    channel: str = ""
    date: dt.date | None = None
    grade: int = 0


class Exporter(ABC):
    """One export format: which parts it writes, where, and each part's bytes."""

    scope: ClassVar[Scope]
    path_template: ClassVar[str]
    """Relative output path; fields: channel, date (a date), grade."""
    media_type: ClassVar[str]

    def __init__(self, context: ExportContext) -> None:
        self.context = context

    @abstractmethod
    def render(self, part: Part) -> bytes:
        """The whole file for one part, as bytes (UTF-8 for text formats)."""

    def parts(self) -> Iterator[Part]:
        rundowns = self.context.rundowns
        if self.scope is Scope.WEEK:
            yield Part(rundowns)
        elif self.scope is Scope.CHANNEL_DAY:
            for rundown in rundowns:
                yield Part((rundown,), channel=rundown.channel.id, date=rundown.date)
        elif self.scope is Scope.CHANNEL:
            for channel in self.context.world.channels:
                yield Part(
                    tuple(r for r in rundowns if r.channel.id == channel.id), channel=channel.id
                )
        else:
            for grade in sorted(self.context.world.curricula):
                yield Part(rundowns, grade=grade)

    def path(self, part: Part) -> Path:
        return Path(
            self.path_template.format(channel=part.channel, date=part.date, grade=part.grade)
        )

    def write(self, out_dir: Path) -> list[Path]:
        written = []
        for part in self.parts():
            target = out_dir / self.path(part)
            write_atomically(target, self.render(part))
            written.append(target)
        return written
