"""The stateless checks over HTTP: worked examples, boundaries, bad input as problems."""

from __future__ import annotations

from typing import Any

import pytest

from housing.api.check_schemas import (
    EXAMPLE_PROJECT,
    EXAMPLE_TENANT,
    HousingLeaseCheck,
    project_example,
    tenant_example,
)

from .conftest import Api, failed, outcome_of

LEASE: dict[str, Any] = HousingLeaseCheck.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]


async def test_every_rule_is_listed_with_its_clause(api: Api) -> None:
    body = await api.get("/rules", on="2022-06-01")
    assert body["count"] == 24
    ids = [r["id"] for r in body["rules"]]
    assert len(set(ids)) == 24
    assert all(i.startswith("HOUS-") for i in ids)
    assert all(r["clause"].startswith("温政办〔2021〕75号 ") for r in body["rules"])
    share = next(r for r in body["rules"] if r["id"] == "HOUS-TARGET-SHARE")
    assert {p["path"]: p["value"] for p in share["parameters"]}[
        "housing.target.share.net_inflow"
    ] == "0.30"


async def test_worked_example_1_over_http(api: Api) -> None:
    ok = await api.post("/checks/tenant", tenant_example())
    assert ok["outcome"] == "pass"
    assert ok["stored"] is False
    assert ok["result"]["eligible"] is True
    either = await api.post(
        "/checks/tenant",
        tenant_example(
            pension_months=["2023-11", "2023-12", "2024-02"],
            income_tax_months=["2023-11", "2023-12", "2024-01"],
        ),
    )
    assert failed(either) == []
    spouse = await api.post(
        "/checks/tenant",
        tenant_example(
            housing_register={**EXAMPLE_TENANT["housing_register"], "spouse_owns": True}
        ),
    )
    assert failed(spouse) == ["HOUS-TENANT-NO-HOME"]
    short = await api.post(
        "/checks/tenant",
        tenant_example(labour_contract={**EXAMPLE_TENANT["labour_contract"], "term_months": 11}),
    )
    assert failed(short) == ["HOUS-TENANT-CONTRACT"]


async def test_worked_examples_2_and_3_over_http(api: Api) -> None:
    ok = await api.post("/checks/project", project_example())
    assert ok["outcome"] == "pass"
    small = next(f for f in ok["findings"] if f["rule_id"] == "HOUS-UNIT-SMALL-SHARE")
    assert small["facts"]["share_percent"] == "83.25"
    low = await api.post(
        "/checks/project",
        project_example(
            units=[
                {"type": "residential", "area": "65.00", "count": 50},
                {"type": "residential", "area": "85.00", "count": 10},
            ]
        ),
    )
    assert failed(low) == ["HOUS-UNIT-SMALL-SHARE"]
    big = await api.post(
        "/checks/project",
        project_example(
            units=[{"type": "residential", "area": "95.00", "count": 1}, *EXAMPLE_PROJECT["units"]]
        ),
    )
    assert "HOUS-UNIT-RESIDENTIAL" in failed(big)
    unit = [{"type": "residential", "area": "60.00", "count": 50}]
    at = await api.post("/checks/project", project_example(floor_area="3000.00", units=unit))
    assert outcome_of(at, "HOUS-PROJECT-MIN") == "pass"
    fewer = [{"type": "residential", "area": "60.00", "count": 49}]
    assert failed(
        await api.post("/checks/project", project_example(floor_area="3000.00", units=fewer))
    ) == ["HOUS-PROJECT-MIN"]
    smaller = await api.post("/checks/project", project_example(floor_area="2999.00", units=unit))
    assert failed(smaller) == ["HOUS-PROJECT-MIN"]


async def test_converted_housing_is_reported_as_a_relaxation(api: Api) -> None:
    body = await api.post(
        "/checks/project",
        project_example(
            construction_mode="housing_conversion",
            land_source="idle_existing_buildings",
            units=[{"type": "residential", "area": "120.00", "count": 8}],
        ),
    )
    assert body["outcome"] == "warn"
    assert body["warned_rules"] == ["HOUS-UNIT-CONVERTED"]
    assert body["result"]["plans_for_review"] == ["allocation", "operation"]


