"""Config directories the staff API may name: shipped ones (`demo`) and AIRCLASS_HOME/configs/*.

A request names a directory only by its bare name, picked from the known ones, so no
request can point the service at an arbitrary folder.
"""

from __future__ import annotations

from pathlib import Path

from airclass.api.staff_errors import ConfigNotFoundError
from airclass.config import DEMO_CONFIG
from airclass.config.settings import Settings

_PACKAGED = DEMO_CONFIG.parent


def known_configs(settings: Settings) -> dict[str, Path]:
    """Name → directory of every folder holding a policy.toml; AIRCLASS_HOME/configs wins."""
    known: dict[str, Path] = {}
    for root in (_PACKAGED, settings.home / "configs"):
        if root.is_dir():
            known |= {p.name: p for p in sorted(root.iterdir()) if (p / "policy.toml").is_file()}
    return known


def config_directory(name: str, settings: Settings) -> Path:
    """The config directory called `name`; ConfigNotFoundError lists the known names."""
    known = known_configs(settings)
    if name not in known:
        raise ConfigNotFoundError(name, sorted(known))
    return known[name]
