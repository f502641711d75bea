"""Idempotency-Key semantics on a real database: replay, mismatch, in flight, atomicity."""

import asyncio
from collections.abc import Callable

import httpx
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from sqlalchemy import text

from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep
from govkit.service import ServiceSpec, create_service_app
from govkit.settings import ServiceSettings

router = APIRouter(prefix="/fund/v1")


class Payment(BaseModel):
    amount: int


@router.post("/payments", status_code=201)
async def pay(
    body: Payment,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = requires("fund:write"),
) -> object:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    await asyncio.sleep(0.2)  # long enough for concurrent retries to arrive in flight
    count = await session.scalar(text("SELECT count(*) FROM idempotency_keys"))
    if body.amount < 0:
        raise ValueError("negative")  # fails after the key was checked: nothing must be stored
    return await idem.finish({"paid": body.amount, "seen_before": count})


def make_app(settings: ServiceSettings) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="fund",
            title_zh="测试",
            title_en="Test",
            description="",
            settings=settings,
            routers=[router],
        )
    )


async def test_replay_mismatch_and_in_flight(
    service_app_factory: Callable[..., object], auth_headers: Callable[..., dict[str, str]]
) -> None:
    async with service_app_factory(make_app, ServiceSettings, "fund", rollback=False) as (app, c):
        client: httpx.AsyncClient = c
        h = {**auth_headers("fund:write", client_id="idem-client"), "Idempotency-Key": "k-1"}
        first = await client.post("/fund/v1/payments", json={"amount": 5}, headers=h)
        assert first.status_code == 201
        again = await client.post("/fund/v1/payments", json={"amount": 5}, headers=h)
        assert again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"

        other = await client.post("/fund/v1/payments", json={"amount": 6}, headers=h)
        assert other.status_code == 422
        assert other.json()["code"] == "idempotency-key-reused"

        # Another client may use the same key for its own request.
        h2 = {**auth_headers("fund:write", client_id="idem-client-2"), "Idempotency-Key": "k-1"}
        assert (
            await client.post("/fund/v1/payments", json={"amount": 6}, headers=h2)
        ).status_code == 201

        missing = await client.post(
            "/fund/v1/payments", json={"amount": 5}, headers=auth_headers("fund:write")
        )
        assert missing.status_code == 428

        # Concurrent retries: exactly one runs, the others are told it is in flight (409).
        h3 = {**auth_headers("fund:write", client_id="idem-client"), "Idempotency-Key": "k-2"}
        results = await asyncio.gather(
            *[client.post("/fund/v1/payments", json={"amount": 7}, headers=h3) for _ in range(8)]
        )
        statuses = sorted(r.status_code for r in results)
        assert statuses.count(201) == 1
        assert set(statuses) == {201, 409}
        db = app.state.db
        async with db.engine.connect() as conn:
            stored = await conn.scalar(
                text(
                    "SELECT count(*) FROM idempotency_keys WHERE client_id = 'idem-client' AND key = 'k-2'"
                )
            )
        assert stored == 1

        # A request that fails stores nothing; the same key can then succeed.
        h4 = {**auth_headers("fund:write", client_id="idem-client"), "Idempotency-Key": "k-3"}
        assert (
            await client.post("/fund/v1/payments", json={"amount": -1}, headers=h4)
        ).status_code == 500
        async with db.engine.connect() as conn:
            assert (
                await conn.scalar(text("SELECT count(*) FROM idempotency_keys WHERE key = 'k-3'"))
                == 0
            )
