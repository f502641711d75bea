"""Alembic environment of the fund service (schema "fund", version table inside it)."""

from fund.db.tables import SCHEMA, metadata
from govkit.migrations import run_migrations

run_migrations(metadata=metadata, schema=SCHEMA)
