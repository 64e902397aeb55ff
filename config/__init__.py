"""The declared world: typed schemas and the loader for a config directory of TOML files.

Lowest layer of airclass: it imports nothing from media, solver, playout or api.
"""

from config.errors import AirclassError, ConfigError, Problem
from config.loader import load_world
from config.schema.world import World

__all__ = ["AirclassError", "ConfigError", "Problem", "World", "load_world"]
