"""One login role per service, able to use only its own schema."""

import asyncpg
import pytest

from devstack.testing import TestDatabase


async def test_fund_role_cannot_read_a_medical_table(test_database: TestDatabase) -> None:
    conn = await asyncpg.connect(test_database.services["fund"])
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("SELECT * FROM medical.idempotency_keys")
        # Its own schema works.
        assert await conn.fetchval("SELECT count(*) FROM fund.idempotency_keys") >= 0
    finally:
        await conn.close()


async def test_service_roles_cannot_create_objects_or_alter_schema(
    test_database: TestDatabase,
) -> None:
    conn = await asyncpg.connect(test_database.services["medical"])
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("CREATE TABLE medical.sneaky (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("CREATE TABLE public.sneaky (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DROP TABLE medical.idempotency_keys")
    finally:
        await conn.close()


async def test_version_table_lives_in_each_service_schema(test_database: TestDatabase) -> None:
    conn = await asyncpg.connect(test_database.migrator)
    try:
        for schema in ("fund", "housing", "medical", "airdefence"):
            owner = await conn.fetchval(
                "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = $1", schema
            )
            assert owner == "wz_migrator"
            assert await conn.fetchval(f"SELECT version_num FROM {schema}.alembic_version")
        assert not await conn.fetchval(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'alembic_version' "
            "AND table_schema = 'public'"
        )
    finally:
        await conn.close()
