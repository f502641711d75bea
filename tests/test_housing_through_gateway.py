"""The housing service black-box through the gateway, as its users call it: the catalogue with
its clauses, every check example of the merged OpenAPI document, the worked examples, the joint
review refusing a certificate without every department, a lease with its renewal and exit, the
targets table and chart, due items and the look-ups."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from stdnum.cn import ric

from housing.api.check_schemas import (
    EXAMPLE_PROJECT,
    EXAMPLE_TENANT,
    project_example,
    tenant_example,
)

pytestmark = pytest.mark.stack

P = "/housing/v1"
DEPARTMENTS = (
    "housing_construction",
    "development_reform",
    "economy_information",
    "natural_resources_planning",
    "ecology_environment",
)
INVESTOR = {"name": "温州瓯海保障房建设有限公司", "uscc": "91330304MA2LM1N2PG"}


def resident_id(seq: int) -> str:
    base = f"33030419950202{seq:03d}"
    return base + ric.calc_check_digit(base + "0")  # (it drops the last character)


@pytest.fixture(scope="module")
def gw(running_stack: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_stack["gateway"], timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def token(make_token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def headers(*scopes: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(*scopes)}"}

    return headers


@pytest.fixture(scope="module")
def h(token: Callable[..., dict[str, str]]) -> dict[str, str]:
    return token("housing:read", "housing:write", "housing:review", "admin", "audit:read")


def step(gw: httpx.Client, h: dict[str, str], path: str, body: Any) -> httpx.Response:
    etag = gw.get(f"{P}{path.rsplit('/', 1)[0]}", headers=h).headers["ETag"]
    return gw.post(f"{P}{path}", json=body, headers={**h, "If-Match": etag})


def test_every_rule_is_listed_with_its_clause(gw: httpx.Client, h: dict[str, str]) -> None:
    body = gw.get(f"{P}/rules", headers=h, params={"on": "2022-06-01"}).json()
    assert body["count"] == 24
    assert all(r["id"].startswith("HOUS-") for r in body["rules"])
    clauses = {r["id"]: r["clause"] for r in body["rules"]}
    assert clauses["HOUS-TENANT-CONTRACT"] == "温政办〔2021〕75号 二（一）2"
    assert clauses["HOUS-CERT"] == "温政办〔2021〕75号 四（二）"
    assert clauses["HOUS-NO-SALE"] == "温政办〔2021〕75号 六（三）"


def _examples(doc: dict[str, Any], path: str) -> list[Any]:
    content = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return [e["value"] for e in content.get("examples", {}).values()]


def test_every_check_example_of_the_merged_document_answers(
    gw: httpx.Client, h: dict[str, str]
) -> None:
    doc = gw.get("/openapi.json").json()
    paths = [p for p in doc["paths"] if p.startswith(f"{P}/checks/")]
    assert sorted(paths) == [f"{P}/checks/{c}" for c in ("lease", "project", "tenant", "title")]
    for path in paths:
        values = _examples(doc, path)
        assert values, path
        for value in values:
            r = gw.post(path, json=value, headers=h)
            assert r.status_code == 200, (path, r.text)
            assert r.json()["stored"] is False


def test_worked_examples_1_to_4(gw: httpx.Client, h: dict[str, str]) -> None:
    def failed(path: str, body: dict[str, Any]) -> list[str]:
        r = gw.post(f"{P}/checks/{path}", json=body, headers=h)
        assert r.status_code == 200, r.text
        return list(r.json()["failed_rules"])

    assert failed("tenant", tenant_example()) == []
    assert (
        failed(
            "tenant",
            tenant_example(
                pension_months=["2024-01", "2024-02"],
                income_tax_months=["2023-12", "2024-01", "2024-02"],
            ),
        )
        == []
    )
    spouse = {**EXAMPLE_TENANT["housing_register"], "spouse_owns": True}
    assert failed("tenant", tenant_example(housing_register=spouse)) == ["HOUS-TENANT-NO-HOME"]
    eleven = {**EXAMPLE_TENANT["labour_contract"], "term_months": 11}
    assert failed("tenant", tenant_example(labour_contract=eleven)) == ["HOUS-TENANT-CONTRACT"]
    ok = gw.post(f"{P}/checks/project", json=project_example(), headers=h).json()
    small = next(f for f in ok["findings"] if f["rule_id"] == "HOUS-UNIT-SMALL-SHARE")
    assert (ok["outcome"], small["facts"]["share_percent"]) == ("pass", "83.25")
    low = [
        {"type": "residential", "area": "65.00", "count": 50},
        {"type": "residential", "area": "85.00", "count": 10},
    ]
    assert failed("project", project_example(units=low)) == ["HOUS-UNIT-SMALL-SHARE"]
    unit = [{"type": "residential", "area": "60.00", "count": 50}]
    assert failed("project", project_example(floor_area="3000.00", units=unit)) == []
    assert failed("project", project_example(floor_area="2999.00", units=unit)) == [
        "HOUS-PROJECT-MIN"
    ]
    fewer = [{"type": "residential", "area": "60.00", "count": 49}]
    assert failed("project", project_example(floor_area="3000.00", units=fewer)) == [
        "HOUS-PROJECT-MIN"
    ]
    market = {
        "amount": "2500.00",
        "source": "third_party_appraisal",
        "valued_on": "2024-01-10",
        "appraiser": "温州信诚房地产评估有限公司",
        "commissioned_by": "operator",
    }
    lease = {
        "district": "330302",
        "unit": {"type": "residential"},
        "market_rent": market,
        "lease": {"starts_on": "2024-03-01", "term_months": 60, "monthly_rent": "2000.00"},
    }
    body = gw.post(f"{P}/checks/lease", json=lease, headers=h).json()
    assert (body["failed_rules"], body["result"]["rent_cap"]) == ([], "2000.00")
    over = {**lease, "lease": {**lease["lease"], "monthly_rent": "2000.01"}}
    assert failed("lease", over) == ["HOUS-RENT-CAP"]
    renewal = {"term_months": 36, "monthly_rent": "1999.99", "special_reason": "照顾老人"}
    assert failed("lease", {**lease, "renewal": renewal}) == ["HOUS-LEASE-RENEWAL"]


def test_bad_input_is_a_problem_naming_the_field(gw: httpx.Client, h: dict[str, str]) -> None:
    r = gw.post(f"{P}/checks/project", json=project_example(district="330399"), headers=h)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["pointer"] == "#/district"
    r = gw.post(f"{P}/checks/tenant", json=tenant_example(income_tax_months=["2024-00"]), headers=h)
    assert r.json()["errors"][0]["pointer"] == "#/income_tax_months/0"


def test_joint_review_lease_renewal_exit_and_look_ups(gw: httpx.Client, h: dict[str, str]) -> None:
    project = {
        "name": "瓯海区高铁新城人才公寓",
        "investor": INVESTOR,
        **EXAMPLE_PROJECT,
        "district": "330304",
        "as_of": "2024-03-20",
    }
    r = gw.post(f"{P}/projects", json=project, headers={**h, "Idempotency-Key": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    pid = r.json()["project_id"]
    assert step(gw, h, f"/projects/{pid}/submit", {"on": "2024-04-01"}).status_code == 200
    for d in DEPARTMENTS[:-1]:
        opinion = {"department": d, "reviewer": "王某", "given_on": "2024-04-08", "agrees": True}
        assert step(gw, h, f"/projects/{pid}/opinions", opinion).status_code == 200
    number = f"瓯保租认〔2024〕{uuid.uuid4().hex[:6]}号"
    refused = step(
        gw, h, f"/projects/{pid}/certificate", {"number": number, "issued_on": "2024-04-15"}
    )
    assert refused.status_code == 422
    assert (refused.json()["rule_id"], refused.json()["missing_opinions"]) == (
        "HOUS-CERT",
        ["ecology_environment"],
    )
    last = {
        "department": DEPARTMENTS[-1],
        "reviewer": "赵某",
        "given_on": "2024-04-10",
        "agrees": True,
    }
    assert step(gw, h, f"/projects/{pid}/opinions", last).status_code == 200
    issued = step(
        gw, h, f"/projects/{pid}/certificate", {"number": number, "issued_on": "2024-04-15"}
    )
    assert issued.status_code == 200, issued.text
    assert issued.json()["stage"] == "recognised"
    market = {
        "amount": "2500.00",
        "source": "government_reference",
        "valued_on": "2024-02-01",
        "reference": "温住建发〔2024〕1号",
    }
    assert gw.post(f"{P}/projects/{pid}/market-rents", json=market, headers=h).status_code == 201
    cap = gw.get(
        f"{P}/projects/{pid}/rent-cap",
        params={"unit_type": "residential", "area": "65.00", "on": "2024-05-01"},
        headers=h,
    )
    assert cap.json()["rent_cap"] == "2000.00"

    person = resident_id(7)
    application = {
        "resident_id": person,
        **EXAMPLE_TENANT,
        "work_district": "330304",
        "as_of": "2024-03-20",
    }
    r = gw.post(f"{P}/tenant-applications", json=application, headers=h)
    assert r.status_code == 201, r.text
    app_id = r.json()["application_id"]
    assert (
        step(gw, h, f"/tenant-applications/{app_id}/review", {"on": "2024-03-25"}).json()["status"]
        == "eligible"
    )
    lease = {
        "application_id": app_id,
        "project_id": pid,
        "unit": {"label": "A-101", "type": "residential", "area": "65.00"},
        "starts_on": "2024-05-01",
        "term_months": 60,
        "monthly_rent": "2000.00",
    }
    r = gw.post(f"{P}/leases", json=lease, headers=h)
    assert r.status_code == 201, r.text
    lid = r.json()["lease_id"]
    assert r.json()["ends_on"] == "2029-04-30"
    renewal = {
        "agreed_on": "2024-06-01",
        "term_months": 36,
        "monthly_rent": "2000.00",
        "special_reason": "子女就读",
    }
    renewed = step(gw, h, f"/leases/{lid}/renewals", renewal)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["ends_on"] == "2032-04-30"
    items = gw.get(
        f"{P}/due-items",
        params={"on": "2032-05-03", "overdue": "true", "county": "330304"},
        headers=h,
    ).json()
    mine = [i for i in items["items"] if i["entity"] == f"{P}/leases/{lid}"]
    assert [(i["due"], i["days_overdue"]) for i in mine] == [("2032-04-30", 3)]
    exited = step(
        gw, h, f"/leases/{lid}/exit", {"reason": "public_rental_housing", "on": "2025-03-31"}
    )
    assert exited.json()["status"] == "ended"

    found = gw.post(f"{P}/persons/lookup", json={"resident_id": person}, headers=h).json()
    assert [a["status"] for a in found["applications"]] == ["exited"]
    assert found["exits"][0]["reason"] == "public_rental_housing"
    assert person not in str(found)
    party = gw.get(f"{P}/parties/{INVESTOR['uscc']}", headers=h).json()
    assert party["projects"][0]["roles"] == ["investor"]


def test_targets_table_and_chart(gw: httpx.Client, h: dict[str, str]) -> None:
    figures = {
        "new_housing_units": 10000,
        "new_affordable_units": 3000,
        "affordable_units_raised": 3000,
        "source": "鹿城区住建局",
    }
    assert gw.put(f"{P}/admin/figures/2023/330302", json=figures, headers=h).status_code in (
        200,
        201,
    )
    short = {**figures, "new_affordable_units": 2999, "source": "龙湾区住建局"}
    assert gw.put(f"{P}/admin/figures/2023/330303", json=short, headers=h).status_code in (200, 201)
    table = gw.get(f"{P}/targets", params={"year": 2023}, headers=h).json()
    rows = {r["district"]: r for r in table["districts"]}
    assert (rows["330302"]["share_percent"], rows["330302"]["outcome"]) == ("30.00", "pass")
    assert (rows["330303"]["share_percent"], rows["330303"]["outcome"]) == ("29.99", "fail")
    assert rows["330329"]["target_share"] is None
    r = gw.get(f"{P}/targets/chart.svg", params={"year": 2023}, headers=h)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    svg = ET.fromstring(r.text)  # noqa: S314 (the service's own answer)
    bars = {b.get("data-district"): b for b in svg.iter("{http://www.w3.org/2000/svg}rect")}
    assert len(bars) == 12
    assert bars["330302"].get("data-outcome") == "pass"
    assert bars["330303"].get("data-outcome") == "fail"


def test_merged_document_names_housing_models_apart(gw: httpx.Client) -> None:
    doc = gw.get("/openapi.json").json()
    ops = [op for path, item in doc["paths"].items() if path.startswith(P) for op in item.values()]
    assert all(op["operationId"].startswith("housing_") for op in ops)
    assert "housing_lookup_person" in {op["operationId"] for op in ops}
    assert any(name.endswith("HousingCheckDecisionOut") for name in doc["components"]["schemas"])
