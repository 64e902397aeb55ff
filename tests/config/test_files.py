"""Atomic writes: whole files only, readable by the other users that serve them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from airclass.config.files import write_atomically


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_file_has_umask_permissions_not_0600(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "out" / "2026-11-30.json"
    write_atomically(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # nginx / ffplayout users can read it
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "xmltv.xml"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["xmltv.xml"]
