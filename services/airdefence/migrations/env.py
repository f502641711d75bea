"""Alembic environment of the airdefence service (schema "airdefence", version table inside it)."""

from airdefence.db.tables import SCHEMA, metadata
from govkit.migrations import run_migrations

run_migrations(metadata=metadata, schema=SCHEMA)
