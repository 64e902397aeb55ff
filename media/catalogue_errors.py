"""Errors of the catalogue and the demo media builder.

AirclassError (config.errors)
├── SynthesisError       demo media could not be built (ffmpeg failed, wrong frame count)
└── CatalogueError       a review or lookup in the catalogue is not possible (exit 2)
    ├── UnknownAssetError    an asset id is not in the config's assets.toml
    ├── MissingMediaError    the asset's file is not in the media folder
    ├── ReviewOrderError     a review level is unknown, or earlier levels have not approved
    └── SamePersonError      the person already signed another level of the asset (409)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from airclass.config.errors import AirclassError
from airclass.config.i18n import t


class SynthesisError(AirclassError):
    """Raised when demo media cannot be built (ffmpeg failed, wrong frame count); carries the
    English detail (the command's name and its stderr tail)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)

    def message(self, lang: str = "en") -> str:
        return t("catalogue.synthesis_failed", lang, detail=self.detail)


class CatalogueError(AirclassError):
    """Base of the catalogue's errors; `message(lang)` comes from the message catalogue."""

    key = ""

    def __init__(self, **fields: object) -> None:
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


class UnknownAssetError(CatalogueError):
    """Raised when an asset id given on the command line is not in the config."""

    key = "catalogue.unknown_asset"

    def __init__(self, asset_id: str, config: Path) -> None:
        super().__init__(asset=asset_id, config=config)


class MissingMediaError(CatalogueError):
    """Raised when an asset's file is absent, so there is no checksum to sign."""

    key = "catalogue.missing_media"

    def __init__(self, asset_id: str, path: Path) -> None:
        super().__init__(asset=asset_id, path=path)


class ReviewOrderError(CatalogueError):
    """Raised when a level is not a review level, or approves before earlier levels did."""

    def __init__(self, level: str, levels: Sequence[str], *, missing: Sequence[str]) -> None:
        self.key = "catalogue.review_order" if missing else "catalogue.unknown_level"
        super().__init__(level=level, levels=", ".join(levels), missing=", ".join(missing))


class SamePersonError(CatalogueError):
    """Raised when a person signs a second review level of one asset (C5: levels are teams)."""

    key = "catalogue.same_person"
    status_code = 409
