"""Process settings from the environment (AIRCLASS_*), read only at the edges (CLI, API)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Language = Literal["zh", "en"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AIRCLASS_", extra="ignore")

    env: Literal["dev", "prod"] = "dev"
    home: Path = Path(".airclass")
    """Working folder of the embedded default: database, generated media, outputs."""
    database_url: str = ""
    """SQLAlchemy URL; empty means a SQLite file in `home`."""
    media_dir: Path | None = None
    ffmpeg: Path | None = None
    ffprobe: Path | None = None
    lang: Language = "zh"
    public_base_url: str = "http://localhost:8000"
    max_upload_bytes: int = 2 * 1024**3
    media_timeout_seconds: float = 3600
    today: dt.date | None = None
    """Run the service as if today were this date (`AIRCLASS_TODAY`): demos, tests. None: today."""
    static_dir: Path | None = None
    """The folder `airclass publish --static` keeps current, for `airclass doctor` to check."""

    @model_validator(mode="after")
    def _defaults_from_home(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'airclass.db'}"
        if self.media_dir is None:
            self.media_dir = self.home / "media"
        return self

    @property
    def media_root(self) -> Path:
        assert self.media_dir is not None  # set by the validator
        return self.media_dir
