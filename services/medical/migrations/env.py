"""Alembic environment of the medical service (schema "medical", version table inside it)."""

from govkit.migrations import run_migrations
from medical.db.tables import SCHEMA, metadata

run_migrations(metadata=metadata, schema=SCHEMA)
