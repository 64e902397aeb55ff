"""Alembic environment: the metadata of every package's tables, on the caller's connection.

`api.db.migrate.upgrade` passes an open connection in `config.attributes["connection"]`;
without one (plain `alembic` CLI) an engine is made from `sqlalchemy.url`.
"""

from __future__ import annotations

from typing import Any

# Each import registers its package's tables on Base.metadata.
import airclass.api.db.auth_models  # noqa: F401
import airclass.api.db.job_models  # noqa: F401
import airclass.api.db.models  # noqa: F401
import airclass.media.catalogue  # noqa: F401
from airclass.config.database import Base, UTCDateTime, make_engine
from alembic import context
from sqlalchemy import Connection

target_metadata = Base.metadata


def _render_type(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Migrations spell plain SQLAlchemy types, so they never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_type,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as fresh:
        _run(fresh)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("airclass migrations run online only: use api.db.migrate.upgrade(url)")
run_migrations_online()
