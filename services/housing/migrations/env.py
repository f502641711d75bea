"""Alembic environment of the housing service (schema "housing", version table inside it)."""

from govkit.migrations import run_migrations
from housing.db.tables import SCHEMA, metadata

run_migrations(metadata=metadata, schema=SCHEMA)
