"""Database, roles and schemas: one login role per service that sees only its own schema, and a
migration role that owns the schemas.

Runs as the server's administrator. Used by the development stack for every service at once and
by each service's migration job (`python -m govkit.migrate <service>`) for its own service, so
several jobs may run at the same time: the work is serialised by an advisory lock and every
statement is idempotent.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

import asyncpg

MIGRATOR = "wz_migrator"
# pg_advisory_lock key held while roles and schemas are created (any constant of ours will do).
PROVISION_LOCK = 0x777A_0001


def with_credentials(url: str, user: str, password: str, database: str | None = None) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(user)}:{quote(password)}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    path = f"/{database}" if database else parts.path
    return urlunsplit(("postgresql", netloc, path, parts.query, ""))


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def database_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def user_of(url: str) -> str:
    return unquote(urlsplit(url).username or "")


def password_of(url: str) -> str:
    return unquote(urlsplit(url).password or "")


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"invalid identifier {name!r}")
    return f'"{name}"'


async def _ensure_role(conn: asyncpg.Connection, role: str, password: str) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
    literal = password.replace("'", "''")
    verb = "ALTER" if exists else "CREATE"
    await conn.execute(f"{verb} ROLE {_ident(role)} LOGIN PASSWORD '{literal}'")


async def ensure_database(admin_url: str, database: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", PROVISION_LOCK)
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await conn.execute(f"CREATE DATABASE {_ident(database)}")
    finally:
        await conn.close()


async def ensure_service(
    admin_url: str,
    database: str,
    schema: str,
    *,
    app_role: str,
    app_password: str,
    migrator: str = MIGRATOR,
    migrator_password: str,
) -> None:
    """Roles `migrator` and `app_role` (passwords set), schema owned by the migrator and usable by
    nobody else until its migrations grant the app role. `admin_url` names any database of the
    server; `database` must exist (`ensure_database`)."""
    conn = await asyncpg.connect(with_database(admin_url, database))
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", PROVISION_LOCK)
        await _ensure_role(conn, migrator, migrator_password)
        await _ensure_role(conn, app_role, app_password)
        db, mig, app, sch = _ident(database), _ident(migrator), _ident(app_role), _ident(schema)
        await conn.execute(f"GRANT CONNECT, CREATE ON DATABASE {db} TO {mig}")
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        await conn.execute(f"GRANT CONNECT ON DATABASE {db} TO {app}")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {sch} AUTHORIZATION {mig}")
        await conn.execute(f"ALTER SCHEMA {sch} OWNER TO {mig}")
        # Only the service's own role may use its schema (granted by its first migration).
        await conn.execute(f"REVOKE ALL ON SCHEMA {sch} FROM PUBLIC")
    finally:
        await conn.close()
