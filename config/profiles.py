"""Load media profiles from `config/profiles/<name>.toml` (or any TOML path).

A profile may say `extends = "other"`: it starts from that profile and replaces whole tables
(so a replaced table never keeps a citation that no longer fits its values).

>>> load_profile("broadcast-hd").video.sizes
['1920x1080']
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from airclass.config.errors import ConfigError, Problem
from airclass.config.schema.profile import MediaProfile
from pydantic import ValidationError

PROFILES_DIR = Path(__file__).parent / "profiles"
DEFAULT_PROFILE = "broadcast-hd"


def profile_names() -> list[str]:
    """Names of the packaged profiles, sorted."""
    return sorted(path.stem for path in PROFILES_DIR.glob("*.toml"))


def load_profile(name: str | Path) -> MediaProfile:
    """A packaged profile by name, or a profile file by path; raises ConfigError."""
    path = _locate(name)
    data = _resolve(path, seen=())
    data["name"] = path.stem
    try:
        return MediaProfile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(path.name, ".".join(str(p) for p in error["loc"]), str(error["msg"]))
            for error in exc.errors()
        ]
        raise ConfigError(problems) from None


def _locate(name: str | Path) -> Path:
    path = Path(name)
    if path.suffix == ".toml":
        if path.is_file():
            return path
        raise ConfigError([Problem(str(path), "", "profile file not found")])
    packaged = PROFILES_DIR / f"{name}.toml"
    if packaged.is_file():
        return packaged
    known = ", ".join(profile_names())
    raise ConfigError([Problem(str(name), "profile", f"unknown profile; choose one of: {known}")])


def _resolve(path: Path, *, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path in seen:
        chain = " → ".join(p.stem for p in (*seen, path))
        raise ConfigError([Problem(path.name, "extends", f"profiles extend in a circle: {chain}")])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(path.name, "", f"TOML syntax error: {exc}")]) from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    base_path = path.parent / f"{parent}.toml"
    if not base_path.is_file():
        raise ConfigError([Problem(path.name, "extends", f"no profile named {parent!r}")])
    return _resolve(base_path, seen=(*seen, path)) | data
