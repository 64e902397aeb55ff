"""Alembic migrations: the head schema is exactly what the models declare, on both backends."""

from __future__ import annotations

import datetime as dt

# Registers every table the migrations must create.
import airclass.api.db.auth_models  # noqa: F401
import airclass.api.db.job_models  # noqa: F401
import airclass.api.db.models  # noqa: F401
import airclass.media.catalogue  # noqa: F401
from airclass.api.db.migrate import alembic_config, upgrade
from airclass.config.database import Base, UTCDateTime
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, column, inspect, table, text

HOUR = dt.timedelta(hours=1)
TABLES = {
    "schedule_version",
    "scheduled_airing",
    "api_token",
    "job",
    "asset_validation",
    "review_signoff",
    "validation_timeline",
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


def test_0301_numbers_earlier_publications_in_publish_order(
    engine: Engine, database_url: str
) -> None:
    """Versions published before 0301 get publication numbers by (published_at, id)."""
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0201")
    at = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    rows = [
        (1, "PUBLISHED", at),
        (2, "DRAFT", None),
        (3, "PUBLISHED", at - HOUR),
        (4, "PUBLISHED", at),
    ]
    versions_0201 = table(
        "schedule_version",
        *(column(name) for name in ("id", "week", "config", "state", "plan_json", "channels")),
        column("created_at", UTCDateTime),
        column("published_at", UTCDateTime),
    )
    with engine.begin() as connection:
        for version_id, state, published_at in rows:
            values = {"config": "demo", "plan_json": "{}", "channels": "[]", "created_at": at}
            connection.execute(
                versions_0201.insert().values(
                    id=version_id,
                    week=dt.date(2026, 11, 23),
                    state=state,
                    published_at=published_at,
                    **values,
                )
            )
    upgrade(database_url)
    with engine.connect() as connection:
        query = text("SELECT id, publication FROM schedule_version")
        numbers = {row.id: row.publication for row in connection.execute(query)}
        counter = connection.scalar(text("SELECT last_number FROM publication_counter"))
    assert numbers == {1: 2, 2: None, 3: 1, 4: 3}
    assert counter == 3
