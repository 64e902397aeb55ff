"""Shared fixtures of the api tests: a migrated database (SQLite, and PostgreSQL when
AIRCLASS_TEST_POSTGRES_URL is set), the real app on it, and an httpx TestClient.

Every test that uses `database_url` (directly or through `engine`, `app`, `client`) runs once
per backend. The app's clock stands still at `factories.NOW`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from airclass.api.db import versions
from airclass.api.db.migrate import alembic_config, upgrade
from airclass.api.main import create_app, fixed_clock
from airclass.config.database import make_engine, session_scope
from airclass.config.settings import Settings
from airclass.solver.plan import Plan
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text
from sqlalchemy.orm import Session

from tests.api.factories import NOW, PUBLISHED_AT

POSTGRES_URL = os.environ.get("AIRCLASS_TEST_POSTGRES_URL", "")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="AIRCLASS_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; each test gets a copy (faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "airclass.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path) -> str:
    """A freshly migrated, empty database for this test."""
    if request.param == "sqlite":
        path = tmp_path / "airclass.db"
        shutil.copyfile(migrated_sqlite, path)
        return f"sqlite:///{path}"
    _empty_postgres(POSTGRES_URL)
    return POSTGRES_URL


def _empty_postgres(url: str) -> None:
    """Empty every table when the schema is at head (fast); else rebuild it by migrating."""
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        at_head = (
            "alembic_version" in inspect(connection).get_table_names()
            and connection.scalar(text("SELECT version_num FROM alembic_version")) == head
        )
        if at_head and tables:
            names = ", ".join(f'"{name}"' for name in sorted(tables))
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            # The migration's one counter row is data every publish needs: put it back.
            counter = "INSERT INTO publication_counter (id, last_number) VALUES (1, 0)"
            connection.execute(text(counter))
        else:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    if not (at_head and tables):
        upgrade(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> Callable[[], object]:
    """`with session_factory() as session:` — a session that commits on success."""
    return lambda: session_scope(engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def app_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, lang="zh")


@pytest.fixture
def app(app_settings: Settings) -> FastAPI:
    return create_app(app_settings, clock=fixed_clock(NOW))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


PublishPlan = Callable[..., int]


@pytest.fixture
def publish_plan(engine: Engine) -> PublishPlan:
    """`publish_plan(plan, now=…)`: save `plan` as a draft and publish it; returns the id."""

    def publish_plan(plan: Plan, *, now: dt.datetime = PUBLISHED_AT) -> int:
        with session_scope(engine) as session:
            version_id = versions.save_draft(session, plan)
            versions.publish(session, version_id, now=now)
        return version_id

    return publish_plan
