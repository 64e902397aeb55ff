"""The declared world: typed schemas and the loader for a config directory of TOML files.

Lowest layer of airclass: it imports nothing from media, solver, playout or api.
"""

from pathlib import Path

from airclass.config.errors import AirclassError, ConfigError, Problem
from airclass.config.loader import load_world
from airclass.config.schema.world import World

DEMO_CONFIG = Path(__file__).resolve().parent / "demo"
"""The packaged demo province: the default config of `demo`, `validate` and the benchmarks."""

__all__ = ["DEMO_CONFIG", "AirclassError", "ConfigError", "Problem", "World", "load_world"]
