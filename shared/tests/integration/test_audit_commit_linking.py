"""Audit records linked at commit (`append_at_commit`) on a real database: linked by the commit
itself, gapless beside immediate appends, nothing left when the transaction fails, the chain
verifies; schemas without `audit_pending`, and savepoints, link at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from devstack.testing import TestDatabase
from govkit import audit
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.service import ServiceSpec, create_service_app
from govkit.settings import ServiceSettings


class Change(BaseModel):
    after: dict[str, Any]
    immediate_after: bool = False
    fail: bool = False
    delay: float = 0.0


def make_app(service: str) -> Callable[[ServiceSettings], FastAPI]:
    router = APIRouter(prefix=f"/{service}/v1/linking")

    @router.post("/things/{thing_id}")
    async def change(
        thing_id: str,
        body: Change,
        session: SessionDep,
        principal: Principal = requires(f"{service}:write"),
    ) -> dict[str, Any]:
        await audit.append_at_commit(
            session, principal, None, "thing.update", "thing", thing_id, None, body.after
        )
        sequence = None
        if body.immediate_after:
            sequence = (
                await audit.append(session, principal, None, "thing.note", "thing", thing_id)
            ).sequence
        await asyncio.sleep(body.delay)
        if body.fail:
            raise RuntimeError("failed after auditing: the record must roll back")
        return {"immediate": sequence}

    def create_app(settings: ServiceSettings) -> FastAPI:
        return create_service_app(
            ServiceSpec(
                name=service,
                title_zh="测试",
                title_en="Test",
                description="",
                settings=settings,
                routers=[router],
            )
        )

    return create_app


async def _entries(
    client: httpx.AsyncClient, service: str, reader: dict[str, str], prefix: str
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"entity_type": "thing", "order": "asc", "limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(f"/{service}/v1/audit", params=params, headers=reader)).json()
        items += [e for e in page["items"] if e["entity_id"].startswith(prefix)]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def test_records_are_linked_by_the_commit(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> None:
    writer, reader = auth_headers("medical:write"), auth_headers("audit:read")
    async with service_app_factory(
        make_app("medical"), ServiceSettings, "medical", rollback=False
    ) as (
        _,
        c,
    ):
        first = await c.post(
            "/medical/v1/linking/things/lk-a",
            json={"after": {"resident_id": "11010519491231002X", "n": 1}},
            headers=writer,
        )
        assert first.status_code == 200
        failed = await c.post(
            "/medical/v1/linking/things/lk-b", json={"after": {}, "fail": True}, headers=writer
        )
        assert failed.status_code == 500
        mixed = await c.post(
            "/medical/v1/linking/things/lk-c",
            json={"after": {"n": 3}, "immediate_after": True},
            headers=writer,
        )
        assert mixed.status_code == 200
        results = await asyncio.gather(
            *(
                c.post(
                    f"/medical/v1/linking/things/lk-p{i}",
                    json={"after": {"i": i}, "delay": 0.005, "fail": i % 4 == 3},
                    headers=writer,
                )
                for i in range(12)
            )
        )
        assert sorted(r.status_code for r in results) == [200] * 9 + [500] * 3

        entries = await _entries(c, "medical", reader, "lk-")
        by_id = {(e["entity_id"], e["action"]): e for e in entries}
        assert ("lk-b", "thing.update") not in by_id  # rolled back with its transaction
        assert by_id[("lk-a", "thing.update")]["after"] == {
            "resident_id": "110105********002X",
            "n": 1,
        }
        # Appended after it, the immediate record is linked first: the other waits for COMMIT.
        assert by_id[("lk-c", "thing.note")]["sequence"] == mixed.json()["immediate"]
        assert by_id[("lk-c", "thing.update")]["sequence"] == mixed.json()["immediate"] + 1
        assert len([e for e in entries if e["entity_id"].startswith("lk-p")]) == 9

        # The whole chain walks without a gap or a broken link, the trigger's links included.
        verify = (await c.get("/medical/v1/audit/verify", headers=reader)).json()
        assert verify["valid"] is True, verify
        assert verify["head"]["sequence"] >= max(e["sequence"] for e in entries)

    conn = await asyncpg.connect(test_database.admin)
    try:
        assert await conn.fetchval("SELECT count(*) FROM medical.audit_pending") == 0
    finally:
        await conn.close()


async def test_without_audit_pending_or_inside_a_savepoint_records_are_linked_at_once(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    reader = auth_headers("audit:read")
    for service, rollback in (("fund", False), ("medical", True)):
        writer = auth_headers(f"{service}:write")
        async with service_app_factory(
            make_app(service), ServiceSettings, service, rollback=rollback
        ) as (_, c):
            r = await c.post(
                f"/{service}/v1/linking/things/now-{service}",
                json={"after": {"n": 1}, "immediate_after": True},
                headers=writer,
            )
            assert r.status_code == 200
            # Linked when appended, so before the immediate record appended after it.
            entries = await _entries(c, service, reader, f"now-{service}")
            assert [(e["action"], e["sequence"]) for e in entries] == [
                ("thing.update", r.json()["immediate"] - 1),
                ("thing.note", r.json()["immediate"]),
            ]
            assert (await c.get(f"/{service}/v1/audit/verify", headers=reader)).json()["valid"]
