"""The distribution as a user gets it: build the sdist and, from it, the wheel; install the wheel
(not editable) into a clean venv beside PyPI's `config` package; run the CLI from it.

The wheel must hold one import package, `airclass`, so that it lives beside other packages named
`config`, `media` or `solver`; the smoke run plans, exports and publishes a tiny week.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.utils.tiny_catalogue_world import write_tiny_config

ROOT = Path(__file__).resolve().parents[1]
LECTURES = {"t-001": 905.0, "t-002": 960.0}
pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the built wheel and PyPI's `config`; its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "build", "--outdir", work / "dist", ROOT, cwd=work)
    (wheel,) = (work / "dist").glob("airclass-*.whl")
    assert list((work / "dist").glob("airclass-*.tar.gz")), "the sdist was not built"
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "config", wheel, cwd=work)
    return bin_dir


def test_wheel_installs_one_import_package_beside_pypi_config(installed: Path) -> None:
    probe = (
        "import json, config, airclass.config as ours\n"
        "from importlib.metadata import files\n"
        "tops = {f.parts[0] for f in files('airclass') if not f.parts[0].startswith('..')}\n"
        "print(json.dumps({'theirs': config.__file__, 'ours': ours.__file__,"
        " 'tops': sorted(tops)}))"
    )
    found = json.loads(_run(installed / "python", "-c", probe, cwd=installed))
    theirs = Path(found["theirs"])
    assert "site-packages" in theirs.parts and "airclass" not in theirs.parts
    assert Path(found["ours"]).parts[-3:] == ("airclass", "config", "__init__.py")
    assert [t for t in found["tops"] if not t.endswith(".dist-info")] == ["airclass"]


def test_wheel_cli_smoke_doctor_config_check_and_a_tiny_week(
    installed: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "AIRCLASS_HOME": str(tmp_path / "home"), "AIRCLASS_LANG": "en"}
    env.pop("AIRCLASS_DATABASE_URL", None)
    airclass = installed / "airclass"
    assert _run(installed / "python", "-m", "airclass", "--version", cwd=tmp_path).startswith(
        "airclass "
    )
    assert json.loads(_run(airclass, "doctor", "--json", cwd=tmp_path, env=env))["ortools"]
    demo_config = _run(
        installed / "python", "-c", "from airclass.config import DEMO_CONFIG as d; print(d)",
        cwd=tmp_path,
    ).strip()  # fmt: skip
    assert "site-packages" in demo_config
    _run(airclass, "config", "check", demo_config, cwd=tmp_path, env=env)

    config = tmp_path / "tiny"
    write_tiny_config(config, LECTURES, domain_minimums=False, slate=True)
    # No demo-reviews.toml: the demo signs each review level as its own person, demo-<level>.
    argv = ["demo", "--config", config, "--week", "2026-11-30", "--time-limit", "5", "--json"]
    result = json.loads(_run(airclass, *argv, cwd=tmp_path, env=env))
    assert result["schedulable_lessons"] == 2
    assert result["published_version"] == 1
    plan = json.loads(Path(result["plan"]).read_text(encoding="utf-8"))
    assert {a["lesson_id"] for a in plan["airings"]} >= {"g03-test-001", "g03-test-002"}
