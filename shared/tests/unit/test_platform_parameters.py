"""Parameters without a database: type checks, effective-dated look-up, what-if copies under
concurrent requests, the rules listing, and the calendar/parameter problems every service gets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

import govkit.calendar as cal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.platform.after_commit import AfterCommitDep
from govkit.platform.parameters import (
    ParametersDep,
    WhatIf,
    apply_overrides,
    coerce_value,
    value_kind,
)
from govkit.rules import (
    ParameterDefinition,
    ParameterNotConfigured,
    ParameterSet,
    ParameterValue,
    Rule,
    RuleBook,
)
from govkit.service import ServiceSpec, create_service_app
from govkit.settings import ServiceSettings

D = date
START = D(2021, 1, 1)


def definition(path: str, value: Any, unit: str = "ratio") -> ParameterDefinition:
    return ParameterDefinition(
        path, f"test {path}", unit, ParameterValue(path, value, START, None, "测试")
    )


RATE = definition("demo.rate", Decimal("0.10"))
LIMIT = definition("demo.limit", None, "CNY")
DAYS = definition("demo.days", 15, "days")
TERMS = definition("demo.terms", None, "terms")
UNTIL = definition("demo.until", D(2025, 12, 31), "date")
DEFS = (RATE, LIMIT, DAYS, TERMS, UNTIL)


def test_value_kinds_from_default_or_unit() -> None:
    assert [value_kind(d) for d in DEFS] == ["decimal", "decimal", "int", "object", "date"]


def test_coerce_value() -> None:
    assert coerce_value(RATE, "0.35") == Decimal("0.35")
    assert coerce_value(RATE, 1) == Decimal(1)
    assert coerce_value(LIMIT, "100000.00") == Decimal("100000.00")
    assert coerce_value(DAYS, 20) == 20
    assert coerce_value(UNTIL, "2027-06-30") == D(2027, 6, 30)
    assert coerce_value(TERMS, {"deductible": "1000", "ratio": "0.6"}) == {
        "deductible": "1000",
        "ratio": "0.6",
    }
    assert coerce_value(RATE, None) is None  # deliberately not configured
    for bad_def, bad in [
        (RATE, 0.35),
        (RATE, "abc"),
        (RATE, True),
        (RATE, "NaN"),
        (DAYS, "20"),
        (DAYS, 2.5),
        (UNTIL, "30/06/2027"),
        (TERMS, [1]),
        (TERMS, {"ratio": 0.6}),
    ]:
        with pytest.raises(ValueError, match=bad_def.path):
            coerce_value(bad_def, bad)


def test_bounded_value_gives_way_to_the_one_it_interrupted() -> None:
    params = ParameterSet(
        DEFS,
        [
            ParameterValue("demo.rate", Decimal("0.20"), D(2024, 1, 1), D(2024, 12, 31), "temp"),
            ParameterValue("demo.rate", Decimal("0.30"), D(2024, 6, 1), None, "county", "330302"),
        ],
    )
    assert params.get("demo.rate", D(2023, 12, 31)) == Decimal("0.10")
    assert params.get("demo.rate", D(2024, 1, 1)) == Decimal("0.20")
    assert params.get("demo.rate", D(2025, 1, 1)) == Decimal("0.10")  # back to the default
    assert params.get("demo.rate", D(2024, 6, 1), "330302") == Decimal("0.30")
    assert params.get("demo.rate", D(2024, 5, 31), "330302") == Decimal("0.20")
    with pytest.raises(ParameterNotConfigured):
        params.get("demo.limit", D(2024, 1, 1))
    with pytest.raises(ParameterNotConfigured):
        params.get("demo.rate", D(2020, 12, 31))  # before the policy


def test_apply_overrides_copies_and_validates() -> None:
    base = ParameterSet(DEFS)
    what_if = apply_overrides(base, {"demo.rate": "0.5", "demo.limit": "10"})
    assert what_if.get("demo.rate", D(2030, 1, 1)) == Decimal("0.5")
    assert what_if.get("demo.limit", D(2022, 1, 1)) == Decimal("10")
    assert base.get("demo.rate", D(2030, 1, 1)) == Decimal("0.10")
    assert apply_overrides(base, {}) is base
    with pytest.raises(ProblemError) as err:
        apply_overrides(base, {"demo.nope": "1", "demo.rate": 0.5})
    pointers = {e["pointer"] for e in err.value.extensions["errors"]}
    assert pointers == {"#/parameter_overrides/demo.nope", "#/parameter_overrides/demo.rate"}


# ---- through the factory, without a database ------------------------------------------------

router = APIRouter(prefix="/demo/v1")


class Evaluate(WhatIf):
    on: date
    region: str | None = None


class Evaluated(BaseModel):
    rate: str
    baseline_rate: str


@router.post("/evaluate")
async def evaluate(body: Evaluate, params: ParametersDep) -> Evaluated:
    what_if = apply_overrides(params, body.parameter_overrides)
    await asyncio.sleep(0.01)  # interleave concurrent requests
    return Evaluated(
        rate=str(what_if.get("demo.rate", body.on, body.region)),
        baseline_rate=str(params.get("demo.rate", body.on, body.region)),
    )


@router.get("/deadline")
async def deadline(start: date) -> dict[str, str]:
    return {"deadline": cal.add_working_days(start, 5).isoformat()}


@router.get("/limit")
async def limit(params: ParametersDep, on: date) -> dict[str, str]:
    return {"limit": str(params.get("demo.limit", on))}


effects: list[str] = []


@router.post("/effects")
async def side_effect(after_commit: AfterCommitDep, fail: bool = False) -> dict[str, bool]:
    after_commit.add(lambda: effects.append("ran"))
    if fail:
        raise ProblemError(CONFLICT, "refused")
    return {"ok": True}


RULES = RuleBook(
    [
        Rule("DEMO-RATE", "测试条款 一", "rate rule", parameters=("demo.rate", "demo.limit")),
        Rule("DEMO-NONE", "测试条款 二", "no parameters"),
    ]
)


@pytest.fixture
async def app_client(jwks_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_service_app(
        ServiceSpec(
            name="demo",
            title_zh="演示",
            title_en="Demo",
            description="",
            settings=ServiceSettings(jwks_path=jwks_path),
            routers=[router],
            rules=RULES,
            parameters=DEFS,
        )
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield app, c


async def test_what_if_never_touches_the_baseline_under_concurrency(
    app_client: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    app, client = app_client
    baseline = app.state.parameter_state.parameters

    async def call(i: int) -> tuple[int, httpx.Response]:
        overrides = {"demo.rate": f"0.{i:02d}"} if i % 2 else {}
        body = {"on": "2026-01-01", "parameter_overrides": overrides}
        return i, await client.post("/demo/v1/evaluate", json=body)

    results = await asyncio.gather(*(call(i) for i in range(1, 41)))
    for i, r in results:
        assert r.status_code == 200, r.text
        expected = f"0.{i:02d}" if i % 2 else "0.10"
        assert r.json() == {"rate": expected, "baseline_rate": "0.10"}
    assert app.state.parameter_state.parameters is baseline
    assert baseline.get("demo.rate", D(2026, 1, 1)) == Decimal("0.10")

    bad = await client.post(
        "/demo/v1/evaluate",
        json={"on": "2026-01-01", "parameter_overrides": {"demo.rate": 0.3, "x.y": "1"}},
    )
    assert bad.status_code == 422
    assert {e["pointer"] for e in bad.json()["errors"]} == {
        "#/parameter_overrides/demo.rate",
        "#/parameter_overrides/x.y",
    }


async def test_unpublished_year_and_unconfigured_parameter_are_422_problems(
    app_client: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = app_client
    r = await client.get("/demo/v1/deadline", params={"start": "2031-03-02"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == "/problems/calendar-year-not-published"
    assert body["year"] == 2031
    assert "2031" in body["detail"]
    ok = await client.get("/demo/v1/deadline", params={"start": "2021-09-30"})
    assert ok.json() == {"deadline": "2021-10-13"}

    r = await client.get("/demo/v1/limit", params={"on": "2026-01-01"})
    assert r.status_code == 422
    assert r.json()["type"] == "/problems/parameter-not-configured"
    assert r.json()["parameter"] == "demo.limit"


async def test_after_commit_runs_only_on_success(
    app_client: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = app_client
    effects.clear()
    assert (await client.post("/demo/v1/effects")).status_code == 200
    assert (await client.post("/demo/v1/effects", params={"fail": True})).status_code == 409
    assert effects == ["ran"]


async def test_rules_list_their_parameters_with_values_in_force(
    app_client: tuple[FastAPI, httpx.AsyncClient],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    _, client = app_client
    r = await client.get(
        "/demo/v1/rules", params={"on": "2026-01-01"}, headers=auth_headers("demo:read")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["on"] == "2026-01-01"
    rate_rule = next(x for x in body["rules"] if x["id"] == "DEMO-RATE")
    rate, limit_ = rate_rule["parameters"]
    assert rate == {
        "path": "demo.rate",
        "description": "test demo.rate",
        "unit": "ratio",
        "value": "0.10",
        "effective_from": "2021-01-01",
        "effective_to": None,
        "region": None,
        "source": "测试",
        "configured": True,
    }
    assert limit_["path"] == "demo.limit"
    assert limit_["configured"] is False
    assert next(x for x in body["rules"] if x["id"] == "DEMO-NONE")["parameters"] == []


async def test_platform_endpoints_have_stable_ids_and_problem_docs(
    app_client: tuple[FastAPI, httpx.AsyncClient],
) -> None:
    _, client = app_client
    doc = (await client.get("/openapi.json")).json()
    ops = {
        op["operationId"]: (path, method)
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    for name in (
        "demo_list_audit",
        "demo_verify_audit",
        "demo_audit_checkpoint",
        "demo_audit_public_key",
        "demo_publish_calendar_year",
        "demo_get_calendar_year",
        "demo_list_calendar_years",
        "demo_set_parameter",
        "demo_list_parameters",
        "demo_get_decision",
        "demo_list_rules",
    ):
        assert name in ops, name
    assert ops["demo_publish_calendar_year"] == ("/demo/v1/admin/calendar/{year}", "put")
    assert ops["demo_set_parameter"] == ("/demo/v1/admin/parameters/{path}", "put")
    assert ops["demo_list_audit"] == ("/demo/v1/audit", "get")
    get_year = doc["paths"]["/demo/v1/calendar/{year}"]["get"]
    assert "application/problem+json" in get_year["responses"]["422"]["content"]
    problems = {p["type"] for p in (await client.get("/problems")).json()}
    assert {
        "/problems/calendar-year-not-published",
        "/problems/parameter-not-configured",
        "/problems/unknown-parameter",
        "/problems/audit-signing-unavailable",
    } <= problems
    tags = {t["name"] for t in doc["tags"]}
    assert {"audit", "calendar", "parameters", "decisions"} <= tags


async def test_checkpoints_need_a_signing_key(
    app_client: tuple[FastAPI, httpx.AsyncClient],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    _, client = app_client
    for path in ("/demo/v1/audit/checkpoint", "/demo/v1/audit/public-key"):
        r = await client.get(path, headers=auth_headers("audit:read"))
        assert r.status_code == 503
        assert r.json()["type"] == "/problems/audit-signing-unavailable"
