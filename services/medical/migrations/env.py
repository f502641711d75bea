"""Alembic environment of the medical service (schema "medical", version table inside it)."""

from medical.db.tables import SCHEMA, metadata
from govkit.migrations import run_migrations

run_migrations(metadata=metadata, schema=SCHEMA)
