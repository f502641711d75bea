"""Alembic environment of the housing service (schema "housing", version table inside it)."""

from housing.db.tables import SCHEMA, metadata
from govkit.migrations import run_migrations

run_migrations(metadata=metadata, schema=SCHEMA)
