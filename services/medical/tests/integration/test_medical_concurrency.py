"""Real commits under real concurrency: 50 claims at once for one person never overrun the
assistance limit, and one Idempotency-Key sent 50 times at once pays exactly once.

These tests commit (rollback=False), so they use their own county code for the parameters they
configure, fresh persons and their own client ID, and delete what they wrote afterwards (the
audit records stay: the log is append-only, and its chain stays valid).
"""

from __future__ import annotations

import asyncio
import functools
import io
import itertools
import json
import random
import uuid
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import orjson
import pytest

from devstack.testing import TestDatabase
from medical.config import MedicalSettings
from medical.importer.cli import run
from medical.main import create_app

from .conftest import Api, P, claim, unique_resident_id

N = 50


@pytest.fixture
async def committed(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> AsyncIterator[tuple[Api, str]]:
    region = f"99{random.randrange(10_000):04d}"
    client_id = f"medical-concurrency-{uuid.uuid4().hex[:8]}"
    headers = functools.partial(auth_headers, client_id=client_id)
    async with service_app_factory(create_app, MedicalSettings, "medical", rollback=False) as (
        app,
        client,
    ):
        api = Api(client, headers, app)
        await api.configure_worked_example(region=region)
        try:
            yield api, region
        finally:
            await _clean(test_database, region, client_id)


async def _clean(db: TestDatabase, region: str, client_id: str) -> None:
    conn = await asyncpg.connect(db.admin)
    try:
        async with conn.transaction():
            people = [
                r["person_id"]
                for r in await conn.fetch(
                    "SELECT person_id FROM medical.persons WHERE county = $1", region
                )
            ]
            await conn.execute(
                "DELETE FROM medical.decisions WHERE decision_id IN (SELECT decision_id FROM "
                "medical.settlements WHERE person_id = ANY($1) UNION SELECT decision_id FROM "
                "medical.settlement_adjustments WHERE person_id = ANY($1))",
                people,
            )
            await conn.execute(
                "DELETE FROM medical.import_batches WHERE created_by = 'medical-importer-cli' "
                "AND batch_id::text IN (SELECT substr(source, 8) FROM medical.persons "
                "WHERE person_id = ANY($1) AND source LIKE 'import:%')",
                people,
            )
            for table in (
                "settlement_adjustments",
                "settlement_reversals",
                "settlements",
                "year_totals",
                "needy_records",
                "persons",
            ):
                await conn.execute(f"DELETE FROM medical.{table} WHERE person_id = ANY($1)", people)
            await conn.execute("DELETE FROM medical.parameter_values WHERE region = $1", region)
            await conn.execute(
                "DELETE FROM medical.idempotency_keys WHERE client_id = $1", client_id
            )
    finally:
        await conn.close()


async def _settlements(api: Api, person: str) -> list[dict[str, Any]]:
    r = await api.client.get(
        f"{P}/settlements", params={"person_id": person, "limit": 200}, headers=api.read
    )
    assert r.status_code == 200
    return list(r.json()["items"])


async def test_fifty_concurrent_claims_never_overrun_the_limit(
    committed: tuple[Api, str],
) -> None:
    api, region = committed
    person = await api.register(
        [{"category": "dibao", "recognised_on": "2021-06-01"}],
        rid=unique_resident_id(),
        county=region,
    )
    stay = {
        "total_cost": "50000.00",
        "in_policy_cost": "50000.00",
        "basic_payout": "0.00",
        "followed_guidance": False,
        "referred": False,
    }
    claims = [claim(person, service_date=f"2022-{1 + i % 12:02d}-15", **stay) for i in range(N)]
    results = await asyncio.gather(*(api.settle_claim(c) for c in claims))

    # Settled one after another under the row lock: each saw the previous one's totals.
    ordered = sorted(results, key=lambda b: b["totals_before"]["claims"])
    assert [b["totals_before"]["claims"] for b in ordered] == list(range(N))
    for earlier, later in itertools.pairwise(ordered):
        assert later["totals_before"] == earlier["totals_after"]
    assert ordered[0]["layers"]["assistance"] == "14400.00"  # 80% × (50,000 − 80% × 40,000)
    assert {b["layers"]["assistance"] for b in ordered[1:11]} == {"8000.00"}
    assert ordered[11]["layers"]["assistance"] == "5600.00"  # what is left of 100,000
    assert {b["layers"]["assistance"] for b in ordered[12:]} == {"0.00"}

    totals = (await api.year(person))["totals"]
    assert totals["claims"] == N
    assert totals["ma_paid"] == "100000.00"  # never overrun
    stored = await _settlements(api, person)
    assert len(stored) == N
    for layer, total in (
        ("assistance", "ma_paid"),
        ("critical_illness", "ci_paid"),
        ("basic", "basic_paid"),
        ("commercial", "cs_paid"),
        ("self_pay", "self_pay_before_resolution"),
        ("resolution", "resolution"),
        ("final_self_pay", "final_self_pay"),
    ):
        assert str(sum(Decimal(s["layers"][layer]) for s in stored)) == totals[total], layer


async def test_one_key_sent_fifty_times_at_once_settles_once(committed: tuple[Api, str]) -> None:
    api, region = committed
    person = await api.register(
        [{"category": "dibao", "recognised_on": "2021-06-01"}],
        rid=unique_resident_id(),
        county=region,
    )
    body = claim(person)
    headers = {**api.settle, "Idempotency-Key": f"once-{uuid.uuid4()}"}
    responses = await asyncio.gather(
        *(api.client.post(f"{P}/settlements", json=body, headers=headers) for _ in range(N))
    )
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {201, 409}, statuses
    created = [r for r in responses if r.status_code == 201]
    assert created
    assert len({r.json()["settlement_id"] for r in created}) == 1
    assert sum(1 for r in created if "Idempotent-Replayed" not in r.headers) == 1
    for r in responses:
        if r.status_code == 409:
            assert r.json()["code"] == "idempotency-key-in-flight"
            assert r.headers["Retry-After"] == "1"

    assert len(await _settlements(api, person)) == 1
    totals = (await api.year(person))["totals"]
    assert totals["claims"] == 1
    assert totals["final_self_pay"] == "50000.00"
    # After the first commits, a retry replays the stored answer.
    late = await api.client.post(f"{P}/settlements", json=body, headers=headers)
    assert late.status_code == 201
    assert late.json()["settlement_id"] == created[0].json()["settlement_id"]


async def test_the_command_line_imports_straight_into_the_database(
    committed: tuple[Api, str], test_database: TestDatabase, tmp_path: Path
) -> None:
    """`--database-url`: one transaction, progress per phase, the same rules as over HTTP."""
    api, region = committed
    ids = [unique_resident_id() for _ in range(300)]
    path = tmp_path / "list.json"
    path.write_bytes(
        orjson.dumps(
            [
                {
                    "resident_id": rid,
                    "category": "低保",
                    "recognised_on": "2021-06-01",
                    "county": region,
                }
                for rid in ids
            ]
        )
    )
    out, err = io.StringIO(), io.StringIO()
    args = [str(path), "--database-url", test_database.services["medical"]]
    assert await run(args, out=out, err=err) == 0
    answer = json.loads(out.getvalue())
    assert (answer["status"], answer["persons_created"]) == ("applied", 300)
    assert "records: 300 of 300" in err.getvalue()
    assert "committed" in err.getvalue()
    found = await api.client.post(
        f"{P}/persons/lookup", json={"resident_id": ids[0]}, headers=api.read
    )
    assert found.json()["county"] == region
    again = io.StringIO()
    assert await run(args, out=again, err=io.StringIO()) == 0
    assert json.loads(again.getvalue())["status"] == "already_imported"


async def test_twenty_concurrent_reversals_reverse_and_resettle_once(
    committed: tuple[Api, str], test_database: TestDatabase
) -> None:
    api, region = committed
    person = await api.register(
        [{"category": "dibao", "recognised_on": "2021-06-01"}],
        rid=unique_resident_id(),
        county=region,
    )
    first = await api.settle_claim(claim(person))
    later = [
        await api.settle_claim(claim(person, service_date=f"2022-0{m}-10", total_cost="120000.00",
                                     in_policy_cost="100000.00", basic_payout="50000.00"))
        for m in (4, 5, 6)
    ]  # fmt: skip

    async def reverse(i: int) -> Any:
        return await api.client.post(
            f"{P}/settlements/{first['settlement_id']}/reversal",
            json={"reason": f"并发冲销 {i}", "resettle": True},
            headers={**api.settle, "Idempotency-Key": f"rev-{uuid.uuid4()}"},
        )

    responses = await asyncio.gather(*(reverse(i) for i in range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19, statuses
    assert all(
        r.json()["code"] == "settlement-already-reversed" for r in responses if r.status_code == 409
    )
    (done,) = [r.json() for r in responses if r.status_code == 201]
    assert done["resettlement"]["status"] == "done"
    assert {a["settlement_id"] for a in done["resettlement"]["adjustments"]} <= {
        s["settlement_id"] for s in later
    }

    # Twenty re-settlements at once: one after another under the row lock, nothing more to do.
    again = await asyncio.gather(
        *(
            api.client.post(
                f"{P}/persons/{person}/years/2022/resettlement",
                json={},
                headers={**api.settle, "Idempotency-Key": f"rs-{uuid.uuid4()}"},
            )
            for _ in range(20)
        )
    )
    assert {r.status_code for r in again} == {201}
    assert all(r.json()["adjustments"] == [] for r in again)

    conn = await asyncpg.connect(test_database.admin)
    try:
        n = await conn.fetchval(
            "SELECT count(*) FROM medical.settlement_adjustments WHERE person_id = $1",
            uuid.UUID(person),
        )
    finally:
        await conn.close()
    assert n == len(done["resettlement"]["adjustments"]) > 0
    totals = (await api.year(person))["totals"]
    assert totals == done["resettlement"]["totals_after"]
    assert totals["claims"] == 3
