from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from airclass.config import ConfigError, load_world

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo config directory."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def problems_of(root: Path) -> list[str]:
    """Every problem `load_world` finds in `root`, as text; fails if it loads."""
    with pytest.raises(ConfigError) as info:
        load_world(root)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str, *, count: int = 1) -> None:
    """Replace `old` (which must be there) in the file at `path`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
