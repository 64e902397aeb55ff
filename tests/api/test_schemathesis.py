"""schemathesis against the OpenAPI spec of a real uvicorn: no request may cause a 5xx.

Runs the schemathesis CLI (examples, coverage and fuzzing phases, bounded examples, fixed seed)
with an admin token, so the staff routes are exercised past authentication too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from airclass.api.auth import issue_token
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.api.db.migrate import upgrade
from airclass.config.database import make_engine, session_scope

from tests.api.factories import PUBLISHED_AT, two_lessons
from tests.api.live_server import live_server

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """(base URL, admin secret, server log) of a uvicorn with one published week."""
    home = tmp_path_factory.mktemp("schemathesis-home")
    url = f"sqlite:///{home / 'airclass.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        versions.publish(session, versions.save_draft(session, two_lessons()), now=PUBLISHED_AT)
        secret = issue_token(session, role=Role.ADMIN, name="schemathesis").secret
    engine.dispose()
    log = home / "uvicorn.log"
    with live_server(home, database_url=url, log=log) as base:
        yield base, secret, log


def test_openapi_spec_has_no_5xx(served: tuple[str, str, Path], tmp_path: Path) -> None:
    base, secret, log = served
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    command = [
        cli,
        "run",
        f"{base}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--workers",
        "1",
        "--no-color",
        "-H",
        f"Authorization: Bearer {secret}",
        # each accepted request here starts a CP-SAT job of up to 30 s; their bad input is
        # covered by test_staff_media and test_jobs
        "--exclude-path-regex",
        "^/api/v1/(plans|replans)$",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=170, cwd=tmp_path)
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report + "\n--- server log ---\n" + log.read_text()[-3000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts is not None, report
    print(f"schemathesis: {counts[1]} generated, {counts[2]} passed, 0 server errors")
    assert int(counts[1]) == int(counts[2]) > 100, report
