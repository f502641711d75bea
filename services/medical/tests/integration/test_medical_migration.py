"""Migrations medical_0003 and medical_0004 are reversible, and leave the service role the
rights designed."""

from __future__ import annotations

import asyncio

import asyncpg

from devstack.testing import TestDatabase

TABLES = {
    "persons",
    "needy_records",
    "year_totals",
    "settlements",
    "settlement_reversals",
    "import_batches",
    "special_diseases",
    "audit_pending",  # medical_0004
}


async def _tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'medical'"
        )
        return {r["table_name"] for r in rows}
    finally:
        await conn.close()


async def test_migration_0003_downgrades_and_upgrades(test_database: TestDatabase) -> None:
    from devstack import bootstrap as bs
    from devstack import migrate

    admin = test_database.admin.rsplit("/", 1)[0] + "/postgres"
    scratch = "wz_test_migration_medical_0003"
    await bs.drop_database(admin, scratch)
    urls = await bs.bootstrap(admin, scratch)
    try:
        await asyncio.to_thread(migrate.upgrade, "medical", urls.migrator)
        assert await _tables(urls.migrator) >= TABLES
        await asyncio.to_thread(migrate.downgrade, "medical", urls.migrator, "medical_0002")
        assert not TABLES & await _tables(urls.migrator)
        await asyncio.to_thread(migrate.upgrade, "medical", urls.migrator)
        conn = await asyncpg.connect(urls.services["medical"])
        try:
            rights = {
                (r["table_name"], r["privilege_type"])
                for r in await conn.fetch(
                    "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                    "WHERE grantee = 'medical_app' AND table_schema = 'medical'"
                )
            }
        finally:
            await conn.close()
        for table in ("settlement_reversals", "import_batches", "special_diseases"):
            assert {p for t, p in rights if t == table} == {"SELECT", "INSERT"}, table
        for table in ("persons", "needy_records", "year_totals", "settlements"):
            assert {"SELECT", "INSERT", "UPDATE"} <= {p for t, p in rights if t == table}, table
        # Rows of audit_pending live only inside their transaction: the commit links and deletes.
        assert {p for t, p in rights if t == "audit_pending"} == {"SELECT", "INSERT", "DELETE"}
    finally:
        await bs.drop_database(admin, scratch)
