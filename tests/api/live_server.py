"""A real uvicorn on 127.0.0.1 for tests that need a socket (browser, schemathesis)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from airclass.api.loopback import free_port, running, uvicorn_command

from tests.api.factories import NOW


@contextmanager
def live_server(home: Path, *, database_url: str, log: Path | None = None) -> Iterator[str]:
    """Serve the app with AIRCLASS_HOME=`home` on a free loopback port; yield its base URL.

    The server's clock runs on the day of `factories.NOW`, as the in-process tests' clock does."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "AIRCLASS_HOME": str(home),
        "AIRCLASS_DATABASE_URL": database_url,
        "AIRCLASS_PUBLIC_BASE_URL": base,
        "AIRCLASS_TODAY": NOW.date().isoformat(),
    }
    with running(
        uvicorn_command(port), env=env, probe=f"{base}/openapi.json", log=log, timeout=120
    ):
        yield base
