"""Alembic support shared by every service's migration environment.

Each service's `migrations/env.py` calls `run_migrations(...)`. Migrations run as the migration
role, which owns the schema; `alembic_version` lives inside the service's schema. The service's
login role gets data rights through default privileges, except where a migration narrows them
(the audit table is INSERT/SELECT only).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from govkit.db import async_url


def app_role(schema: str) -> str:
    """The service's login role, from <SCHEMA>_APP_ROLE or `<schema>_app`."""
    role = context.config.attributes.get("app_role") or os.environ.get(
        f"{schema.upper()}_APP_ROLE", f"{schema}_app"
    )
    if not str(role).replace("_", "").isalnum():
        raise ValueError(f"invalid role name {role!r}")
    return str(role)


def _configure_and_run(connection: Connection, metadata: MetaData, schema: str) -> None:
    connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    connection.execute(sa.text(f'SET search_path TO "{schema}"'))
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=False,
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(*, metadata: MetaData, schema: str) -> None:
    """Entry point for env.py (online mode only: migrations always run against a server)."""
    url = context.config.attributes.get("database_url") or os.environ.get(
        f"{schema.upper()}_MIGRATION_DATABASE_URL"
    )
    if not url:
        raise RuntimeError(
            f"set {schema.upper()}_MIGRATION_DATABASE_URL to the migration role's URL"
        )
    if context.is_offline_mode():
        raise RuntimeError("offline migrations are not supported")

    async def _run() -> None:
        engine = create_async_engine(async_url(url))
        try:
            async with engine.connect() as conn:
                await conn.run_sync(_configure_and_run, metadata, schema)
                await conn.commit()
        finally:
            await engine.dispose()

    connectable = context.config.attributes.get("connection")
    if connectable is not None:
        _configure_and_run(connectable, metadata, schema)
    else:
        asyncio.run(_run())


def alembic_config(migrations_dir: Path, database_url: str, app_role: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.attributes["database_url"] = database_url
    if app_role:
        cfg.attributes["app_role"] = app_role
    return cfg


# ---- operations used by the services' static migrations ----------------------------------------


def grant_service_role(schema: str) -> None:
    """The service role may use its schema and read/write what the migration role creates there."""
    role = app_role(schema)
    op.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"'
    )
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE, SELECT ON SEQUENCES TO "{role}"'
    )
    # alembic created its version table before the default privileges existed; readiness reads it.
    op.execute(f'GRANT SELECT ON "{schema}".alembic_version TO "{role}"')


def revoke_service_role(schema: str) -> None:
    role = app_role(schema)
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" '
        f'REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM "{role}"'
    )
    op.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" REVOKE USAGE, SELECT ON SEQUENCES FROM "{role}"'
    )
    op.execute(f'REVOKE USAGE ON SCHEMA "{schema}" FROM "{role}"')


def create_idempotency_table(schema: str) -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("client_id", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response_status", sa.Integer, nullable=False),
        sa.Column("response_body", sa.LargeBinary, nullable=False),
        sa.Column("response_headers", sa.JSON, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("client_id", "key", name="pk_idempotency_keys"),
        schema=schema,
    )
    op.create_index(
        "ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"], schema=schema
    )


def drop_idempotency_table(schema: str) -> None:
    op.drop_table("idempotency_keys", schema=schema)
