"""Simulation (what-if, storing nothing), the service-rule endpoints and the OpenAPI document."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from .conftest import CI_DEDUCTIBLE, CI_RATIO, Api, P, claim

DIBAO = [{"category": "dibao", "recognised_on": "2021-06-01"}]
WORKED = {CI_DEDUCTIBLE: "20000", CI_RATIO: "0.60"}


def sim_claim(person: str, **overrides: Any) -> dict[str, Any]:
    body = claim("x", **overrides) | {"person": person}
    del body["person_id"]
    return body


async def simulate(api: Api, body: dict[str, Any], expect: int = 200) -> dict[str, Any]:
    r = await api.client.post(f"{P}/simulate", json=body, headers=api.read)
    assert r.status_code == expect, r.text
    return dict(r.json())


async def test_what_if_on_a_copy_of_the_parameters_storing_nothing(api: Api) -> None:
    base = {"persons": {"A": {"records": DIBAO}}, "claims": [sim_claim("A")]}
    out = await simulate(api, base | {"parameter_overrides": WORKED})
    (r,) = out["results"]
    assert out["stored"] is False
    assert r["layers"]["assistance"] == "22400.00"
    assert r["layers"]["final_self_pay"] == "50000.00"
    assert r["assistance_limit_left_after"] == "77600.00"

    richer = await simulate(
        api, base | {"parameter_overrides": WORKED | {"medical.assistance.ratio": "0.85"}}
    )
    assert richer["results"][0]["layers"]["assistance"] == "23800.00"  # 85% × 28,000

    # The baseline is untouched: without overrides the deductible is still unconfigured.
    unconfigured = await simulate(api, base, expect=422)
    assert unconfigured["parameter"] == "medical.critical_illness.deductible"
    bad = await simulate(api, base | {"parameter_overrides": {"medical.nope": "1"}}, expect=422)
    assert bad["errors"][0]["pointer"] == "#/parameter_overrides/medical.nope"
    unknown = await simulate(api, {"claims": [sim_claim("B")]}, expect=422)
    assert unknown["errors"][0]["pointer"] == "#/claims/0/person"
    listed = await api.client.get(f"{P}/settlements", headers=api.read)
    assert listed.json()["items"] == []


async def test_thousands_of_claims_for_registered_and_hypothetical_persons(api: Api) -> None:
    await api.configure_worked_example()
    registered = await api.register([{"category": "tekun", "recognised_on": "2021-06-01"}])
    persons = {f"P{i}": {"records": DIBAO} for i in range(20)}
    claims = [
        sim_claim(
            f"P{(i // 10) % 20}" if i % 10 else registered,
            claim_id=f"c{i}",
            service_date=f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
            total_cost="60000.00",
            in_policy_cost="50000.00",
            basic_payout="10000.00",
        )
        for i in range(2000)
    ]
    out = await simulate(api, {"persons": persons, "claims": claims})
    assert out["claims"] == 2000
    by_person = {p["person"]: p for p in out["persons"]}
    for label in persons:
        assert Decimal(by_person[label]["ma_paid"]) == Decimal("100000.00")  # capped
    assert Decimal(by_person[registered]["ma_paid"]) > Decimal("100000.00")  # 特困: no limit
    total = sum(Decimal(r["layers"]["assistance"]) for r in out["results"])
    assert str(total) == out["totals"]["assistance"]
    assert (await api.year(registered))["totals"]["claims"] == 0  # nothing stored


async def test_pay_later_and_special_diseases(api: Api) -> None:
    person = await api.register(DIBAO)
    body = {
        "person_id": person,
        "admission_date": "2022-03-01",
        "inpatient": True,
        "referred_after_primary_first_visit": True,
        "designated_hospital_in_wenzhou": True,
    }
    yes = await api.client.post(f"{P}/pay-later", json=body, headers=api.read)
    assert yes.json()["result"]["pay_later"] is True
    assert yes.json()["findings"][0]["rule_id"] == "MED-PAY-LATER"
    no = await api.client.post(
        f"{P}/pay-later",
        json=body | {"referred_after_primary_first_visit": False},
        headers=api.read,
    )
    assert no.json()["outcome"] == "fail"
    assert "基层首诊" in no.json()["findings"][0]["message_zh"]

    async def codes(on: str) -> set[str]:
        r = await api.client.get(f"{P}/special-diseases", params={"on": on}, headers=api.read)
        return {e["code"] for e in r.json()}

    assert "uraemia-dialysis" in await codes("2022-01-01")
    assert "uraemia-dialysis" not in await codes("2021-12-31")
    assert "hypertension" in await codes("2021-12-31")
    new = {
        "name_zh": "血友病门诊治疗",
        "name_en": "outpatient treatment of haemophilia",
        "kind": "special",
        "effective_from": "2023-01-01",
        "source": "第二批特殊病种通知",
    }
    r = await api.client.put(f"{P}/admin/special-diseases/haemophilia", json=new, headers=api.admin)
    assert r.status_code == 200, r.text
    assert "haemophilia" in await codes("2023-02-01")
    assert "haemophilia" not in await codes("2022-12-31")
    check = await api.client.get(
        f"{P}/special-diseases/haemophilia", params={"on": "2023-02-01"}, headers=api.read
    )
    assert check.json()["listed"] is True
    assert check.json()["finding"]["rule_id"] == "MED-SPECIAL-DISEASES"
    denied = await api.client.put(f"{P}/admin/special-diseases/x", json=new, headers=api.write)
    assert denied.status_code == 403


async def test_risk_watch_and_out_of_catalogue_share(api: Api) -> None:
    await api.configure_worked_example()
    poor = await api.register(DIBAO, household_income="40000.00")
    modest = await api.register(DIBAO, household_income="900000.00")
    await api.settle_claim(claim(poor, claim_id=f"a{uuid.uuid4().hex[:8]}"))  # final 50,000
    await api.settle_claim(
        claim(modest, total_cost="60000.00", in_policy_cost="60000.00", basic_payout="40000.00",
              hospital="温州市中心医院")
    )  # fmt: skip

    missing = await api.client.get(f"{P}/risk-watch", params={"year": 2022}, headers=api.read)
    assert missing.status_code == 422
    assert missing.json()["parameter"] == "medical.risk_watch.self_pay_threshold"
    await api.configure("medical.risk_watch.self_pay_income_ratio_threshold", "0.5")
    flagged = await api.client.get(f"{P}/risk-watch", params={"year": 2022}, headers=api.read)
    assert flagged.status_code == 200, flagged.text
    items = flagged.json()["items"]
    assert [i["person_id"] for i in items] == [poor]
    assert items[0]["by_income_ratio"] is True
    assert items[0]["income_ratio"] == "1.2500"
    assert items[0]["finding"]["outcome"] == "warn"

    params = {"date_from": "2022-01-01", "date_to": "2022-12-31"}
    unset = await api.client.get(f"{P}/selfpay-share", params=params, headers=api.read)
    assert unset.json()["parameter"] == "medical.selfpay_share.max_out_of_catalogue_share"
    await api.configure("medical.selfpay_share.max_out_of_catalogue_share", "0.10")
    share = await api.client.get(f"{P}/selfpay-share", params=params, headers=api.read)
    hospitals = {h["hospital"]: h for h in share.json()["hospitals"]}
    first = hospitals["温州医科大学附属第一医院"]
    assert (first["share"], first["within"]) == ("0.1667", False)  # 50,000 of 300,000
    assert hospitals["温州市中心医院"]["within"] is True


async def test_openapi_examples_and_operation_ids(api: Api) -> None:
    doc = (await api.client.get("/openapi.json")).json()
    ops = [
        (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if path.startswith(P)
    ]
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("medical_") for i in ids)
    assert {"medical_settle", "medical_reverse_settlement", "medical_simulate"} <= set(ids)
    ours = [(p, m, op) for p, m, op in ops if "/admin/parameters" not in p and "calendar" not in p]
    for path, method, op in ours:
        if "requestBody" not in op:
            continue
        contents = op["requestBody"]["content"]
        assert any(c.get("examples") or c.get("example") for c in contents.values()), (path, method)
    example = doc["paths"][f"{P}/settlements"]["post"]["requestBody"]["content"][
        "application/json"
    ]["examples"]["example_1"]["value"]
    assert (example["total_cost"], example["in_policy_cost"], example["basic_payout"]) == (
        "300000.00",
        "250000.00",
        "150000.00",
    )
