"""Load a config directory into a World, collecting every problem before raising once.

A directory holds `policy.toml`, `channels.toml`, `term.toml`, `assets.toml` and
`curricula/grade-N.toml`. Problems name the file, the field (and line where it can be
found) and the reason.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from airclass.config.errors import ConfigError, Problem
from airclass.config.profiles import profile_names
from airclass.config.schema.assets import Asset, AssetsFile
from airclass.config.schema.channels import ChannelsFile
from airclass.config.schema.curriculum import Curriculum
from airclass.config.schema.demo_reviews import DemoReviews
from airclass.config.schema.policy import Policy
from airclass.config.schema.term import Term
from airclass.config.schema.world import World
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
_GRADE_FILE = re.compile(r"^grade-(\d+)\.toml$")


class _Collector:
    """Reads and validates files, remembering every problem instead of stopping at the first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def add(self, path: Path, field: str, reason: str, line: int | None = None) -> None:
        self.problems.append(Problem(self._name(path), field, reason, line))

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> dict[str, Any] | None:
        if not path.is_file():
            self.add(path, "", "file is missing; create it (see config/demo for an example)")
            return None
        text = path.read_text(encoding="utf-8")
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            self.add(path, "", f"TOML syntax error: {exc}", int(line[1]) if line else None)
            return None

    def model(self, path: Path, schema: type[M], data: dict[str, Any] | None = None) -> M | None:
        data = self.read(path) if data is None else data
        if data is None:
            return None
        try:
            return schema.model_validate(data)
        except ValidationError as exc:
            text = path.read_text(encoding="utf-8")
            for error in exc.errors():
                field = _field_path(error["loc"])
                reason = _reason(error)
                self.add(path, field, reason, _find_line(text, error["loc"]))
            return None


_INTERNAL = re.compile(r"[\[(]|^(int|str|float|bool)$|^function-")


def _field_path(loc: tuple[int | str, ...]) -> str:
    """('channel', 0, 'windows', 1, 'end') → 'channel[0].windows[1].end', minus pydantic's tags."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not _INTERNAL.search(part):
            path += f".{part}" if path else part
    return path


def _reason(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if error["type"] == "missing":
        return "required key is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{message} (got {error['input']!r})" if error["type"] != "value_error" else message


def _find_line(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best effort: the line of the deepest named key of `loc` in the TOML text."""
    keys = [p for p in loc if isinstance(p, str) and not _INTERNAL.search(p)]
    for key in reversed(keys):
        pattern = re.compile(
            rf"^\s*(\[+[^\]]*\b{re.escape(key)}\b[^\]]*\]+|\"?{re.escape(key)}\"?\s*=)"
        )
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.match(line):
                return number
    return None


def load_world(root: Path | str) -> World:
    """Load and cross-check a config directory; raises ConfigError listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(
            [
                Problem(
                    str(root),
                    "",
                    "config directory not found: give the folder that holds policy.toml, "
                    "channels.toml and term.toml (e.g. config/demo)",
                )
            ]
        )
    files = _Collector(root)
    policy = files.model(root / "policy.toml", Policy)
    channels_file = files.model(root / "channels.toml", ChannelsFile)
    term = files.model(root / "term.toml", Term)
    assets_file = files.model(root / "assets.toml", AssetsFile)
    curricula = _load_curricula(files, root / "curricula")
    if files.problems or not (policy and channels_file and term and assets_file):
        raise ConfigError(files.problems)
    world = World(
        root=root,
        policy=policy,
        channels=tuple(channels_file.channel),
        term=term,
        curricula=curricula,
        assets=_index_assets(files, root / "assets.toml", assets_file.asset),
    )
    _cross_check(files, world)
    if files.problems:
        raise ConfigError(files.problems)
    return world


def _load_curricula(files: _Collector, folder: Path) -> dict[int, Curriculum]:
    if not folder.is_dir():
        files.add(folder, "", "folder is missing; add curricula/grade-N.toml files")
        return {}
    curricula: dict[int, Curriculum] = {}
    for path in sorted(folder.glob("*.toml")):
        match = _GRADE_FILE.match(path.name)
        if not match:
            files.add(path, "", "curriculum files must be named grade-N.toml, N = 1–12")
            continue
        grade = int(match[1])
        if not 1 <= grade <= 12:
            files.add(path, "grade", f"grade must be 1–12, got {grade}")
            continue
        curriculum = files.model(path, Curriculum)
        if curriculum is None:
            continue
        if curriculum.grade != grade:
            files.add(
                path, "grade", f"file is for grade {grade} but says grade = {curriculum.grade}"
            )
        curricula[grade] = curriculum
    return curricula


def _index_assets(files: _Collector, path: Path, assets: list[Asset]) -> dict[str, Asset]:
    index: dict[str, Asset] = {}
    for i, asset in enumerate(assets):
        if asset.id in index:
            files.add(path, f"asset[{i}].id", f"duplicate asset id {asset.id!r}")
        index[asset.id] = asset
    return index


def _cross_check(files: _Collector, world: World) -> None:
    root = world.root
    seen_channels: set[str] = set()
    for i, channel in enumerate(world.channels):
        path = root / "channels.toml"
        if channel.id in seen_channels:
            files.add(path, f"channel[{i}].id", f"duplicate channel id {channel.id!r}")
        seen_channels.add(channel.id)
        for field, ref in channel.asset_refs():
            if ref not in world.assets:
                files.add(path, f"channel[{i}].{field}", f"asset {ref!r} is not in assets.toml")
        if channel.acceptance_profile not in profile_names():
            files.add(
                path,
                f"channel[{i}].acceptance_profile",
                f"unknown media profile {channel.acceptance_profile!r}; "
                f"one of {', '.join(profile_names())}",
            )
        missing = sorted(channel.grade_set - set(world.curricula))
        if missing:
            files.add(path, f"channel[{i}].grades", f"no curriculum for grade(s) {missing}")
    served = set().union(*(c.grade_set for c in world.channels))
    for grade in sorted(set(world.curricula) - served):
        files.add(
            root / "curricula" / f"grade-{grade}.toml", "grade", "no channel serves this grade"
        )
    seen_courses: set[str] = set()
    for ref in world.lessons():
        path = root / "curricula" / f"grade-{ref.grade}.toml"
        if ref.course.id in seen_courses and ref.lesson.number == 1:
            files.add(path, "course.id", f"duplicate course id {ref.course.id!r}")
        seen_courses.add(ref.course.id)
        if ref.lesson.asset not in world.assets:
            field = f"course[{ref.course.id}].lesson[{ref.lesson.number}].asset"
            files.add(path, field, f"asset {ref.lesson.asset!r} is not in assets.toml")


def load_demo_reviews(world: World) -> DemoReviews | None:
    """demo-reviews.toml of the world's directory (None without one), cross-checked against
    its review levels and assets; raises ConfigError listing every problem."""
    path = world.root / "demo-reviews.toml"
    if not path.is_file():
        return None
    files = _Collector(world.root)
    reviews = files.model(path, DemoReviews)
    if reviews is not None:
        levels = world.policy.review.level_ids
        if sorted(reviews.reviewers) != sorted(levels):
            files.add(path, "reviewers", f"name one reviewer for each review level: {levels}")
        for i, held in enumerate(reviews.held):
            if held.asset not in world.assets:
                files.add(path, f"held[{i}].asset", f"asset {held.asset!r} is not in assets.toml")
            if held.level not in levels:
                files.add(path, f"held[{i}].level", f"{held.level!r} is not one of {levels}")
    if files.problems:
        raise ConfigError(files.problems)
    return reviews
