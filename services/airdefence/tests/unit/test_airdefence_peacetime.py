"""AD-PARK-PRIORITY (worked example 4), AD-LEASE-FEE, AD-INCOME-USE, AD-TRANSFER."""

from __future__ import annotations

from datetime import date

import pytest

from airdefence.domain import (
    AirDefenceDomainError,
    FeePayer,
    IncomeUse,
    ParkingRequest,
    PeacetimeUse,
    TransferKind,
    allocate_parking,
    check_lease_fee,
    evaluate_allocation,
    evaluate_transfer,
    income_use,
    require_lease_fee,
)
from airdefence.domain import examples as ex
from govkit.rules import ParameterSet

from .conftest import AS_OF

REQUESTS = [ParkingRequest(**r) for r in ex.allocation_requests()]


def test_example_4_owners_first_then_others_in_order(params: ParameterSet) -> None:
    allocation, decision = evaluate_allocation(
        100,
        REQUESTS,
        use=PeacetimeUse.MOTOR_VEHICLE_PARKING,
        community="鹿城区某某花园",
        params=params,
        as_of=AS_OF,
    )
    s = allocation.summary()
    assert (s["served_owners"], s["served_others"], s["waiting"]) == (80, 20, 20)
    assert all(p.community_owner for p in allocation.served[:80])
    assert [p.ref for p in allocation.served[80:]] == [f"other-{n:03d}" for n in range(1, 21)]
    assert [p.ref for p in allocation.waiting] == [f"other-{n:03d}" for n in range(21, 41)]
    assert [p.position for p in allocation.waiting] == list(range(1, 21))
    assert decision.findings[0].rule_id == "AD-PARK-PRIORITY"
    assert decision.findings[0].outcome.value == "pass"


def test_owners_beyond_the_spaces_wait_first() -> None:
    a = allocate_parking(
        2, [ParkingRequest(r, o) for r, o in [("a", False), ("b", True), ("c", True), ("d", True)]]
    )
    assert [p.ref for p in a.served] == ["b", "c"]
    assert [p.ref for p in a.waiting] == ["d", "a"]


def test_allocation_is_deterministic_given_the_order() -> None:
    assert allocate_parking(100, REQUESTS) == allocate_parking(100, REQUESTS)
    assert allocate_parking(0, REQUESTS).served == ()
    assert len(allocate_parking(500, REQUESTS).waiting) == 0


def test_without_a_community_requests_go_in_order(params: ParameterSet) -> None:
    plain = [ParkingRequest(r["ref"], False) for r in ex.allocation_requests(3, 2)]
    allocation, decision = evaluate_allocation(
        3, plain, use=PeacetimeUse.MOTOR_VEHICLE_PARKING, community=None, params=params, as_of=AS_OF
    )
    assert [p.ref for p in allocation.served] == [r.ref for r in plain[:3]]
    assert decision.findings[0].outcome.value == "not_applicable"
    with pytest.raises(AirDefenceDomainError):
        evaluate_allocation(
            3,
            REQUESTS,
            use=PeacetimeUse.MOTOR_VEHICLE_PARKING,
            community=None,
            params=params,
            as_of=AS_OF,
        )


def test_allocation_refused_for_a_basement_not_used_for_parking(params: ParameterSet) -> None:
    with pytest.raises(AirDefenceDomainError) as caught:
        evaluate_allocation(
            10, REQUESTS, use=PeacetimeUse.STORAGE, community="x", params=params, as_of=AS_OF
        )
    assert caught.value.rule_id == "AD-PARK-PRIORITY"


def test_duplicate_refs_are_refused(params: ParameterSet) -> None:
    with pytest.raises(AirDefenceDomainError):
        evaluate_allocation(
            10,
            [ParkingRequest("a", True), ParkingRequest("a", False)],
            use=PeacetimeUse.MOTOR_VEHICLE_PARKING,
            community="x",
            params=params,
            as_of=AS_OF,
        )


def test_lease_fee_is_the_tenants(params: ParameterSet) -> None:
    assert check_lease_fee(FeePayer.TENANT, params, AS_OF).failed_rules == []
    assert check_lease_fee(FeePayer.OWNER, params, AS_OF).failed_rules == ["AD-LEASE-FEE"]
    require_lease_fee(FeePayer.TENANT)
    with pytest.raises(AirDefenceDomainError) as caught:
        require_lease_fee(FeePayer.OWNER)
    assert caught.value.rule_id == "AD-LEASE-FEE"


def test_every_listed_income_use_and_nothing_else() -> None:
    assert {income_use(u.value) for u in IncomeUse} == set(IncomeUse)
    assert len(IncomeUse) == 6
    for outside in ("dividend", "office_rent", "MAINTENANCE", ""):
        with pytest.raises(AirDefenceDomainError) as caught:
            income_use(outside)
        assert caught.value.rule_id == "AD-INCOME-USE"


def test_transfer_moves_the_duties_to_the_receiver(params: ParameterSet) -> None:
    d = evaluate_transfer(
        TransferKind.BANKRUPTCY_LIQUIDATION,
        on=date(2025, 3, 1),
        owner_uscc="A",
        receiver_uscc="B",
        receiver_name="温州某国有资产经营有限公司",
        owner_since=date(2024, 6, 1),
        params=params,
    )
    assert d.findings[0].rule_id == "AD-TRANSFER"
    assert d.result["duties_move_to"] == "receiver"
    with pytest.raises(AirDefenceDomainError):
        evaluate_transfer(
            TransferKind.TRANSFER_REGISTRATION,
            on=date(2024, 5, 31),
            owner_uscc="A",
            receiver_uscc="B",
            receiver_name="x",
            owner_since=date(2024, 6, 1),
            params=params,
        )
    with pytest.raises(AirDefenceDomainError):
        evaluate_transfer(
            TransferKind.TRANSFER_REGISTRATION,
            on=date(2024, 6, 1),
            owner_uscc="A",
            receiver_uscc="A",
            receiver_name="x",
            owner_since=date(2024, 6, 1),
            params=params,
        )
