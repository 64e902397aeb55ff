"""Job specs for testing the runner itself: work whose length and ending the test chooses.

A job's params say what its process does: `{"seconds": 60}` reports progress every 0.05 s
until the time is up; `{"exit": 3}` kills its own process; `{"raise": "text"}` raises.
"""

from __future__ import annotations

import os
import time
from typing import Any

from airclass.api.db.job_models import JobKind
from airclass.api.jobs import JobEnv, JobSpec, Progress
from sqlalchemy.orm import Session


def _work(params: dict[str, Any], env: JobEnv, progress: Progress) -> dict[str, Any]:
    if "exit" in params:
        os._exit(params["exit"])
    if "raise" in params:
        raise ValueError(params["raise"])
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < params.get("seconds", 0):
        progress(elapsed / params["seconds"], f"{elapsed:.1f} s")
        time.sleep(0.05)
    return {"pid": os.getpid(), "media_root": str(env.media_root)}


def _finish(session: Session, params: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "finished_in_api_process": os.getpid()}


JOB_SPECS = {kind: JobSpec(_work, _finish) for kind in JobKind}
