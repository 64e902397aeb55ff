"""The whole declared world of one config directory, cross-checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from airclass.config.schema.assets import Asset
from airclass.config.schema.channels import Channel
from airclass.config.schema.common import StageName
from airclass.config.schema.curriculum import Course, Curriculum, Lesson
from airclass.config.schema.policy import Policy
from airclass.config.schema.term import Term


@dataclass(frozen=True)
class LessonRef:
    """A lesson with the grade and course it belongs to."""

    grade: int
    course: Course
    lesson: Lesson

    @property
    def id(self) -> str:
        """Stable lesson id, e.g. `g03-yuwen-007`."""
        return f"{self.course.id}-{self.lesson.number:03d}"


@dataclass(frozen=True)
class World:
    root: Path
    policy: Policy
    channels: tuple[Channel, ...]
    term: Term
    curricula: dict[int, Curriculum]
    assets: dict[str, Asset]

    def channel(self, channel_id: str) -> Channel:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        raise KeyError(channel_id)

    def stage_of(self, grade: int) -> StageName:
        return self.policy.stage_of(grade)

    def lessons(self) -> Iterator[LessonRef]:
        for grade in sorted(self.curricula):
            for course in self.curricula[grade].course:
                for lesson in course.lesson:
                    yield LessonRef(grade, course, lesson)

    def lesson(self, lesson_id: str) -> LessonRef:
        for ref in self.lessons():
            if ref.id == lesson_id:
                return ref
        raise KeyError(lesson_id)
