"""Roles, database and schemas: one login role per service that sees only its own schema, and a
migration role that owns every schema.

Runs as the server's administrator (the embedded server's `postgres`, or DATABASE_URL's user).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

SERVICES = ("fund", "housing", "medical", "airdefence")
MIGRATOR = "wz_migrator"


def role_password(role: str) -> str:
    return os.environ.get("WZ_ROLE_PASSWORD", "wz-dev-password")


def with_credentials(url: str, user: str, password: str, database: str | None = None) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{quote(user)}:{quote(password)}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    path = f"/{database}" if database else parts.path
    return urlunsplit(("postgresql", netloc, path, parts.query, ""))


def database_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


@dataclass(frozen=True)
class StackUrls:
    admin: str
    migrator: str
    services: dict[str, str]  # service → its login role's URL


async def _ensure_role(conn: asyncpg.Connection, role: str) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
    password = role_password(role).replace("'", "''")
    verb = "ALTER" if exists else "CREATE"
    await conn.execute(f"{verb} ROLE \"{role}\" LOGIN PASSWORD '{password}'")


async def bootstrap(admin_url: str, database: str) -> StackUrls:
    conn = await asyncpg.connect(admin_url)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await conn.execute(f'CREATE DATABASE "{database}"')
        await _ensure_role(conn, MIGRATOR)
        for service in SERVICES:
            await _ensure_role(conn, f"{service}_app")
    finally:
        await conn.close()

    admin_db_url = with_admin_database(admin_url, database)
    conn = await asyncpg.connect(admin_db_url)
    try:
        await conn.execute(f'GRANT CONNECT, CREATE ON DATABASE "{database}" TO "{MIGRATOR}"')
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for service in SERVICES:
            await conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{service}_app"')
            await conn.execute(
                f'CREATE SCHEMA IF NOT EXISTS "{service}" AUTHORIZATION "{MIGRATOR}"'
            )
            await conn.execute(f'ALTER SCHEMA "{service}" OWNER TO "{MIGRATOR}"')
            # Only the service's own role may use its schema.
            await conn.execute(f'REVOKE ALL ON SCHEMA "{service}" FROM PUBLIC')
    finally:
        await conn.close()

    return StackUrls(
        admin=admin_db_url,
        migrator=with_credentials(admin_url, MIGRATOR, role_password(MIGRATOR), database),
        services={
            s: with_credentials(admin_url, f"{s}_app", role_password(f"{s}_app"), database)
            for s in SERVICES
        },
    )


def with_admin_database(admin_url: str, database: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


async def drop_database(admin_url: str, database: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()
