from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo config directory."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target
