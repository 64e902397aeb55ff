"""assets.toml: every media file the config refers to, by id."""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated

from airclass.config.schema.common import StrictModel
from pydantic import AfterValidator, Field


class AssetKind(StrEnum):
    LECTURE = "lecture"
    INTERSTITIAL = "interstitial"
    IDENT = "ident"
    FILLER = "filler"
    FIXED = "fixed"
    SLATE = "slate"


def _relative_path(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"asset path must be relative to the media folder, got {value!r}")
    return value


class Asset(StrictModel):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    path: Annotated[str, AfterValidator(_relative_path)]
    kind: AssetKind
    title: str = ""
    planned_seconds: Annotated[float, Field(gt=0)]


class AssetsFile(StrictModel):
    asset: list[Asset] = []
