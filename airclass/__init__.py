"""airclass: broadcast planner for educational TV (空中课堂).

The import package's root. Its subpackages live in the project's top-level folders (config/,
media/, solver/, playout/, api/), mapped here by `package-dir` in pyproject.toml.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("airclass")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