async def test_worked_example_4_over_http(api: Api) -> None:
    ok = await api.post("/checks/lease", LEASE)
    assert ok["outcome"] == "pass"
    assert ok["result"]["rent_cap"] == "2000.00"
    assert ok["result"]["ends_on"] == "2029-02-28"
    over = await api.post(
        "/checks/lease", {**LEASE, "lease": {**LEASE["lease"], "monthly_rent": "2000.01"}}
    )
    assert failed(over) == ["HOUS-RENT-CAP"]
    renewal = {"term_months": 36, "monthly_rent": "1999.99", "special_reason": "子女在附近学校就读"}
    low = await api.post("/checks/lease", {**LEASE, "renewal": renewal})
    assert failed(low) == ["HOUS-LEASE-RENEWAL"]
    at = await api.post(
        "/checks/lease", {**LEASE, "renewal": {**renewal, "monthly_rent": "2000.00"}}
    )
    assert failed(at) == []
    assert at["result"]["renewal"]["ends_on"] == "2032-02-28"


async def test_title_checks_over_http(api: Api) -> None:
    split = await api.post(
        "/checks/title", {"act": "mortgage", "whole": False, "district": "330302"}
    )
    assert failed(split) == ["HOUS-TITLE-WHOLE"]
    sale = await api.post("/checks/title", {"act": "sale", "whole": True, "district": "330302"})
    assert failed(sale) == ["HOUS-NO-SALE"]


async def test_what_if_overrides_apply_to_this_evaluation_only(api: Api) -> None:
    body = await api.post(
        "/checks/tenant",
        tenant_example(
            parameter_overrides={"housing.tenant.contribution_min_consecutive_months": 4}
        ),
    )
    assert failed(body) == ["HOUS-TENANT-CONTRIB"]
    assert body["parameter_overrides"] == {"housing.tenant.contribution_min_consecutive_months": 4}
    again = await api.post("/checks/tenant", tenant_example())
    assert failed(again) == []


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        ("/checks/project", project_example(district="330399"), "#/district"),
        ("/checks/tenant", tenant_example(work_district="110101"), "#/work_district"),
        (
            "/checks/project",
            project_example(units=[{"type": "residential", "area": "0", "count": 5}]),
            "#/units/0/area",
        ),
        (
            "/checks/project",
            project_example(units=[{"type": "residential", "area": "-5", "count": 5}]),
            "#/units/0/area",
        ),
        ("/checks/tenant", tenant_example(pension_months=["2024-13"]), "#/pension_months/0"),
        ("/checks/tenant", tenant_example(pension_months=["2024-04"]), "#/pension_months"),
        (
            "/checks/lease",
            {
                **LEASE,
                "lease": {
                    "starts_on": "2024-03-01",
                    "ends_on": "2024-02-28",
                    "monthly_rent": "1.00",
                },
            },
            "#/lease",
        ),
        (
            "/checks/tenant",
            tenant_example(parameter_overrides={"housing.nope": 1}),
            "#/parameter_overrides/housing.nope",
        ),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(
    api: Api, path: str, body: dict[str, Any], pointer: str
) -> None:
    r = await api.client.post(f"/housing/v1{path}", json=body, headers=api.read)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    pointers = [e["pointer"] for e in r.json()["errors"]]
    assert pointer in pointers, pointers


async def test_districts_are_reference_data_with_tier_and_share(api: Api) -> None:
    body = await api.get("/districts", on="2022-06-01")
    assert body["count"] == 12
    by_code = {d["code"]: d for d in body["items"]}
    assert by_code["330302"]["tier"] == "net_inflow"
    assert by_code["330302"]["target_share"] == "0.30"
    assert by_code["330382"]["target_share"] == "0.15"
    assert by_code["330328"]["target_share"] is None
    assert by_code["330328"]["source"] == "温政办〔2021〕75号 一（三）"
    assert (await api.get("/districts", on="2026-06-01"))["items"][0]["target_share"] is None


@pytest.mark.parametrize(
    "lease",
    [
        {"starts_on": "0001-01-01", "term_months": 60, "monthly_rent": "1.00"},
        {"starts_on": "9999-06-01", "term_months": 60, "monthly_rent": "1.00"},
    ],
)
async def test_days_at_the_ends_of_the_calendar_are_a_422_not_a_500(
    api: Api, lease: dict[str, Any]
) -> None:
    r = await api.client.post(
        "/housing/v1/checks/lease", json={**LEASE, "lease": lease}, headers=api.read
    )
    assert r.status_code == 422, r.text
    contract = {**EXAMPLE_TENANT["labour_contract"], "starts_on": "9999-12-01"}
    r = await api.client.post(
        "/housing/v1/checks/tenant",
        json=tenant_example(labour_contract=contract, as_of="9999-12-31"),
        headers=api.read,
    )
    assert r.status_code in (200, 422), r.text
