"""Re-settlement after a reversal in a multi-claim year: the later settlements are recomputed in
service-date order and the differences recorded as adjustments, so that each settlement plus
its adjustments equals an in-order recomputation without the reversed claim, and the year's
totals are their sum."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from .conftest import Api, P, claim

DIBAO = [{"category": "dibao", "recognised_on": "2021-06-01"}]
LAYERS = (
    "basic",
    "after_basic",
    "critical_illness",
    "after_critical_illness",
    "assistance",
    "after_assistance",
    "commercial",
    "self_pay",
    "resolution",
    "final_self_pay",
)
# A: the worked example (03-10). B (05-10) and C (04-10) are settled after A, in that order.
B = {"service_date": "2022-05-10", "total_cost": "120000.00", "in_policy_cost": "100000.00",
     "basic_payout": "50000.00"}  # fmt: skip
C = {"service_date": "2022-04-10", "total_cost": "40000.00", "in_policy_cost": "30000.00",
     "basic_payout": "12000.00"}  # fmt: skip


async def _year_with_three_claims(api: Api) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:  # fmt: skip
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    a = await api.settle_claim(claim(person))
    b = await api.settle_claim(claim(person, **B))
    c = await api.settle_claim(claim(person, **C))
    # As first computed (on totals that include A): B and C are resolved above 50,000.
    assert (a["layers"]["resolution"], b["layers"]["resolution"]) == ("5600.00", "22000.00")
    assert c["layers"]["critical_illness"] == "14400.00"  # the needy deductible used by A
    assert c["layers"]["resolution"] == "10720.00"
    return person, a, b, c


async def _reverse(api: Api, settlement_id: str, **body: Any) -> dict[str, Any]:
    r = await api.client.post(
        f"{P}/settlements/{settlement_id}/reversal",
        json={"reason": "医院撤回结算单", **body},
        headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


async def _resettle(api: Api, person: str, key: str | None = None) -> Any:
    return await api.client.post(
        f"{P}/persons/{person}/years/2022/resettlement",
        json={"reason": "冲销后重新结算"},
        headers={**api.settle, "Idempotency-Key": key or str(uuid.uuid4())},
    )


async def _oracle(api: Api, *claims: dict[str, Any]) -> dict[str, Any]:
    """The in-order recomputation: simulate the remaining claims sorted by service date."""
    ordered = sorted(claims, key=lambda c: c["claim"]["service_date"])
    body = {
        "persons": {"x": {"records": DIBAO}},
        "claims": [
            {k: v for k, v in c["claim"].items() if v is not None and k != "disease_listed"}
            | {"person": "x"}
            for c in ordered
        ],
    }
    r = await api.client.post(f"{P}/simulate", json=body, headers=api.read)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


async def _now(api: Api, settlement_id: str) -> dict[str, Any]:
    r = await api.client.get(f"{P}/settlements/{settlement_id}/adjustments", headers=api.read)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_reversal_with_resettlement_adjusts_the_later_settlements(api: Api) -> None:
    person, a, b, c = await _year_with_three_claims(api)
    out = await _reverse(api, a["settlement_id"], resettle=True)
    done = out["resettlement"]
    assert done["status"] == "done"
    assert done["reversal_id"] == out["reversal_id"]
    assert out["warnings"] == []
    assert done["recomputed"] == 2
    by_settlement = {x["settlement_id"]: x for x in done["adjustments"]}
    assert set(by_settlement) == {b["settlement_id"], c["settlement_id"]}

    # In service-date order C (04-10) comes first and now consumes the needy CI deductible:
    # CI 80% × (18,000 − 10,000) = 6,400; MA 80% × 11,600 = 9,280; self-pay 12,320, below
    # 50,000: nothing resolved. Then B: CI 80% × 50,000 = 40,000, MA 8,000, self-pay 22,000;
    # the year's needy self-pay 34,320 stays below 50,000: B's 22,000 resolution is taken back.
    adj_c = by_settlement[c["settlement_id"]]
    assert adj_c["layers_after"]["critical_illness"] == "6400.00"
    assert adj_c["layers_after"]["assistance"] == "9280.00"
    assert adj_c["layers_after"]["final_self_pay"] == "12320.00"
    assert adj_c["deltas"]["critical_illness"] == "-8000.00"
    assert adj_c["deltas"]["assistance"] == "6400.00"
    assert adj_c["deltas"]["resolution"] == "-10720.00"
    assert adj_c["deltas"]["deductible_used"] == "10000.00"
    adj_b = by_settlement[b["settlement_id"]]
    assert {k: v for k, v in adj_b["deltas"].items() if Decimal(v)} == {
        "resolution": "-22000.00",
        "final_self_pay": "22000.00",
    }

    # Each settlement plus its adjustments equals the in-order recomputation without A.
    oracle = await _oracle(api, b, c)
    expected = {r["claim_id"]: r["layers"] for r in oracle["results"]}
    for s in (b, c):
        now = await _now(api, s["settlement_id"])
        assert now["layers_first"] == s["layers"]
        assert now["layers_now"] == expected[s["claim"]["claim_id"]], s["claim"]["claim_id"]
        first_plus_deltas = {
            k: f"{Decimal(s['layers'][k]) + sum(Decimal(x['deltas'][k]) for x in now['adjustments']):.2f}"
            for k in LAYERS
        }
        assert first_plus_deltas == now["layers_now"]
        assert [x["reversal_id"] for x in now["adjustments"]] == [out["reversal_id"]]

    # The year's totals are the sum of the settlements as they now stand.
    summary = await api.year(person)
    totals = summary["totals"]
    assert totals == out["totals_after"] == done["totals_after"]
    assert summary["resettlement_pending"] is False
    assert (totals["claims"], totals["ci_paid"], totals["ma_paid"]) == (2, "46400.00", "17280.00")
    assert (totals["resolution"], totals["final_self_pay"]) == ("0.00", "34320.00")
    assert totals["needy_self_pay"] == totals["self_pay_before_resolution"] == "34320.00"
    (person_totals,) = oracle["persons"]
    assert {k: v for k, v in person_totals.items() if k != "person"} == totals

    # A repeat finds nothing to adjust; every adjustment is audited and has its decision.
    again = await _resettle(api, person)
    assert again.status_code == 201, again.text
    assert again.json()["adjustments"] == []
    assert again.json()["totals_after"] == totals
    log = await api.client.get(
        f"{P}/audit",
        params={"entity_type": "settlement", "entity_id": c["settlement_id"]},
        headers=api.headers("audit:read"),
    )
    assert [e["action"] for e in log.json()["items"]] == ["settlement.adjust", "settlement.create"]
    decision = await api.client.get(f"{P}/decisions/{adj_c['decision_id']}", headers=api.read)
    assert decision.status_code == 200, decision.text
    assert decision.json()["subject"] == "medical.settlement.adjustment"


async def test_reversal_without_resettlement_is_pending_until_the_endpoint_runs(api: Api) -> None:
    person, a, b, c = await _year_with_three_claims(api)
    out = await _reverse(api, a["settlement_id"])
    assert out["resettlement"]["status"] == "pending"
    assert out["resettlement"]["path"] == f"{P}/persons/{person}/years/2022/resettlement"
    assert out["warnings"][0]["code"] == "later-settlements-not-recomputed"
    assert {s["settlement_id"] for s in out["later_settlements"]} == {
        b["settlement_id"],
        c["settlement_id"],
    }
    assert (await api.year(person))["resettlement_pending"] is True
    # Until then B and C stand as first computed; the totals are restored exactly.
    assert (await _now(api, c["settlement_id"]))["layers_now"] == c["layers"]

    key = f"resettle-{uuid.uuid4()}"
    r = await _resettle(api, person, key)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "done"
    assert body["reversal_id"] == out["reversal_id"]
    assert len(body["adjustments"]) == 2
    replay = await _resettle(api, person, key)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == body
    summary = await api.year(person)
    assert summary["resettlement_pending"] is False
    assert summary["totals"]["final_self_pay"] == "34320.00"


async def test_reversing_the_last_claim_needs_no_resettlement(api: Api) -> None:
    person, _a, _b, _c = await _year_with_three_claims(api)
    late = await api.settle_claim(claim(person, service_date="2022-09-01", **{
        k: v for k, v in B.items() if k != "service_date"}))  # fmt: skip
    out = await _reverse(api, late["settlement_id"], resettle=False)
    assert out["resettlement"]["status"] == "not_needed"
    assert out["later_settlements"] == []
    assert (await api.year(person))["resettlement_pending"] is False


async def test_reversing_an_adjusted_settlement_takes_out_what_it_stands_at(api: Api) -> None:
    person, a, b, c = await _year_with_three_claims(api)
    await _reverse(api, a["settlement_id"], resettle=True)
    out = await _reverse(api, c["settlement_id"], resettle=True)
    assert out["restored"]["ma_paid"] == "9280.00"  # C as adjusted, not as first settled
    # Only B is left, recomputed alone: CI 80% × (50,000 − 10,000) = 32,000, MA 14,400.
    summary = await api.year(person)
    assert summary["totals"]["claims"] == 1
    assert summary["totals"]["ci_paid"] == "32000.00"
    assert summary["totals"]["ma_paid"] == "14400.00"
    now = await _now(api, b["settlement_id"])
    assert len(now["adjustments"]) == 2
    assert now["layers_now"]["critical_illness"] == "32000.00"
    (oracle,) = (await _oracle(api, b))["results"]
    assert now["layers_now"] == oracle["layers"]


async def test_resettlement_of_an_unknown_person_is_404(api: Api) -> None:
    r = await _resettle(api, str(uuid.uuid4()))
    assert r.status_code == 404
    assert r.json()["code"] == "not-found"
