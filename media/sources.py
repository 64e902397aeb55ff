"""Turn command-line paths (files and folders) into the list of files to validate.

A folder contributes its files with a media extension, searched recursively in name order;
a folder with none, or a missing path, becomes one input carrying its problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from airclass.media.errors import UnreadableMediaError


@dataclass(frozen=True)
class MediaInput:
    path: Path
    problem: UnreadableMediaError | None = None


def expand_paths(paths: Sequence[Path], *, extensions: Sequence[str]) -> list[MediaInput]:
    inputs: list[MediaInput] = []
    for path in paths:
        if path.is_dir():
            inputs += _folder(path, extensions)
        elif not path.exists():
            inputs.append(MediaInput(path, UnreadableMediaError(path, "missing")))
        else:
            inputs.append(MediaInput(path))
    return inputs


def _folder(folder: Path, extensions: Sequence[str]) -> list[MediaInput]:
    wanted = set(extensions)
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in wanted and not p.name.startswith(".")
    )
    if files:
        return [MediaInput(p) for p in files]
    problem = UnreadableMediaError(folder, "no_media_in_folder", extensions=", ".join(extensions))
    return [MediaInput(folder, problem)]
