"""The stateless checks over HTTP: the worked examples, the catalogue, bad input as problems."""

from __future__ import annotations

from typing import Any

from airdefence.domain import examples as ex

from .conftest import Api


def findings(body: dict[str, Any]) -> dict[str, str]:
    return {f["rule_id"]: f["outcome"] for f in body["findings"]}


async def test_every_rule_is_listed_with_its_clause(api: Api) -> None:
    body = await api.get("/rules")
    assert body["count"] == 14
    assert all(r["id"].startswith("AD-") for r in body["rules"])
    assert all(r["clause"].startswith("温政办〔2021〕71号 ") for r in body["rules"])
    ratio = next(r for r in body["rules"] if r["id"] == "AD-PARK-RATIO")
    assert ratio["parameters"][0]["value"] == "0.25"
    assert {r["id"]: r["kind"] for r in body["rules"]}["AD-DUTIES"] == "deadline"


async def test_worked_example_1_over_http(api: Api) -> None:
    state = await api.post("/checks/ownership", ex.STATE_LAND_JIEJIAN)
    assert state["stored"] is False
    assert (state["result"]["ownership"], state["result"]["free_of_charge"]) == ("state", True)
    village = await api.post("/checks/ownership", ex.VILLAGE_RETAINED)
    assert village["result"]["ownership"] == "not_transferred"
    assert village["result"]["wartime_allocation"] is True
    assert village["result"]["registrable"] is False
    assert findings(village)["AD-OWN-COLLECTIVE"] == "pass"


async def test_worked_example_2_over_http(api: Api) -> None:
    institution = await api.post("/checks/ownership", ex.PUBLIC_INSTITUTION)
    assert institution["result"]["registration_subject"] == "builder"
    group = await api.post("/checks/ownership", ex.ENCLOSED_AREA)
    assert group["result"]["registration_subject"] == "city_development_group"
    handed = await api.post("/checks/ownership", ex.STATE_LAND_JIEJIAN)
    assert handed["result"]["registration_subject"] == "designated_state_enterprise"
    assert handed["result"]["registrable_now"] is True
    before = await api.post("/checks/ownership", ex.BEFORE_ACCEPTANCE)
    assert "AD-REG-ACCEPTANCE" in before["failed_rules"]
    assert before["result"]["registrable_now"] is False
    clause = next(f for f in before["findings"] if f["rule_id"] == "AD-REG-ACCEPTANCE")["clause"]
    assert clause == "温政办〔2021〕71号 四（三）"


async def test_worked_example_3_over_http(api: Api) -> None:
    exactly = await api.post("/checks/parking", ex.PARKING_EXACTLY_25)
    assert exactly["outcome"] == "pass"
    assert exactly["result"]["minimum_net_parking_area"] == "2500.00"
    assert exactly["parameters_used"]["airdefence.parking.net_area_min_ratio"]["value"] == "0.25"
    below = await api.post("/checks/parking", ex.PARKING_JUST_BELOW)
    assert below["failed_rules"] == ["AD-PARK-RATIO"]
    storage = await api.post("/checks/parking", ex.STORAGE)
    assert findings(storage)["AD-PARK-RATIO"] == "not_applicable"
    public = await api.post("/checks/parking", ex.ONE_PUBLIC_SPACE)
    assert public["failed_rules"] == ["AD-PARK-PUBLIC"]


async def test_what_if_ratio_applies_to_one_evaluation_only(api: Api) -> None:
    body = {
        **ex.PARKING_EXACTLY_25,
        "parameter_overrides": {"airdefence.parking.net_area_min_ratio": "0.30"},
    }
    stricter = await api.post("/checks/parking", body)
    assert stricter["failed_rules"] == ["AD-PARK-RATIO"]
    assert stricter["result"]["minimum_net_parking_area"] == "3000.00"
    baseline = await api.post("/checks/parking", ex.PARKING_EXACTLY_25)
    assert baseline["failed_rules"] == []


async def test_bad_areas_are_problems_naming_the_field(api: Api) -> None:
    for body, pointer in (
        ({**ex.PARKING_EXACTLY_25, "basement_floor_area": "0"}, "#/basement_floor_area"),
        ({**ex.PARKING_EXACTLY_25, "basement_floor_area": "-1.00"}, "#/basement_floor_area"),
        ({**ex.PARKING_EXACTLY_25, "net_parking_area": "10000.01"}, "#/net_parking_area"),
        ({**ex.PARKING_EXACTLY_25, "net_parking_area": "2500.001"}, "#/net_parking_area"),
        ({**ex.PARKING_EXACTLY_25, "net_parking_area": 2500.5}, "#/net_parking_area"),
    ):
        r = await api.client.post("/airdefence/v1/checks/parking", json=body, headers=api.read)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert pointer in [e["pointer"] for e in r.json()["errors"]], r.text


async def test_builder_category_contradicting_the_land_is_a_422(api: Api) -> None:
    r = await api.client.post(
        "/airdefence/v1/checks/ownership",
        json={**ex.VILLAGE_RETAINED, "builder_category": "public_institution"},
        headers=api.read,
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/builder_category"


async def test_income_use_outside_the_list_names_the_rule(api: Api) -> None:
    ok = await api.post("/checks/income-use", {"purpose": "emergency_drill"})
    assert findings(ok) == {"AD-INCOME-USE": "pass"}
    r = await api.client.post(
        "/airdefence/v1/checks/income-use", json={"purpose": "staff_bonus"}, headers=api.read
    )
    assert r.status_code == 422
    problem = r.json()
    assert (problem["code"], problem["rule_id"]) == ("rule-violation", "AD-INCOME-USE")
    assert problem["clause"] == "温政办〔2021〕71号 四（五）"


async def test_lease_fee_and_same_quality(api: Api) -> None:
    owner_pays = await api.post("/checks/lease-fee", {"property_service_fee_payer": "owner"})
    assert owner_pays["failed_rules"] == ["AD-LEASE-FEE"]
    from airdefence.api.check_schemas import SAME_QUALITY_EXAMPLE

    same = await api.post("/checks/same-quality", SAME_QUALITY_EXAMPLE)
    assert same["failed_rules"] == []


async def test_checks_need_a_token_with_the_read_scope(api: Api) -> None:
    r = await api.client.post("/airdefence/v1/checks/ownership", json=ex.STATE_LAND_JIEJIAN)
    assert r.status_code == 401
    r = await api.client.post(
        "/airdefence/v1/checks/ownership",
        json=ex.STATE_LAND_JIEJIAN,
        headers=api.headers("fund:read"),
    )
    assert r.status_code == 403
