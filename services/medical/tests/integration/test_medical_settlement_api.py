"""One-stop settlement over HTTP on a real database: the worked example to the fen, multi-claim
years, 特困, a person recognised mid-month, the 2026 warning, idempotency and the problems."""

from __future__ import annotations

import uuid
from decimal import Decimal

from .conftest import CI_CAP, Api, P, claim, resident_id

DIBAO = [{"category": "dibao", "recognised_on": "2021-06-01"}]
TEKUN = [{"category": "tekun", "recognised_on": "2021-06-01"}]
D = Decimal


async def test_worked_example_to_the_fen(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    body = await api.settle_claim(claim(person))

    assert body["needy"] is True
    assert body["category"] == "dibao"
    assert body["layers"] == {
        "basic": "150000.00",
        "after_basic": "100000.00",  # R1
        "critical_illness": "72000.00",  # 80% × (100,000 − 10,000)
        "after_critical_illness": "28000.00",  # R2
        "assistance": "22400.00",  # 80% × 28,000
        "after_assistance": "5600.00",
        "commercial": "0.00",
        "self_pay": "55600.00",
        "resolution": "5600.00",  # H
        "final_self_pay": "50000.00",
    }
    assert "慈善医疗救助共富基金" in body["resolution_channel"]
    assert body["totals_before"]["claims"] == 0
    after = body["totals_after"]
    assert after["claims"] == 1
    assert after["deductible_used"] == "10000.00"  # D = 20,000 × 50%
    assert after["ci_paid"] == "72000.00"
    assert after["ma_paid"] == "22400.00"
    assert after["self_pay_before_resolution"] == "55600.00"
    assert after["resolution"] == "5600.00"
    assert after["final_self_pay"] == "50000.00"
    assert body["as_of"] == "2022-03-10"
    assert body["warnings"] == []
    rules = {f["rule_id"]: f for f in body["findings"]}
    assert rules["MED-CI-DEDUCTIBLE"]["facts"]["deductible"] == "10000.00"
    assert rules["MED-CI-RATIO"]["facts"]["ratio"] == "0.80"
    assert rules["MED-MA-LIMIT"]["outcome"] == "pass"
    assert rules["MED-COMMERCIAL"]["outcome"] == "warn"  # not configured: CS = 0, said so
    assert rules["MED-HIGHCOST"]["clause"].startswith("温政办〔2021〕78号")
    assert body["parameters_used"]["medical.critical_illness.deductible"]["value"] == "20000"

    # The same answer is stored: GET, the decision and the audit record agree.
    got = await api.client.get(f"{P}/settlements/{body['settlement_id']}", headers=api.read)
    assert got.status_code == 200
    assert got.json() == body
    decision = await api.client.get(f"{P}/decisions/{body['decision_id']}", headers=api.read)
    assert decision.json()["subject"] == "medical.settlement"
    assert decision.json()["result"]["layers"]["final_self_pay"] == "50000.00"
    log = await api.client.get(
        f"{P}/audit",
        params={"entity_type": "settlement", "entity_id": body["settlement_id"]},
        headers=api.headers("audit:read"),
    )
    (entry,) = log.json()["items"]
    assert entry["action"] == "settlement.create"
    assert entry["after"]["layers"]["assistance"] == "22400.00"
    summary = await api.year(person)
    assert summary["totals"] == after
    assert summary["assistance_limit"] == {
        "limit": "100000.00",
        "unlimited": False,
        "used": "22400.00",
        "left": "77600.00",
    }
    assert summary["critical_illness_deductible"]["limit"] == "10000.00"


async def test_an_unconfigured_parameter_is_a_422_naming_it(api: Api) -> None:
    person = await api.register(DIBAO)
    r = await api.client.post(
        f"{P}/settlements",
        json=claim(person),
        headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422
    problem = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "parameter-not-configured"
    assert problem["parameter"] == "medical.critical_illness.deductible"
    assert problem["on"] == "2022-03-10"
    listed = await api.client.get(
        f"{P}/settlements", params={"person_id": person}, headers=api.read
    )
    assert listed.json()["items"] == []  # nothing stored


def _stay(person: str, day: str, **kw: str | bool) -> dict[str, object]:
    """An in-policy stay: in-policy 200,000, basic 50,000 → R1 = 150,000."""
    return claim(
        person,
        service_date=day,
        total_cost="200000.00",
        in_policy_cost="200000.00",
        basic_payout="50000.00",
        followed_guidance=False,
        referred=False,
        **kw,
    )


async def test_a_year_that_exhausts_the_assistance_limit(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    days = ["2022-01-20", "2022-03-05", "2022-05-11", "2022-08-02", "2022-11-30"]
    bodies = [await api.settle_claim(_stay(person, d)) for d in days]
    # First: deductible 10,000 → CI 112,000, R2 38,000, MA 30,400; then CI 120,000, MA 24,000.
    assert [b["layers"]["critical_illness"] for b in bodies] == ["112000.00"] + ["120000.00"] * 4
    assert [b["layers"]["assistance"] for b in bodies] == [
        "30400.00",
        "24000.00",
        "24000.00",
        "21600.00",  # only what is left of 100,000
        "0.00",  # exhausted
    ]
    assert bodies[3]["totals_after"]["ma_paid"] == "100000.00"
    limit = next(f for f in bodies[4]["findings"] if f["rule_id"] == "MED-MA-LIMIT")
    assert limit["facts"]["limit_left"] == "0.00"
    assert limit["facts"]["limit_reached"] is True
    # Layers always add up to the total, to the fen.
    for b in bodies:
        lay = b["layers"]
        paid = sum(D(lay[k]) for k in ("basic", "critical_illness", "assistance", "commercial"))
        assert paid + D(lay["self_pay"]) == D(b["claim"]["total_cost"])
    summary = await api.year(person)
    assert summary["totals"]["claims"] == 5
    assert summary["assistance_limit"]["used"] == "100000.00"
    assert summary["assistance_limit"]["left"] == "0.00"
    assert summary["totals"]["self_pay_before_resolution"] == str(
        sum(D(b["layers"]["self_pay"]) for b in bodies)
    )


async def test_a_year_within_the_limit_and_resolution_over_several_claims(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    first = await api.settle_claim(claim(person))  # the worked example: G 55,600, H 5,600
    second = await api.settle_claim(
        claim(
            person,
            service_date="2022-06-01",
            total_cost="40000.00",
            in_policy_cost="30000.00",
            basic_payout="20000.00",
        )
    )
    # R1 10,000 (deductible used) → CI 8,000, R2 2,000 → MA 1,600; S = 10,400; all above 50,000.
    assert second["layers"]["critical_illness"] == "8000.00"
    assert second["layers"]["assistance"] == "1600.00"
    assert second["layers"]["self_pay"] == "10400.00"
    assert second["layers"]["resolution"] == "10400.00"
    assert second["layers"]["final_self_pay"] == "0.00"
    assert second["totals_before"] == first["totals_after"]
    summary = await api.year(person)
    assert summary["assistance_limit"]["used"] == "24000.00"
    assert summary["assistance_limit"]["left"] == "76000.00"
    assert summary["final_self_pay"] == "50000.00"
    assert summary["resolution"] == "16000.00"


async def test_tekun_have_no_assistance_limit(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(TEKUN)
    days = ["2022-01-20", "2022-03-05", "2022-05-11", "2022-08-02", "2022-11-30"]
    bodies = [await api.settle_claim(_stay(person, d)) for d in days]
    assert [b["layers"]["assistance"] for b in bodies] == ["30400.00"] + ["24000.00"] * 4
    assert bodies[-1]["totals_after"]["ma_paid"] == "126400.00"  # past 100,000
    limit = next(f for f in bodies[-1]["findings"] if f["rule_id"] == "MED-MA-LIMIT")
    assert "特困" in limit["message_zh"]
    summary = await api.year(person)
    assert summary["assistance_limit"] == {
        "limit": None,
        "unlimited": True,
        "used": "126400.00",
        "left": None,
    }


async def test_a_person_recognised_mid_month_is_needy_from_the_next_month(api: Api) -> None:
    await api.configure_worked_example()
    await api.configure(CI_CAP, "400000")
    person = await api.register([{"category": "dibao", "recognised_on": "2022-03-15"}])

    march = await api.settle_claim(claim(person, service_date="2022-03-20"))
    assert march["needy"] is False
    assert "2022-04-01" in march["status_reason_zh"]
    assert march["layers"]["critical_illness"] == "48000.00"  # ordinary: 60% × (100,000 − 20,000)
    assert march["layers"]["assistance"] == "0.00"
    assert march["layers"]["resolution"] == "0.00"
    assert march["layers"]["self_pay"] == "102000.00"
    new = next(f for f in march["findings"] if f["rule_id"] == "MED-ENROL-NEW")
    assert new["outcome"] == "not_applicable"

    april = await api.settle_claim(
        claim(person, service_date="2022-04-02", followed_guidance=False, referred=False)
    )
    assert april["needy"] is True
    # The ordinary claim consumed 20,000 of deductible, more than the needy's 10,000.
    assert april["layers"]["critical_illness"] == "80000.00"
    assert april["layers"]["assistance"] == "16000.00"
    status = await api.client.get(
        f"{P}/persons/{person}/status", params={"on": "2022-03-31"}, headers=api.read
    )
    assert status.json()["needy"] is False
    assert status.json()["benefits_from"] == "2022-04-01"


async def test_a_claim_after_2025_carries_the_policy_expired_warning(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    body = await api.settle_claim(claim(person, service_date="2026-02-01"))
    assert [w["code"] for w in body["warnings"]] == ["policy-expired"]
    assert "2025-12-31" in body["warnings"][0]["message_zh"]
    assert body["layers"]["final_self_pay"] == "50000.00"  # still computed, same terms
    assert body["outcome"] == "warn"
    summary = await api.year(person, 2026)
    assert summary["warnings"][0]["code"] == "policy-expired"


async def test_idempotent_replay_and_key_rules(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    body = claim(person)
    headers = {**api.settle, "Idempotency-Key": "claim-1"}
    first = await api.client.post(f"{P}/settlements", json=body, headers=headers)
    again = await api.client.post(f"{P}/settlements", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["Location"] == f"{P}/settlements/{first.json()['settlement_id']}"
    listed = await api.client.get(
        f"{P}/settlements", params={"person_id": person}, headers=api.read
    )
    assert len(listed.json()["items"]) == 1
    assert (await api.year(person))["totals"]["claims"] == 1

    other = await api.client.post(
        f"{P}/settlements", json=body | {"total_cost": "300000.01"}, headers=headers
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency-key-reused"
    missing = await api.client.post(f"{P}/settlements", json=body, headers=api.settle)
    assert missing.status_code == 428
    # The same hospital claim under another key is refused, not paid twice.
    dup = await api.client.post(
        f"{P}/settlements", json=body, headers={**api.settle, "Idempotency-Key": "claim-1b"}
    )
    assert dup.status_code == 409
    assert dup.json()["code"] == "claim-already-settled"
    assert dup.json()["settlement_id"] == first.json()["settlement_id"]
    forbidden = await api.client.post(
        f"{P}/settlements",
        json=body,
        headers={**api.read, "Idempotency-Key": "claim-1c"},
    )
    assert forbidden.status_code == 403


async def test_domain_errors_are_422_problems_with_rule_ids(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    r = await api.client.post(
        f"{P}/settlements",
        json=claim(person, basic_payout="260000.00"),
        headers={**api.settle, **key},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "rule-violation"
    assert r.json()["rule_id"] == "MED-BASIC"
    assert r.json()["clause"].startswith("温政办〔2021〕78号")
    r = await api.client.post(
        f"{P}/settlements",
        json=claim(person, service_date="2021-12-31"),
        headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422
    assert "2022-01-01" in r.json()["detail"]
    r = await api.client.post(
        f"{P}/settlements",
        json=claim(person, total_cost="1.005"),
        headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/total_cost"


async def test_an_unregistered_resident_is_settled_on_the_ordinary_terms(api: Api) -> None:
    await api.configure_worked_example()
    await api.configure(CI_CAP, "400000")
    rid = resident_id()
    body = claim("x") | {"resident_id": rid}
    del body["person_id"]
    out = await api.settle_claim(body)
    assert out["needy"] is False
    assert out["layers"]["assistance"] == "0.00"
    assert out["resident_id_masked"] == rid[:6] + "********" + rid[-4:]
    assert rid not in str(out)
    found = await api.client.post(
        f"{P}/persons/lookup", json={"resident_id": rid}, headers=api.read
    )
    assert found.json()["person_id"] == out["person_id"]
    assert found.json()["source"] == "settlement"
