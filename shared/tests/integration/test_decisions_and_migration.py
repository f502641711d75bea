"""Stored decisions, the platform endpoints in every real service, and migration 0002 both ways."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from devstack.testing import TestDatabase
from govkit.settings import ServiceSettings

from .conftest import make_create_app


async def test_store_and_read_a_decision(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    async with service_app_factory(make_create_app("medical"), ServiceSettings, "medical") as (
        _,
        c,
    ):
        r = await c.post("/medical/v1/test/decisions", headers=auth_headers("medical:write"))
        assert r.status_code == 200, r.text
        decision_id = r.json()["decision_id"]

        got = await c.get(
            f"/medical/v1/decisions/{decision_id}", headers=auth_headers("medical:read")
        )
        assert got.status_code == 200, got.text
        d = got.json()
        assert d["decision_id"] == decision_id
        assert d["subject"] == "medical.test"
        assert d["outcome"] == "pass"
        assert d["failed_rules"] == []
        assert d["as_of"] == "2026-03-01"
        assert d["rules_version"] == "test-1"
        (finding,) = d["findings"]
        assert finding["rule_id"] == "TEST-RATE"
        assert finding["clause"] == "测试条款 一"
        assert finding["facts"] == {"resident_id": "110105********002X", "income": "1000.00"}
        assert d["parameters_used"]["test.rate"]["value"] == "0.10"
        assert d["parameters_used"]["test.rate"]["effective_from"] == "2021-01-01"
        assert d["parameters_used"]["test.rate"]["source"] == "测试条款 一"
        assert d["trace"] == ["resolved test.rate", "申请人 110105********002X"]
        assert d["result"] == {"amount": "100.00"}
        assert "11010519491231002X" not in got.text

        log = await c.get(
            "/medical/v1/audit",
            params={"entity_type": "decision", "entity_id": decision_id},
            headers=auth_headers("audit:read"),
        )
        (entry,) = log.json()["items"]
        assert entry["action"] == "decision.record"
        assert entry["after"]["outcome"] == "pass"

        missing = await c.get(
            f"/medical/v1/decisions/{uuid.uuid4()}", headers=auth_headers("medical:read")
        )
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        bad = await c.get("/medical/v1/decisions/not-a-uuid", headers=auth_headers("medical:read"))
        assert bad.status_code == 422
        other = await c.get(
            f"/medical/v1/decisions/{decision_id}", headers=auth_headers("fund:read")
        )
        assert other.status_code == 403


@pytest.mark.parametrize("name", ["fund", "housing", "medical", "airdefence"])
async def test_every_service_mounts_the_platform(
    name: str,
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    main = importlib.import_module(f"{name}.main")
    settings_cls = getattr(
        importlib.import_module(f"{name}.config"), f"{name.capitalize()}Settings"
    )
    async with service_app_factory(main.create_app, settings_cls, name) as (_, c):
        reader = auth_headers("audit:read")
        verify = await c.get(f"/{name}/v1/audit/verify", headers=reader)
        assert verify.status_code == 200
        assert verify.json()["valid"] is True
        assert (await c.get(f"/{name}/v1/audit/checkpoint", headers=reader)).status_code == 200
        assert (await c.get(f"/{name}/v1/audit/public-key", headers=reader)).status_code == 200
        params = await c.get(f"/{name}/v1/parameters", headers=auth_headers(f"{name}:read"))
        assert params.status_code == 200
        r = await c.get(f"/{name}/v1/calendar/2021", headers=auth_headers(f"{name}:read"))
        assert r.status_code == 200
        assert r.json()["working_days"] == 250
        ready = (await c.get("/readyz")).json()
        assert ready["checks"]["platform"] == "ok"


async def test_migration_0002_downgrades_and_upgrades(test_database: TestDatabase) -> None:
    """On a scratch database: 0002 is reversible and leaves the rights as designed."""
    from devstack import bootstrap as bs
    from devstack import migrate

    admin = test_database.admin.rsplit("/", 1)[0] + "/postgres"
    scratch = "wz_test_migration_0002"
    await bs.drop_database(admin, scratch)
    urls = await bs.bootstrap(admin, scratch)
    try:
        await asyncio.to_thread(migrate.upgrade, "fund", urls.migrator)
        await asyncio.to_thread(migrate.downgrade, "fund", urls.migrator, "fund_0001")
        conn = await asyncpg.connect(urls.migrator)
        try:
            tables = {
                r["table_name"]
                for r in await conn.fetch(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'fund'"
                )
            }
            assert tables == {"alembic_version", "idempotency_keys"}
        finally:
            await conn.close()
        await asyncio.to_thread(migrate.upgrade, "fund", urls.migrator)
        conn = await asyncpg.connect(urls.services["fund"])
        try:
            rights = {
                (r["table_name"], r["privilege_type"])
                for r in await conn.fetch(
                    "SELECT table_name, privilege_type FROM information_schema.role_table_grants "
                    "WHERE grantee = 'fund_app' AND table_schema = 'fund'"
                )
            }
            for table in ("audit_log", "calendar_years", "parameter_values", "decisions"):
                assert {p for t, p in rights if t == table} == {"SELECT", "INSERT"}, table
        finally:
            await conn.close()
    finally:
        await bs.drop_database(admin, scratch)
