"""Reversal over HTTP: totals restored exactly, later settlements listed, once only, idempotent."""

from __future__ import annotations

import uuid
from decimal import Decimal

from .conftest import Api, P, claim

DIBAO = [{"category": "dibao", "recognised_on": "2021-06-01"}]


async def reverse(api: Api, settlement_id: str, key: str | None = None, expect: int = 201) -> dict:
    r = await api.client.post(
        f"{P}/settlements/{settlement_id}/reversal",
        json={"reason": "医院撤回结算单"},
        headers={**api.settle, "Idempotency-Key": key or str(uuid.uuid4())},
    )
    assert r.status_code == expect, r.text
    return dict(r.json())


async def test_reversing_the_last_settlement_restores_the_totals_exactly(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    first = await api.settle_claim(claim(person))
    before = (await api.year(person))["totals"]
    second = await api.settle_claim(
        claim(person, service_date="2022-05-05", total_cost="12345.67", in_policy_cost="9876.54",
              basic_payout="3333.33")
    )  # fmt: skip
    assert second["totals_before"] == before

    out = await reverse(api, second["settlement_id"])
    assert out["totals_before"] == second["totals_after"]
    assert out["totals_after"] == before == first["totals_after"]
    assert out["later_settlements"] == []
    assert out["warnings"] == []
    assert out["restored"]["ma_paid"] == second["layers"]["assistance"]
    assert (await api.year(person))["totals"] == before
    got = await api.client.get(f"{P}/settlements/{second['settlement_id']}", headers=api.read)
    assert got.json()["status"] == "reversed"
    assert got.json()["reversal_id"] == out["reversal_id"]
    summary = await api.year(person)
    assert (summary["settlements_live"], summary["settlements_reversed"]) == (1, 1)

    # The claim can be settled again once reversed, and lands on the restored totals.
    again = await api.settle_claim(
        claim(person, claim_id=second["claim"]["claim_id"], service_date="2022-05-05",
              total_cost="12345.67", in_policy_cost="9876.54", basic_payout="3333.33")
    )  # fmt: skip
    assert again["layers"] == second["layers"]
    assert again["totals_after"] == second["totals_after"]


async def test_reversing_an_earlier_settlement_lists_the_later_ones(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    first = await api.settle_claim(claim(person))
    later = [
        await api.settle_claim(claim(person, service_date=d, followed_guidance=False))
        for d in ("2022-04-01", "2022-05-01")
    ]
    out = await reverse(api, first["settlement_id"])
    assert [s["settlement_id"] for s in out["later_settlements"]] == [
        s["settlement_id"] for s in later
    ]
    assert out["warnings"][0]["code"] == "later-settlements-not-recomputed"
    # Exactly the first claim's contribution is taken out; the later ones stay as computed.
    totals = (await api.year(person))["totals"]
    assert totals["claims"] == 2
    assert totals["ma_paid"] == str(sum(Decimal(s["layers"]["assistance"]) for s in later))
    assert totals == out["totals_after"]


async def test_a_reversal_is_idempotent_and_happens_once(api: Api) -> None:
    await api.configure_worked_example()
    person = await api.register(DIBAO)
    s = await api.settle_claim(claim(person))
    out = await reverse(api, s["settlement_id"], key="rev-1")
    replay = await api.client.post(
        f"{P}/settlements/{s['settlement_id']}/reversal",
        json={"reason": "医院撤回结算单"},
        headers={**api.settle, "Idempotency-Key": "rev-1"},
    )
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == out
    twice = await reverse(api, s["settlement_id"], key="rev-2", expect=409)
    assert twice["code"] == "settlement-already-reversed"
    assert twice["reversal_id"] == out["reversal_id"]
    missing = await reverse(api, str(uuid.uuid4()), expect=404)
    assert missing["code"] == "not-found"
    totals = (await api.year(person))["totals"]
    assert totals["claims"] == 0
    assert totals["ma_paid"] == totals["final_self_pay"] == "0.00"
    log = await api.client.get(
        f"{P}/audit",
        params={"entity_type": "settlement", "entity_id": s["settlement_id"]},
        headers=api.headers("audit:read"),
    )
    assert [e["action"] for e in log.json()["items"]] == ["settlement.reverse", "settlement.create"]
