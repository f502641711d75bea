"""A small app per service schema, built with the real factory, with test-only routes that audit,
evaluate a test parameter and store decisions; and a fixture that restores the process calendar."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

import govkit.calendar as cal
from govkit import audit
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.platform.decisions import store_decision
from govkit.platform.parameters import ParametersDep, WhatIf, apply_overrides
from govkit.rules import (
    Decision,
    Finding,
    Outcome,
    ParameterDefinition,
    ParameterValue,
    Rule,
    RuleBook,
)
from govkit.service import ServiceSpec, create_service_app
from govkit.settings import ServiceSettings

RATE_PATH = "test.rate"
TEST_PARAMETERS = (
    ParameterDefinition(
        RATE_PATH,
        "Test rate",
        "ratio",
        ParameterValue(RATE_PATH, Decimal("0.10"), date(2021, 1, 1), None, "测试条款 一"),
    ),
    ParameterDefinition(
        "test.cap",
        "Test cap (no figure in the text)",
        "CNY",
        ParameterValue("test.cap", None, date(2021, 1, 1), None, "测试条款 二"),
    ),
)
TEST_RULES = RuleBook(
    [Rule("TEST-RATE", "测试条款 一", "applies the rate", parameters=(RATE_PATH,))]
)


class ThingChange(BaseModel):
    after: dict[str, Any]
    fail: bool = False
    delay: float = 0.0


class Evaluate(WhatIf):
    on: date
    region: str | None = None


def make_test_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1/test")

    @router.post("/things/{thing_id}")
    async def change_thing(
        thing_id: str,
        body: ThingChange,
        session: SessionDep,
        principal: Principal = requires(f"{service}:write"),
    ) -> dict[str, Any]:
        entry = await audit.append(
            session, principal, None, "thing.update", "thing", thing_id, None, body.after
        )
        await asyncio.sleep(body.delay)
        if body.fail:
            raise RuntimeError("failed after auditing: the record must roll back")
        return {"sequence": entry.sequence, "hash": entry.hash}

    @router.post("/evaluate")
    async def evaluate(body: Evaluate, params: ParametersDep) -> dict[str, Any]:
        used = apply_overrides(params, body.parameter_overrides).resolve(
            RATE_PATH, body.on, body.region
        )
        return {"rate": str(used.value), "source": used.source}

    @router.post("/decisions")
    async def decide(
        session: SessionDep,
        params: ParametersDep,
        principal: Principal = requires(f"{service}:write"),
    ) -> dict[str, str]:
        on = date(2026, 3, 1)
        rate = params.resolve(RATE_PATH, on)
        decision = Decision(
            subject=f"{service}.test",
            findings=(
                Finding(
                    "TEST-RATE",
                    "测试条款 一",
                    Outcome.PASS,
                    "比例符合",
                    "rate applies",
                    facts={"resident_id": "11010519491231002X", "income": Decimal("1000.00")},
                    parameters={RATE_PATH: rate.value},
                ),
            ),
            as_of=on,
            rules_version="test-1",
            parameters_used={RATE_PATH: rate},
            trace=("resolved test.rate", "申请人 11010519491231002X"),
            result={"amount": Decimal("100.00")},
        )
        await store_decision(session, decision, principal)
        return {"decision_id": decision.decision_id}

    @router.get("/deadline")
    async def deadline(start: date) -> dict[str, str]:
        return {"deadline": cal.add_working_days(start, 5).isoformat()}

    return router


def make_create_app(service: str) -> Callable[[ServiceSettings], FastAPI]:
    def create_app(settings: ServiceSettings) -> FastAPI:
        return create_service_app(
            ServiceSpec(
                name=service,
                title_zh="测试",
                title_en="Test",
                description="",
                settings=settings,
                routers=[make_test_router(service)],
                rules=TEST_RULES,
                parameters=TEST_PARAMETERS,
            )
        )

    return create_app


@pytest.fixture
def restore_calendar() -> Iterator[None]:
    """Publications change the process-wide calendar: put it back for the next tests."""
    before = cal.get_calendar()
    yield
    cal.set_calendar(before)
