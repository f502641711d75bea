"""Peacetime use over HTTP: leases (AD-LEASE-FEE), the parking allocation (worked example 4),
the income ledger (AD-INCOME-USE) with totals per works and year, transfers (AD-TRANSFER)."""

from __future__ import annotations

import copy
from typing import Any

from airdefence.api.peacetime_schemas import EXAMPLE_LEASE
from airdefence.domain import examples as ex

from .conftest import ENTERPRISE, RECEIVER, Api, P
from .test_airdefence_works_api import HANDOVER, act, new_works, registration


async def registered_works(api: Api, **changes: Any) -> Any:
    w = await new_works(api, **changes)
    await act(api, w["works_id"], "handover", HANDOVER)
    return await act(api, w["works_id"], "registration", registration(ENTERPRISE))


async def post(api: Api, path: str, body: Any, *, expect: int = 201, headers: Any = None) -> Any:
    r = await api.client.post(f"{P}{path}", json=body, headers=headers or api.keyed(api.write))
    assert r.status_code == expect, r.text
    return r.json()


def lease(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE_LEASE)
    body.update(changes)
    return body


async def test_a_lease_puts_the_property_fee_on_the_tenant(api: Api) -> None:
    w = await registered_works(api)
    wid = w["works_id"]
    out = await post(api, f"/works/{wid}/leases", lease())
    assert out["finding"]["rule_id"] == "AD-LEASE-FEE"
    assert out["finding"]["outcome"] == "pass"
    assert out["lessor"] == ENTERPRISE
    refused = await post(
        api, f"/works/{wid}/leases", lease(property_service_fee_payer="owner"), expect=422
    )
    assert (refused["code"], refused["rule_id"]) == ("rule-violation", "AD-LEASE-FEE")
    assert [x["lease_id"] for x in (await api.get(f"/works/{wid}/leases"))["items"]] == [
        out["lease_id"]
    ]


async def test_lease_bounds(api: Api) -> None:
    unregistered = await new_works(api)
    await post(api, f"/works/{unregistered['works_id']}/leases", lease(), expect=409)
    w = await registered_works(api)
    wid = w["works_id"]
    early = await post(api, f"/works/{wid}/leases", lease(starts_on="2024-06-17"), expect=422)
    assert early["errors"][0]["pointer"] == "#/starts_on"
    await post(api, f"/works/{wid}/leases", lease(starts_on="2024-06-18", leased_area="8800.00"))
    # 8,800 + 1,200 = 10,000: the whole basement, allowed; a hundredth more is not.
    await post(api, f"/works/{wid}/leases", lease(leased_area="1200.00"))
    over = await post(api, f"/works/{wid}/leases", lease(leased_area="0.01"), expect=422)
    assert over["errors"][0]["pointer"] == "#/leased_area"
    # A lease after the others end is free again.
    await post(api, f"/works/{wid}/leases", lease(starts_on="2027-07-01", ends_on="2028-06-30"))
    backwards = await post(
        api, f"/works/{wid}/leases", lease(starts_on="2025-01-01", ends_on="2024-12-31"), expect=422
    )
    assert backwards["code"] == "validation-error"


async def test_worked_example_4_parking_allocation(api: Api) -> None:
    w = await new_works(api)
    body = {"allocated_on": "2024-07-01", "spaces": 100, "requests": ex.allocation_requests()}
    out = await post(api, f"/works/{w['works_id']}/parking-allocation", body)
    s = out["summary"]
    assert (s["served_owners"], s["served_others"], s["waiting"]) == (80, 20, 20)
    assert [p["ref"] for p in out["served"][80:]] == [f"other-{n:03d}" for n in range(1, 21)]
    assert [p["ref"] for p in out["waiting"]] == [f"other-{n:03d}" for n in range(21, 41)]
    assert all(p["community_owner"] for p in out["served"][:80])
    assert out["findings"][0]["rule_id"] == "AD-PARK-PRIORITY"
    again = await post(api, f"/works/{w['works_id']}/parking-allocation", body)
    assert (again["served"], again["waiting"]) == (out["served"], out["waiting"])
    listed = await api.get(f"/works/{w['works_id']}/parking-allocations")
    assert len(listed["items"]) == 2
    decision = await api.get(f"/decisions/{out['decision_id']}")
    assert decision["subject"] == "airdefence.parking_allocation"


async def test_allocation_refused_for_storage_and_bad_requests(api: Api) -> None:
    storage = await new_works(api, peacetime_use="storage", net_parking_area=None)
    refused = await post(
        api,
        f"/works/{storage['works_id']}/parking-allocation",
        {"spaces": 10, "requests": ex.allocation_requests(2, 1)},
        expect=422,
    )
    assert refused["rule_id"] == "AD-PARK-PRIORITY"
    w = await new_works(api)
    for body in (
        {"spaces": -1, "requests": []},
        {"spaces": 1, "requests": [{"ref": "a", "community_owner": True}] * 2},
        {"spaces": 1, "requests": [], "allocated_on": "2099-01-01"},
    ):
        await post(api, f"/works/{w['works_id']}/parking-allocation", body, expect=422)


