"""三（五）, 六（五）（六）: one proposed investment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from fund.domain import AssetClass, ProposedInvestment, TargetCompany, check_investment
from govkit.rules import Decision, Outcome

TARGET = TargetCompany(
    "瓯江芯片", listed=False, is_partnership=False, is_venture_capital_firm=False
)
INV = ProposedInvestment(TARGET, D("10000000.00"), D("0.15"))
SIZE = D("100000000.00")


def check(inv: ProposedInvestment = INV, prior: str = "0") -> Decision:
    return check_investment(
        inv, subfund_size=SIZE, prior_investments_in_company=D(prior), as_of=date(2024, 5, 6)
    )


def outcome(decision: Decision, rule_id: str) -> Outcome:
    return next(f.outcome for f in decision.findings if f.rule_id == rule_id)


def test_a_plain_equity_investment_passes() -> None:
    decision = check()
    assert decision.outcome is Outcome.PASS
    assert {f.rule_id for f in decision.findings} == {
        "FUND-INV-UNLISTED", "FUND-INV-SINGLE-MAX", "FUND-INV-NOT-PARTNERSHIP", "FUND-INV-NOT-VC",
        "FUND-INV-NO-CONTROL", "FUND-INV-PROHIBITED", "FUND-INV-NO-RECYCLE",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("prior", "expected"), [("10000000.00", Outcome.PASS), ("10000000.01", Outcome.FAIL)]
)
def test_cumulative_20_percent_of_size(prior: str, expected: Outcome) -> None:
    assert outcome(check(prior=prior), "FUND-INV-SINGLE-MAX") is expected


@pytest.mark.parametrize(
    ("target_changes", "rule_id"),
    [
        ({"listed": True}, "FUND-INV-UNLISTED"),
        ({"is_partnership": True}, "FUND-INV-NOT-PARTNERSHIP"),
        ({"is_venture_capital_firm": True}, "FUND-INV-NOT-VC"),
        ({"real_estate_industry": True}, "FUND-INV-PROHIBITED"),
        ({"restricted_industry": True}, "FUND-INV-PROHIBITED"),
    ],
)
def test_target_conditions(target_changes: dict[str, Any], rule_id: str) -> None:
    assert check(replace(INV, target=replace(TARGET, **target_changes))).failed_rules == [rule_id]


@pytest.mark.parametrize(
    ("stake", "control", "expected"),
    [("0.50", False, Outcome.PASS), ("0.5001", False, Outcome.WARN), ("0.10", True, Outcome.WARN)],
)
def test_control_is_flagged_in_principle(stake: str, control: bool, expected: Outcome) -> None:
    assert (
        outcome(
            check(replace(INV, stake_after=D(stake), gains_actual_control=control)),
            "FUND-INV-NO-CONTROL",
        )
        is expected
    )


@pytest.mark.parametrize(
    "kind",
    [
        k
        for k in AssetClass
        if k not in (AssetClass.EQUITY, AssetClass.BANK_DEPOSIT, AssetClass.ENTERPRISE_BOND)
    ],
)
def test_prohibited_uses(kind: AssetClass) -> None:
    decision = check(replace(INV, asset_class=kind))
    assert outcome(decision, "FUND-INV-PROHIBITED") is Outcome.FAIL
    assert outcome(decision, "FUND-INV-UNLISTED") is Outcome.NOT_APPLICABLE


def test_approved_public_welfare_donations_are_allowed() -> None:
    decision = check(
        replace(INV, asset_class=AssetClass.DONATION, approved_public_welfare_donation=True)
    )
    assert outcome(decision, "FUND-INV-PROHIBITED") is Outcome.PASS


@pytest.mark.parametrize(
    ("rating", "expected"), [("AA+", Outcome.FAIL), ("AAA", Outcome.WARN), (None, Outcome.FAIL)]
)
def test_enterprise_bonds(rating: str | None, expected: Outcome) -> None:
    assert (
        outcome(
            check(replace(INV, asset_class=AssetClass.ENTERPRISE_BOND, bond_rating=rating)),
            "FUND-INV-PROHIBITED",
        )
        is expected
    )


def test_recovered_proceeds_only_go_to_bank_deposits() -> None:
    assert check(replace(INV, funded_from_recovered_proceeds=True)).failed_rules == [
        "FUND-INV-NO-RECYCLE"
    ]
    parked = check(
        replace(INV, asset_class=AssetClass.BANK_DEPOSIT, funded_from_recovered_proceeds=True)
    )
    assert parked.outcome is Outcome.PASS
