"""Alembic migrations: the head schema is exactly what the models declare, on both backends."""

from __future__ import annotations

# Registers every table the migrations must create.
import airclass.api.db.auth_models  # noqa: F401
import airclass.api.db.job_models  # noqa: F401
import airclass.api.db.models  # noqa: F401
import airclass.media.catalogue  # noqa: F401
from airclass.api.db.migrate import alembic_config, upgrade
from airclass.config.database import Base
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

TABLES = {
    "schedule_version",
    "scheduled_airing",
    "api_token",
    "job",
    "asset_validation",
    "review_signoff",
}


def test_head_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_downgrade_to_base_and_upgrade_again(engine: Engine, database_url: str) -> None:
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(database_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
