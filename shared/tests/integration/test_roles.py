"""One login role per service, able to use only its own schema."""

import asyncpg
import pytest

from devstack.testing import TestDatabase


async def test_fund_role_cannot_read_a_medical_table(test_database: TestDatabase) -> None:
    conn = await asyncpg.connect(test_database.services["fund"])
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("SELECT * FROM medical.idempotency_keys")
        # Its own schema works: it may read and write its tables (here in a rolled-back write).
        for right in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            assert await conn.fetchval(
                "SELECT has_table_privilege(current_user, 'fund.idempotency_keys', $1)", right
            ), right
        async with conn.transaction():
            await conn.execute(
                "INSERT INTO fund.idempotency_keys (client_id, key, method, path, request_hash, "
                "response_status, response_body, response_headers) "
                "VALUES ('roles-test', 'k1', 'POST', '/fund/v1/x', $1, 201, $2, '{}')",
                "0" * 64,
                b"{}",
            )
            assert (
                await conn.fetchval(
                    "SELECT response_status FROM fund.idempotency_keys "
                    "WHERE client_id = 'roles-test' AND key = 'k1'"
                )
                == 201
            )
            assert (
                await conn.execute(
                    "DELETE FROM fund.idempotency_keys WHERE client_id = 'roles-test'"
                )
                == "DELETE 1"
            )
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
