"""Job specs for testing the runner itself: work whose length and ending the test chooses.

A job's params say what its process does: `{"seconds": 60}` reports progress every 0.05 s
until the time is up; `{"exit": 3}` kills its own process; `{"raise": "text"}` raises;
`{"ffmpeg": true}` also keeps an ffmpeg child decoding meanwhile. A validation job started over
HTTP takes these directives from the JSON content of its first file, so tests against a real
server choose them by what they upload.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from airclass.api.db.job_models import JobKind
from airclass.api.jobs import JobEnv, JobSpec, Progress
from airclass.config.binaries import ffmpeg
from sqlalchemy.orm import Session


def directives(params: dict[str, Any]) -> dict[str, Any]:
    if params.get("files"):
        return {**params, **json.loads(Path(params["files"][0]).read_text())}
    return params


def decoder(seconds: float) -> subprocess.Popen[bytes]:
    """ffmpeg decoding a small test pattern in real time: a child that lives `seconds`."""
    source = f"testsrc2=size=64x36:rate=5:duration={seconds}"
    command = [str(ffmpeg()), "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi"]
    return subprocess.Popen([*command, "-i", source, "-f", "null", "-"])


def _work(params: dict[str, Any], env: JobEnv, progress: Progress) -> dict[str, Any]:
    params = directives(params)
    if "exit" in params:
        os._exit(params["exit"])
    if "raise" in params:
        raise ValueError(params["raise"])
    seconds = params.get("seconds", 0)
    child = decoder(seconds) if params.get("ffmpeg") else None
    pids = f"pid {os.getpid()} ffmpeg {child.pid if child else '-'}"
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < seconds:
        progress(elapsed / seconds, f"{pids} {elapsed:.1f} s")
        time.sleep(0.05)
    return {"pid": os.getpid(), "media_root": str(env.media_root)}


def _finish(session: Session, params: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "finished_in_api_process": os.getpid()}


JOB_SPECS = {kind: JobSpec(_work, _finish) for kind in JobKind}
