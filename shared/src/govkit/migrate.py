"""`python -m govkit.migrate <service>`: one service's migrations, from its image alone.

    <SERVICE>_MIGRATION_DATABASE_URL   the migration role (owns the schema) — required
    WZ_ADMIN_DATABASE_URL              optional: an administrator's URL; when set, the database,
                                       the migration role and the service's login role are
                                       created or their passwords set first (passwords from the
                                       two URLs), so a fresh server needs nothing else
    <SERVICE>_DATABASE_URL             the service's login role (its password, with the above)
    <SERVICE>_MIGRATIONS_DIR           the alembic scripts (default services/<service>/migrations
                                       under the working directory, as laid out in the images)

Safe with several replicas or jobs at once: the upgrade holds a per-schema advisory lock, so a
second runner waits and then finds the schema at head.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import zlib
from pathlib import Path

import asyncpg
from alembic import command

from govkit import provision
from govkit.db import async_url
from govkit.migrations import alembic_config
from govkit.registry import registry

log = logging.getLogger("govkit.migrate")


def migration_lock(schema: str) -> int:
    return zlib.crc32(f"wz-migrate:{schema}".encode())


def _plain(url: str) -> str:
    """asyncpg takes postgresql:// only."""
    return async_url(url).replace("postgresql+asyncpg://", "postgresql://", 1)


async def _provision(service: str, admin_url: str, migrator_url: str, app_url: str) -> None:
    entry = registry()[service]
    database = provision.database_of(migrator_url)
    await provision.ensure_database(admin_url, database)
    await provision.ensure_service(
        admin_url,
        database,
        entry.schema,
        app_role=provision.user_of(app_url) or entry.app_role,
        app_password=provision.password_of(app_url),
        migrator=provision.user_of(migrator_url),
        migrator_password=provision.password_of(migrator_url),
    )


async def upgrade(service: str, migrator_url: str, migrations_dir: Path) -> None:
    """alembic upgrade head, under the schema's advisory lock (held on a connection of its own)."""
    schema = registry()[service].schema
    lock = await asyncpg.connect(_plain(migrator_url))
    try:
        await lock.execute("SELECT pg_advisory_lock($1)", migration_lock(schema))
        config = alembic_config(migrations_dir, migrator_url)
        await asyncio.to_thread(command.upgrade, config, "head")
    finally:
        await lock.close()


def main(argv: list[str] | None = None) -> int:
    names = registry().names
    parser = argparse.ArgumentParser(prog="python -m govkit.migrate", description=__doc__)
    parser.add_argument("service", choices=names)
    parser.add_argument("--migrations", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    prefix = args.service.upper()
    migrator_url = os.environ.get(f"{prefix}_MIGRATION_DATABASE_URL")
    if not migrator_url:
        print(f"set {prefix}_MIGRATION_DATABASE_URL to the migration role's URL", file=sys.stderr)
        return 2
    configured = os.environ.get(f"{prefix}_MIGRATIONS_DIR")
    migrations: Path = args.migrations or (
        Path(configured) if configured else Path("services", args.service, "migrations")
    )
    if not (migrations / "env.py").exists():
        print(f"no alembic environment in {migrations.resolve()}", file=sys.stderr)
        return 2
    admin_url = os.environ.get("WZ_ADMIN_DATABASE_URL")
    if admin_url:
        app_url = os.environ.get(f"{prefix}_DATABASE_URL", "")
        if not provision.password_of(app_url) or not provision.password_of(migrator_url):
            print(
                f"with WZ_ADMIN_DATABASE_URL, {prefix}_DATABASE_URL and "
                f"{prefix}_MIGRATION_DATABASE_URL must carry the roles' passwords",
                file=sys.stderr,
            )
            return 2
        asyncio.run(_provision(args.service, _plain(admin_url), migrator_url, app_url))
        log.info("%s: roles and schema ensured", args.service)
    asyncio.run(upgrade(args.service, migrator_url, migrations))
    log.info("%s: migrations at head", args.service)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
