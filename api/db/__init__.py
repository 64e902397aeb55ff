"""Storage of the api: schedule versions and airings, Alembic migrations (api/db/migrations)."""
