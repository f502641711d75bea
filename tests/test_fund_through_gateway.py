"""The fund service black-box through the gateway, as its users call it: the catalogue, every
request example of the merged OpenAPI document, the worked examples to the fen, a refused skipped
stage and an overdue deadline."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from fund.api.check_schemas import EXAMPLE_APPLICATION, EXAMPLE_EQUAL_TO_LARGEST

pytestmark = pytest.mark.stack

P = "/fund/v1"
PANEL = [
    {"expert": "王某", "group": "government", "recommendation": "support"},
    {"expert": "李某", "group": "government", "recommendation": "support"},
    {"expert": "赵某", "group": "vc_self_regulatory", "recommendation": "support"},
    {"expert": "钱某", "group": "outside", "recommendation": "conditional"},
    {"expert": "孙某", "group": "outside", "recommendation": "support"},
]


@pytest.fixture(scope="module")
def gw(running_stack: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_stack["gateway"], timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def h(make_token: Callable[..., str]) -> dict[str, str]:
    token = make_token("fund:read", "fund:write", "fund:decide")
    return {"Authorization": f"Bearer {token}"}


def test_every_rule_is_listed_with_its_clause(gw: httpx.Client, h: dict[str, str]) -> None:
    body = gw.get(f"{P}/rules", headers=h).json()
    assert body["count"] == 56
    assert all(r["id"].startswith("FUND-") and r["clause"] for r in body["rules"])


def _examples(doc: dict[str, Any], path: str) -> list[Any]:
    content = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return [e["value"] for e in content.get("examples", {}).values()]


def test_every_check_and_calculator_example_answers(gw: httpx.Client, h: dict[str, str]) -> None:
    doc = gw.get("/openapi.json").json()
    paths = [p for p in doc["paths"] if p.startswith((f"{P}/checks/", f"{P}/calc/"))]
    assert len(paths) == 8
    for path in paths:
        values = _examples(doc, path)
        assert values, path
        for value in values:
            r = gw.post(path, json=value, headers=h)
            assert r.status_code == 200, (path, r.text)


def test_worked_examples_to_the_fen(gw: httpx.Client, h: dict[str, str]) -> None:
    pre = {
        "buyer": "manager",
        "original_investment": "30000000.00",
        "first_paid_in_on": "2018-06-15",
        "base_date": "2024-03-20",
    }
    body = gw.post(f"{P}/calc/concession/pre-liquidation", json=pre, headers=h).json()
    assert (body["price"], body["interest"]) == ("31826136.99", "1826136.99")
    assert (body["whole_years"], body["remaining_days"]) == (1, 279)
    assert body["lpr"]["published_on"] == "2024-03-20"
    assert body["lpr"]["lpr_1y_percent"] == "3.45"
    body = gw.post(
        f"{P}/calc/concession/pre-liquidation", json={**pre, "base_date": "2022-06-15"}, headers=h
    ).json()
    assert body["price"] == "30000000.00"

    post = {
        "mother_fund_paid_in": "20000000.00",
        "credited_reinvestment": "36000000.00",
        "mother_fund_total_returns": "5000000.00",
    }
    body = gw.post(f"{P}/calc/concession/post-liquidation", json=post, headers=h).json()
    assert (body["band"], body["concession"], body["manager_minimum"]) == (
        "60%",
        "3000000.00",
        "600000.00",
    )

    fee = {"invested_total_at_year_start": "1000000000.00", "rating": "good", "as_of": "2024-01-01"}
    body = gw.post(f"{P}/calc/mother-fund-fee", json=fee, headers=h).json()
    assert (body["annual_fee"], body["upfront_draw"], body["balance"]) == (
        "8000000.00",
        "3000000.00",
        "5000000.00",
    )

    body = gw.post(f"{P}/checks/application", json=EXAMPLE_EQUAL_TO_LARGEST, headers=h).json()
    assert "FUND-SUB-NOT-LARGEST" in body["failed_rules"]


def _step(
    gw: httpx.Client, h: dict[str, str], app_id: str, action: str, on: str, **extra: Any
) -> httpx.Response:
    etag = gw.get(f"{P}/applications/{app_id}", headers=h).headers["ETag"]
    return gw.post(
        f"{P}/applications/{app_id}/transitions",
        json={"action": action, "on": on, **extra},
        headers={**h, "If-Match": etag},
    )


def test_workflow_refuses_a_skipped_stage_and_reports_overdue(
    gw: httpx.Client, h: dict[str, str]
) -> None:
    created = gw.post(
        f"{P}/applications",
        json={**EXAMPLE_APPLICATION, "as_of": "2021-08-31"},
        headers={**h, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["application_id"]

    skipped = _step(gw, h, app_id, "approve", "2021-08-31")
    assert skipped.status_code == 422
    assert skipped.headers["content-type"].startswith("application/problem+json")
    assert skipped.json()["rule_id"] == "FUND-PROC-STAGES"

    for action in ("submit", "complete_pre_review", "complete_due_diligence"):
        assert _step(gw, h, app_id, action, "2021-08-31").status_code == 200
    assert (
        _step(gw, h, app_id, "complete_expert_review", "2021-08-31", experts=PANEL).status_code
        == 200
    )
    assert _step(gw, h, app_id, "approve", "2021-08-31").status_code == 200

    overdue = gw.get(
        f"{P}/deadlines",
        headers=h,
        params={"application": app_id, "overdue": "true", "on": "2022-03-29"},
    ).json()
    due = {d["kind"]: d for d in overdue["items"]}
    assert due["signing"]["due"] == "2022-02-28"
    assert due["termination_report"]["due"] == "2022-03-28"
    assert due["termination_report"]["days_overdue"] == 1
