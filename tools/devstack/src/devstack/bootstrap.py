"""Roles, database and schemas for every service of the registry (`govkit.provision` does the
work): one login role per service that sees only its own schema, and a migration role that owns
every schema.

Runs as the server's administrator (the embedded server's `postgres`, or DATABASE_URL's user).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import asyncpg

from govkit import provision
from govkit.provision import MIGRATOR, database_of, with_credentials
from govkit.registry import registry

SERVICES = registry().names

__all__ = ["MIGRATOR", "SERVICES", "StackUrls", "bootstrap", "database_of", "with_credentials"]


def role_password(role: str) -> str:
    return os.environ.get("WZ_ROLE_PASSWORD", "wz-dev-password")


@dataclass(frozen=True)
class StackUrls:
    admin: str
    migrator: str
    services: dict[str, str]  # service → its login role's URL


async def bootstrap(admin_url: str, database: str) -> StackUrls:
    await provision.ensure_database(admin_url, database)
    for service in registry().services:
        await provision.ensure_service(
            admin_url,
            database,
            service.schema,
            app_role=service.app_role,
            app_password=role_password(service.app_role),
            migrator_password=role_password(MIGRATOR),
        )
    return StackUrls(
        admin=with_admin_database(admin_url, database),
        migrator=with_credentials(admin_url, MIGRATOR, role_password(MIGRATOR), database),
        services={
            s.name: with_credentials(admin_url, s.app_role, role_password(s.app_role), database)
            for s in registry().services
        },
    )


def with_admin_database(admin_url: str, database: str) -> str:
    return provision.with_database(admin_url, database)


async def drop_database(admin_url: str, database: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await conn.close()
