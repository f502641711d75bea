"""Parameters through the API: set from a day (type-checked, audited), effective only from that
day, by region, listed with sources, seen by the rules listing and by other replicas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
import httpx

from devstack.testing import TestDatabase
from govkit.platform.install import refresh_platform_state
from govkit.settings import ServiceSettings

from .conftest import RATE_PATH, make_create_app

URL = f"/housing/v1/admin/parameters/{RATE_PATH}"


async def rate(client: httpx.AsyncClient, on: str, region: str | None = None, **extra: Any) -> str:
    r = await client.post("/housing/v1/test/evaluate", json={"on": on, "region": region, **extra})
    assert r.status_code == 200, r.text
    return str(r.json()["rate"])


async def test_a_value_set_from_a_day_changes_results_from_that_day_only(
    service_app_factory: Callable[..., Any],
    make_token: Callable[..., str],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    admin = {"Authorization": f"Bearer {make_token('admin', client_id='ops', user='zhao.liu')}"}
    create_app = make_create_app("housing")
    async with service_app_factory(create_app, ServiceSettings, "housing") as (app, c):
        client: httpx.AsyncClient = c
        baseline = app.state.parameter_state.parameters
        assert await rate(client, "2025-03-01") == "0.10"

        body = {"value": "0.20", "effective_from": "2025-03-01", "source": "测试通知〔2025〕1号"}
        r = await client.put(URL, json=body, headers=admin)
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["path"] == RATE_PATH
        assert out["kind"] == "decimal"
        configured = [v for v in out["values"] if v["origin"] == "configured"]
        assert configured[0]["value"] == "0.20"
        assert configured[0]["created_by"] == "ops"

        assert await rate(client, "2025-02-28") == "0.10"
        assert await rate(client, "2025-03-01") == "0.20"
        assert await rate(client, "2031-01-01") == "0.20"
        assert baseline.get(RATE_PATH, date(2025, 3, 1)) == Decimal("0.10")  # a new set, not edited
        assert app.state.parameter_state.parameters is not baseline

        # A county's temporary rate, then back to the city's.
        county = {
            "value": "0.30",
            "effective_from": "2025-06-01",
            "effective_to": "2025-06-30",
            "region": "330302",
            "source": "鹿城区通知",
        }
        assert (await client.put(URL, json=county, headers=admin)).status_code == 200
        assert await rate(client, "2025-06-15", "330302") == "0.30"
        assert await rate(client, "2025-07-01", "330302") == "0.20"
        assert await rate(client, "2025-06-15", "330303") == "0.20"

        # What-if overrides never reach the stored state.
        assert await rate(client, "2025-06-15", parameter_overrides={RATE_PATH: "0.9"}) == "0.9"
        assert await rate(client, "2025-06-15") == "0.20"

        listed = (
            await client.get(
                "/housing/v1/parameters",
                params={"path": "test", "on": "2025-06-15", "region": "330302"},
                headers=auth_headers("housing:read"),
            )
        ).json()
        by_path = {p["path"]: p for p in listed["parameters"]}
        assert set(by_path) == {RATE_PATH, "test.cap"}
        assert by_path[RATE_PATH]["in_force"]["value"] == "0.30"
        assert by_path[RATE_PATH]["in_force"]["source"] == "鹿城区通知"
        assert {v["value"] for v in by_path[RATE_PATH]["values"]} == {"0.10", "0.20", "0.30"}
        assert by_path["test.cap"]["in_force"] is None  # not configured

        rules = (
            await client.get(
                "/housing/v1/rules",
                params={"on": "2025-03-01"},
                headers=auth_headers("housing:read"),
            )
        ).json()
        (param,) = rules["rules"][0]["parameters"]
        assert param["value"] == "0.20"
        assert param["effective_from"] == "2025-03-01"
        assert param["source"] == "测试通知〔2025〕1号"

        log = (
            await client.get(
                "/housing/v1/audit",
                params={"entity_type": "parameter", "entity_id": RATE_PATH},
                headers=auth_headers("audit:read"),
            )
        ).json()["items"]
        assert [e["action"] for e in log] == ["parameter.set", "parameter.set"]
        assert log[1]["after"]["value"] == "0.20"
        assert log[1]["actor_user"] == "zhao.liu"

        # The same value again changes nothing and is not audited again.
        assert (await client.put(URL, json=body, headers=admin)).status_code == 200
        count = len(
            (
                await client.get(
                    "/housing/v1/audit",
                    params={"entity_type": "parameter", "entity_id": RATE_PATH},
                    headers=auth_headers("audit:read"),
                )
            ).json()["items"]
        )
        assert count == 2
        # Setting the same start day again supersedes (both stay on record).
        again = {**body, "value": "0.25", "source": "更正"}
        assert (await client.put(URL, json=again, headers=admin)).status_code == 200
        assert await rate(client, "2025-03-01") == "0.25"
        log = (
            await client.get(
                "/housing/v1/audit",
                params={"entity_type": "parameter", "limit": 1},
                headers=auth_headers("audit:read"),
            )
        ).json()["items"]
        assert log[0]["before"]["value"] == "0.20"
        assert log[0]["after"]["value"] == "0.25"


async def test_bad_requests(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    admin = auth_headers("admin")
    body = {"value": "0.20", "effective_from": "2025-03-01", "source": "x"}
    async with service_app_factory(make_create_app("housing"), ServiceSettings, "housing") as (
        _,
        c,
    ):
        r = await c.put(URL, json=body, headers=auth_headers("housing:write"))
        assert r.status_code == 403
        r = await c.put("/housing/v1/admin/parameters/test.nope", json=body, headers=admin)
        assert r.status_code == 404
        assert r.json()["type"] == "/problems/unknown-parameter"
        r = await c.put(URL, json={**body, "value": 0.2}, headers=admin)
        assert r.status_code == 422
        assert r.json()["errors"][0]["pointer"] == "#/value"
        r = await c.put(URL, json={**body, "effective_to": "2025-01-01"}, headers=admin)
        assert r.status_code == 422
        r = await c.put(URL, json={**body, "region": "Lucheng"}, headers=admin)
        assert r.status_code == 422
        assert r.json()["errors"][0]["pointer"] == "#/region"
        # A value of null: deliberately not configured from that day.
        r = await c.put(
            "/housing/v1/admin/parameters/test.cap",
            json={**body, "value": "5000.00", "effective_from": "2025-01-01"},
            headers=admin,
        )
        assert r.status_code == 200
        r = await c.put(
            "/housing/v1/admin/parameters/test.cap",
            json={**body, "value": None, "effective_from": "2026-01-01"},
            headers=admin,
        )
        assert r.status_code == 200
        listed = (
            await c.get(
                "/housing/v1/parameters",
                params={"path": "test.cap", "on": "2026-02-01"},
                headers=auth_headers("housing:read"),
            )
        ).json()
        assert listed["parameters"][0]["in_force"] is None


async def test_another_replica_picks_up_a_value(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> None:
    create_app = make_create_app("airdefence")
    url = f"/airdefence/v1/admin/parameters/{RATE_PATH}"
    body = {"value": "0.40", "effective_from": "2024-01-01", "source": "replica test"}
    try:
        async with (
            service_app_factory(create_app, ServiceSettings, "airdefence", rollback=False) as (
                a,
                ca,
            ),
            service_app_factory(create_app, ServiceSettings, "airdefence", rollback=False) as (
                b,
                _,
            ),
        ):
            assert (await ca.put(url, json=body, headers=auth_headers("admin"))).status_code == 200
            on = date(2024, 6, 1)
            assert str(a.state.parameter_state.parameters.get(RATE_PATH, on)) == "0.40"
            assert str(b.state.parameter_state.parameters.get(RATE_PATH, on)) == "0.10"
            assert await refresh_platform_state(b) is True
            assert str(b.state.parameter_state.parameters.get(RATE_PATH, on)) == "0.40"
            assert await refresh_platform_state(b) is False  # nothing new: no reload
    finally:
        conn = await asyncpg.connect(test_database.migrator)
        try:
            await conn.execute("DELETE FROM airdefence.parameter_values WHERE path = $1", RATE_PATH)
        finally:
            await conn.close()