async def test_income_ledger_with_totals_and_the_listed_uses_only(api: Api) -> None:
    w = await registered_works(api)
    wid = w["works_id"]
    leased = await post(api, f"/works/{wid}/leases", lease())
    income = {"entry_type": "income", "on": "2024-07-31", "amount": "36000.00", "source": "lease"}
    await post(api, f"/works/{wid}/ledger-entries", {**income, "lease_id": leased["lease_id"]})
    await post(
        api, f"/works/{wid}/ledger-entries", {**income, "source": "parking", "amount": "5000.50"}
    )
    use = {"entry_type": "use", "on": "2024-08-15", "amount": "12800.00", "purpose": "maintenance"}
    await post(api, f"/works/{wid}/ledger-entries", use)
    await post(
        api, f"/works/{wid}/ledger-entries", {**use, "purpose": "conversion_team", "amount": "0.01"}
    )
    refused = await post(
        api, f"/works/{wid}/ledger-entries", {**use, "purpose": "staff_bonus"}, expect=422
    )
    assert (refused["code"], refused["rule_id"]) == ("rule-violation", "AD-INCOME-USE")
    assert refused["errors"][0]["pointer"] == "#/purpose"
    totals = await api.get(f"/works/{wid}/ledger-totals", year=2024)
    assert totals["income_total"] == "41000.50"
    assert totals["income_by_source"] == {
        "lease": "36000.00",
        "parking": "5000.50",
        "other": "0.00",
    }
    assert totals["uses_total"] == "12800.01"
    assert totals["uses_by_purpose"]["maintenance"] == "12800.00"
    assert totals["uses_by_purpose"]["conversion_team"] == "0.01"
    assert totals["balance"] == "28200.49"
    assert (await api.get(f"/works/{wid}/ledger-totals", year=2025))["income_total"] == "0.00"
    pooled = await api.get("/ledger-totals", year=2024, owner=ENTERPRISE["uscc"])
    assert (pooled["works_count"], pooled["income_total"]) == (1, "41000.50")
    entries = await api.get(f"/works/{wid}/ledger-entries", entry_type="use")
    assert [e["purpose"] for e in entries["items"]] == ["maintenance", "conversion_team"]
    before_registration = await post(
        api, f"/works/{wid}/ledger-entries", {**use, "on": "2024-06-17"}, expect=422
    )
    assert before_registration["errors"][0]["pointer"] == "#/on"
    for bad in ({**use, "amount": "0"}, {**use, "amount": "-1"}, {**use, "source": "lease"}):
        await post(api, f"/works/{wid}/ledger-entries", bad, expect=422)


async def test_transfer_moves_ownership_to_the_receiver(api: Api) -> None:
    w = await registered_works(api)
    wid = w["works_id"]
    body = {
        "kind": "transfer_registration",
        "transferred_on": "2025-03-01",
        "receiver": RECEIVER,
        "document": "温国资〔2025〕8号",
        "certificate_no": "浙（2025）温州市不动产权第0034567号",
    }
    await act(api, wid, "transfers", {**body, "certificate_no": None}, expect=422)
    await act(api, wid, "transfers", {**body, "transferred_on": "2024-06-17"}, expect=422)
    same = await act(api, wid, "transfers", {**body, "receiver": ENTERPRISE}, expect=422)
    assert same["rule_id"] == "AD-TRANSFER"
    await act(api, wid, "transfers", body, expect=403, headers=api.write)
    out = await act(api, wid, "transfers", body, expect=201)
    assert out["from_owner"] == ENTERPRISE
    assert out["receiver"] == RECEIVER
    decision = await api.get(f"/decisions/{out['decision_id']}")
    assert decision["findings"][0]["rule_id"] == "AD-TRANSFER"
    now = await api.get(f"/works/{wid}")
    assert now["owner"] == RECEIVER
    assert now["responsible"] == RECEIVER
    regs = await api.get(f"/works/{wid}/registrations")
    assert [r["kind"] for r in regs["items"]] == ["first", "transfer"]
    assert [x["works_id"] for x in (await api.get("/works", owner=RECEIVER["uscc"]))["items"]] == [
        wid
    ]
    # Income after the transfer counts under the receiver.
    await post(
        api,
        f"/works/{wid}/ledger-entries",
        {"entry_type": "income", "on": "2025-03-02", "amount": "100.00", "source": "other"},
    )
    pooled = await api.get("/ledger-totals", year=2025, owner=RECEIVER["uscc"])
    assert pooled["income_total"] == "100.00"
    unregistered = await new_works(api)
    await act(api, unregistered["works_id"], "transfers", body, expect=409)
