"""The service with the timed job kinds of tests/api/timed_jobs.py, for a real uvicorn:

uvicorn --factory tests.api.timed_app:create_app
"""

from __future__ import annotations

from airclass.api import main
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = main.create_app()
    app.state.job_specs = "tests.api.timed_jobs"
    return app
