"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed).

`upgrade(url)` is what the CLI, the service's startup and the tests call; `alembic_config(url)`
lets a developer run other Alembic commands, e.g. autogenerate a revision:

    >>> from alembic import command
    >>> command.revision(alembic_config(url), "add x", autogenerate=True)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from pathlib import Path

from airclass.config.database import make_engine
from alembic import command
from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply every migration up to `revision` to the database at `database_url`."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(database_url)
            config.attributes["connection"] = connection
            logger.info("migrating %s to %s", engine.url.render_as_string(), revision)
            command.upgrade(config, revision)
    finally:
        engine.dispose()
