"""The audit log on a real database: rights, same-transaction appends, gapless serialisation,
filters and paging, tamper detection, and signed checkpoints against a rewritten chain."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
import orjson
import pytest

from devstack.testing import TestDatabase
from govkit.audit import GENESIS_HASH, AuditRecord, chain_hash
from govkit.audit.signing import verify_checkpoint
from govkit.settings import ServiceSettings

from .conftest import make_create_app

SERVICES = ("fund", "housing", "medical", "airdefence")
ZERO = "0" * 64


@pytest.mark.parametrize("service", SERVICES)
async def test_service_role_may_only_insert_and_select_the_audit_log(
    test_database: TestDatabase, service: str
) -> None:
    conn = await asyncpg.connect(test_database.services[service])
    try:
        tx = conn.transaction()
        await tx.start()
        await conn.execute(
            f"INSERT INTO {service}.audit_log (sequence, occurred_at, actor_client, action, "
            "entity_type, entity_id, prev_hash, hash) "
            "VALUES (999999999, now(), 't', 'a', 'e', '1', $1, $2)",
            ZERO,
            "f" * 64,
        )
        assert await conn.fetchval(
            f"SELECT count(*) FROM {service}.audit_log WHERE sequence = 999999999"
        )
        await tx.rollback()  # leave the shared chain as it was
        for statement in (
            f"UPDATE {service}.audit_log SET action = 'x'",
            f"DELETE FROM {service}.audit_log",
            f"TRUNCATE {service}.audit_log",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement)
        # The other append-only tables: read and append, never change or remove.
        for table in ("calendar_years", "parameter_values", "decisions"):
            qualified = f"{service}.{table}"
            rights = {
                right: await conn.fetchval(
                    "SELECT has_table_privilege(current_user, $1, $2)", qualified, right
                )
                for right in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
            }
            assert rights == {
                "SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False
            }, qualified  # fmt: skip
            await conn.fetch(f"SELECT * FROM {qualified} LIMIT 1")
            for statement in (f"DELETE FROM {qualified}", f"TRUNCATE {qualified}"):
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(statement)
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(f"DELETE FROM {service}.{table}")
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    f"UPDATE {service}.{table} SET created_at = now()".replace(
                        "created_at", "published_at" if table == "calendar_years" else "created_at"
                    )
                )
    finally:
        await conn.close()


async def test_even_the_owner_must_disable_the_guard_to_edit(test_database: TestDatabase) -> None:
    conn = await asyncpg.connect(test_database.migrator)
    insert = (
        "INSERT INTO fund.audit_log (sequence, occurred_at, actor_client, action, entity_type, "
        "entity_id, prev_hash, hash) VALUES (999999999, now(), 't', 'a', 'e', '1', $1, $2)"
    )

    async def insert_then(statement: str) -> None:
        async with conn.transaction():  # rolled back by the error: the row never lands
            await conn.execute(insert, ZERO, "e" * 64)
            await conn.execute(statement)

    try:
        for statement in (
            "UPDATE fund.audit_log SET action = 'x' WHERE sequence = 999999999",
            "DELETE FROM fund.audit_log WHERE sequence = 999999999",
            "TRUNCATE fund.audit_log",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await insert_then(statement)
    finally:
        await conn.close()


async def test_appends_list_filter_and_page(
    service_app_factory: Callable[..., Any],
    make_token: Callable[..., str],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    writer = {
        "Authorization": f"Bearer {make_token('fund:write', client_id='front', user='li.si')}",
        "X-Request-ID": "req-audit-1",
    }
    async with service_app_factory(make_create_app("fund"), ServiceSettings, "fund") as (_, c):
        client: httpx.AsyncClient = c
        sequences = []
        for i in range(5):
            r = await client.post(
                f"/fund/v1/test/things/thing-{i % 2}",
                json={"after": {"size": i, "resident_id": "11010519491231002X"}},
                headers=writer,
            )
            assert r.status_code == 200, r.text
            sequences.append(r.json()["sequence"])
        assert sequences == list(range(sequences[0], sequences[0] + 5))

        reader = auth_headers("audit:read")
        assert (
            await client.get("/fund/v1/audit", headers=auth_headers("fund:read"))
        ).status_code == 403
        page = (
            await client.get("/fund/v1/audit", params={"entity_id": "thing-0"}, headers=reader)
        ).json()
        assert [e["sequence"] for e in page["items"]] == sequences[4::-2]  # newest first
        first = page["items"][0]
        assert first["actor_client"] == "front"
        assert first["actor_user"] == "li.si"
        assert first["request_id"] == "req-audit-1"
        assert first["after"] == {"size": 4, "resident_id": "110105********002X"}
        assert "11010519491231002X" not in str(page)

        by_actor = await client.get(
            "/fund/v1/audit", params={"actor": "li.si", "action": "thing.update"}, headers=reader
        )
        assert {e["sequence"] for e in by_actor.json()["items"]} >= set(sequences)

        seen, cursor = [], None
        while True:
            params: dict[str, Any] = {"entity_type": "thing", "limit": 2, "order": "asc"}
            if cursor:
                params["cursor"] = cursor
            body = (await client.get("/fund/v1/audit", params=params, headers=reader)).json()
            seen += [e["sequence"] for e in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert seen[-5:] == sequences
        assert seen == sorted(seen)

        t = first["time"]
        window = await client.get(
            "/fund/v1/audit", params={"from": t, "entity_type": "thing"}, headers=reader
        )
        assert [e["sequence"] for e in window.json()["items"]] == [sequences[-1]]
        bad = await client.get("/fund/v1/audit", params={"cursor": "%%%"}, headers=reader)
        assert bad.status_code == 422

        verify = (await client.get("/fund/v1/audit/verify", headers=reader)).json()
        assert verify["valid"] is True
        assert verify["first_broken_sequence"] is None
        assert verify["head"]["sequence"] == sequences[-1]


async def test_a_failed_request_leaves_no_record_and_no_gap(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    h = auth_headers("fund:write")
    async with service_app_factory(make_create_app("fund"), ServiceSettings, "fund") as (_, c):
        first = (await c.post("/fund/v1/test/things/a", json={"after": {}}, headers=h)).json()
        failed = await c.post("/fund/v1/test/things/b", json={"after": {}, "fail": True}, headers=h)
        assert failed.status_code == 500
        second = (await c.post("/fund/v1/test/things/c", json={"after": {}}, headers=h)).json()
        assert second["sequence"] == first["sequence"] + 1
        listed = await c.get(
            "/fund/v1/audit", params={"entity_id": "b"}, headers=auth_headers("audit:read")
        )
        assert listed.json()["items"] == []


async def test_concurrent_appends_are_serialised_without_gaps(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    h = auth_headers("housing:write")
    create_app = make_create_app("housing")
    async with service_app_factory(create_app, ServiceSettings, "housing", rollback=False) as (
        _,
        c,
    ):
        results = await asyncio.gather(
            *(
                c.post(
                    f"/housing/v1/test/things/par-{i}",
                    json={"after": {"i": i}, "delay": 0.01, "fail": i % 5 == 4},
                    headers=h,
                )
                for i in range(15)
            )
        )
        ok = sorted(r.json()["sequence"] for r in results if r.status_code == 200)
        assert len(ok) == 12
        assert sum(r.status_code == 500 for r in results) == 3
        assert ok == list(range(ok[0], ok[0] + 12))  # the failed ones left no gap
        verify = (
            await c.get("/housing/v1/audit/verify", headers=auth_headers("audit:read"))
        ).json()
        assert verify["valid"] is True


# ---- tampering, as the migration role (which owns the table) --------------------------------


@asynccontextmanager
async def owner(test_database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(test_database.migrator)
    try:
        yield conn
    finally:
        await conn.close()


async def set_columns(conn: asyncpg.Connection, schema: str, rows: list[dict[str, Any]]) -> None:
    """Overwrite actor_user, prev_hash and hash of rows by sequence, with the guard disabled."""
    async with conn.transaction():
        await conn.execute(f"ALTER TABLE {schema}.audit_log DISABLE TRIGGER audit_log_append_only")
        for row in rows:
            await conn.execute(
                f"UPDATE {schema}.audit_log SET actor_user = $1, prev_hash = $2, hash = $3 "
                "WHERE sequence = $4",
                row["actor_user"],
                row["prev_hash"],
                row["hash"],
                row["sequence"],
            )
        await conn.execute(f"ALTER TABLE {schema}.audit_log ENABLE TRIGGER audit_log_append_only")


async def all_rows(conn: asyncpg.Connection, schema: str) -> list[dict[str, Any]]:
    rows = await conn.fetch(f"SELECT * FROM {schema}.audit_log ORDER BY sequence")
    return [dict(r) for r in rows]


def recompute(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, prev = [], GENESIS_HASH
    for row in rows:
        record = AuditRecord(
            sequence=row["sequence"],
            time=row["occurred_at"],
            actor_client=row["actor_client"],
            actor_user=row["actor_user"],
            request_id=row["request_id"],
            action=row["action"],
            entity_type=row["entity_type"],
            entity_id=row["entity_id"],
            before=orjson.loads(row["before"]) if row["before"] is not None else None,
            after=orjson.loads(row["after"]) if row["after"] is not None else None,
        )
        new_hash = chain_hash(prev, record)
        out.append({**row, "prev_hash": prev, "hash": new_hash})
        prev = new_hash
    return out


async def test_a_tampered_row_is_named(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> None:
    h = auth_headers("airdefence:write")
    reader = auth_headers("audit:read")
    create_app = make_create_app("airdefence")
    async with service_app_factory(create_app, ServiceSettings, "airdefence", rollback=False) as (
        _,
        c,
    ):
        seqs = [
            (
                await c.post(
                    f"/airdefence/v1/test/things/t{i}", json={"after": {"i": i}}, headers=h
                )
            ).json()["sequence"]
            for i in range(4)
        ]
        assert (await c.get("/airdefence/v1/audit/verify", headers=reader)).json()["valid"]
        target = seqs[1]
        async with owner(test_database) as conn:
            original = [r for r in await all_rows(conn, "airdefence") if r["sequence"] == target]
            try:
                await set_columns(conn, "airdefence", [{**original[0], "actor_user": "mallory"}])
                result = (await c.get("/airdefence/v1/audit/verify", headers=reader)).json()
                assert result["valid"] is False
                assert result["first_broken_sequence"] == target
                assert result["reason"] == "hash does not match the record's content"
            finally:
                await set_columns(conn, "airdefence", original)
        assert (await c.get("/airdefence/v1/audit/verify", headers=reader)).json()["valid"]


async def test_checkpoint_is_signed_and_catches_a_rewritten_chain(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> None:
    h = auth_headers("medical:write")
    reader = auth_headers("audit:read")
    create_app = make_create_app("medical")
    async with service_app_factory(create_app, ServiceSettings, "medical", rollback=False) as (
        _,
        c,
    ):
        for i in range(3):
            r = await c.post(f"/medical/v1/test/things/cp{i}", json={"after": {"i": i}}, headers=h)
            assert r.status_code == 200
        cp = (await c.get("/medical/v1/audit/checkpoint", headers=reader)).json()
        jwks = (await c.get("/medical/v1/audit/public-key", headers=reader)).json()
        claims = verify_checkpoint(cp["token"], jwks)
        assert (claims["sequence"], claims["hash"]) == (cp["sequence"], cp["hash"])
        assert claims["service"] == "medical"
        assert cp["key_id"] == jwks["keys"][0]["kid"]
        anchor = {"checkpoint_sequence": cp["sequence"], "checkpoint_hash": cp["hash"]}
        ok = (await c.get("/medical/v1/audit/verify", params=anchor, headers=reader)).json()
        assert ok["valid"]
        assert ok["checkpoint"]["matches"]

        async with owner(test_database) as conn:
            original = await all_rows(conn, "medical")
            victim = original[-2]["sequence"]
            edited = [
                {**r, "actor_user": "mallory"} if r["sequence"] == victim else r for r in original
            ]
            try:
                # A rewrite with every hash recomputed: the chain is consistent again…
                await set_columns(conn, "medical", recompute(edited))
                plain = (await c.get("/medical/v1/audit/verify", headers=reader)).json()
                assert plain["valid"] is True
                # …but it no longer holds the checkpointed head.
                anchored = (
                    await c.get("/medical/v1/audit/verify", params=anchor, headers=reader)
                ).json()
                assert anchored["valid"] is False
                assert anchored["checkpoint"] == {**anchor_out(cp), "matches": False}
                assert "rewritten" in anchored["reason"]
                again = (await c.get("/medical/v1/audit/checkpoint", headers=reader)).json()
                assert again["sequence"] == cp["sequence"]
                assert again["hash"] != cp["hash"]
            finally:
                await set_columns(conn, "medical", original)
        restored = (await c.get("/medical/v1/audit/verify", params=anchor, headers=reader)).json()
        assert restored["valid"]
        assert restored["checkpoint"]["matches"]


def anchor_out(cp: dict[str, Any]) -> dict[str, Any]:
    return {"sequence": cp["sequence"], "hash": cp["hash"]}
