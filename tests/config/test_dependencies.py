"""`pip install .` without extras runs every command: each third-party module that the runtime
packages import belongs to a runtime dependency declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "media", "solver", "playout", "api")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", d)[0]) for d in project["dependencies"]}


def _imported_modules() -> dict[str, Path]:
    """Top-level module → one file importing it, over every runtime module."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path.relative_to(ROOT))
    return found


def test_every_third_party_import_is_a_runtime_dependency() -> None:
    declared = _runtime_dependencies()
    distributions = packages_distributions()
    missing = []
    for module, path in sorted(_imported_modules().items()):
        if module in sys.stdlib_module_names or module in ("airclass", "__future__"):
            continue
        owners = {_normalise(d) for d in distributions.get(module, [module])}
        if not owners & declared:
            missing.append(f"{module} (imported in {path}; from {sorted(owners)})")
    assert missing == [], "add to [project] dependencies: " + "; ".join(missing)


def test_every_source_folder_is_a_package_of_the_wheel() -> None:
    """A folder missing from [tool.setuptools] packages ships nothing: templates, migrations and
    config files would exist in the source tree only."""
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(setup["setuptools"]["packages"])
    folders = {
        "airclass." + ".".join(path.relative_to(ROOT).parts)
        for package in PACKAGES
        for path in [ROOT / package, *(ROOT / package).rglob("*")]
        if path.is_dir() and path.name != "__pycache__" and any(path.iterdir())
    }
    assert folders - listed == set(), "add these to [tool.setuptools] packages"
