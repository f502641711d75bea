"""The air-defence OpenAPI document as generated clients read it, and input no handler expects:
documented answers, never a 500."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from airdefence.api.works_schemas import EXAMPLE_WORKS
from devstack.testing import TestDatabase

from .conftest import Api, P

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS and path.startswith(P)
    ]


def _has_example(doc: dict[str, Any], media: dict[str, Any]) -> bool:
    if "example" in media or "examples" in media:
        return True
    schema = media.get("schema", {})
    ref = schema.get("$ref")
    if ref is None:
        return "examples" in schema
    component = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    if component.get("examples"):
        return True
    # A page of items (govkit's Page[…]) is documented by its items' example.
    items = component.get("properties", {}).get("items", {}).get("items", {})
    return _has_example(doc, {"schema": items}) if "$ref" in items else False


async def test_every_operation_has_a_stable_id_a_response_model_and_an_example(api: Api) -> None:
    doc = (await api.client.get("/openapi.json")).json()
    ops = _operations(doc)
    assert ops
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ids) == len(set(ids))
    missing = []
    for path, method, op in ops:
        assert op["operationId"].startswith("airdefence_"), (path, method)
        success = {s: r for s, r in op["responses"].items() if s.startswith("2")}
        assert success, (path, method)
        for status, response in success.items():
            media = response.get("content", {}).get("application/json")
            if media is None or not _has_example(doc, media):
                missing.append(f"{method.upper()} {path} {status}")
    assert missing == [], "\n".join(missing)


async def test_request_bodies_carry_examples(api: Api) -> None:
    doc = (await api.client.get("/openapi.json")).json()
    own = [
        (path, method, op)
        for path, method, op in _operations(doc)
        if "requestBody" in op and "/admin/parameters" not in path and "/admin/calendar" not in path
    ]
    for path, method, op in own:
        media = op["requestBody"]["content"]["application/json"]
        assert media.get("examples"), (method, path)


async def test_nul_in_text_is_a_422_not_a_500(api: Api) -> None:
    r = await api.client.post(
        f"{P}/works", json={**EXAMPLE_WORKS, "name": "某\x00工程"}, headers=api.keyed(api.write)
    )
    assert r.status_code == 422, r.text


async def test_non_utf8_body_and_forged_cursor_are_422s(api: Api) -> None:
    r = await api.client.post(
        f"{P}/checks/ownership",
        content=b"\xff\xfe",
        headers={**api.read, "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    r = await api.client.get(f"{P}/works", params={"cursor": "eyJzZXEiOi0xfQ"}, headers=api.read)
    assert r.status_code == 422


async def test_the_migrations_downgrade_and_upgrade(test_database: TestDatabase) -> None:
    """On a scratch database: every air-defence migration is reversible."""
    from devstack import bootstrap as bs
    from devstack import migrate

    admin = test_database.admin.rsplit("/", 1)[0] + "/postgres"
    scratch = "wz_test_airdefence_migrations"
    await bs.drop_database(admin, scratch)
    urls = await bs.bootstrap(admin, scratch)
    try:
        await asyncio.to_thread(migrate.upgrade, "airdefence", urls.migrator)
        await asyncio.to_thread(migrate.downgrade, "airdefence", urls.migrator, "airdefence_0002")
        conn = await asyncpg.connect(urls.migrator)
        try:
            left = {
                r["table_name"]
                for r in await conn.fetch(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'airdefence'"
                )
            }
        finally:
            await conn.close()
        assert "works" not in left
        assert "audit_log" in left
        await asyncio.to_thread(migrate.upgrade, "airdefence", urls.migrator)
    finally:
        await bs.drop_database(admin, scratch)
