"""Apply every service's migrations (as the migration role) up to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from govkit.migrations import alembic_config

ROOT = Path(__file__).resolve().parents[4]


def migrations_dir(service: str) -> Path:
    return ROOT / "services" / service / "migrations"


def upgrade(service: str, migrator_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(migrations_dir(service), migrator_url), revision)


def downgrade(service: str, migrator_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(migrations_dir(service), migrator_url), revision)
