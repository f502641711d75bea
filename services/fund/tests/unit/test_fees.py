"""Management fees: worked example 4 and the sub-fund's caps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from fund.domain import FeePeriod, Rating, check_subfund_fee, mother_fund_fee, subfund_fee_cap
from govkit.rules import Outcome

ON = date(2024, 1, 2)
BASE = D("1000000000.00")


def test_worked_example_good_rating() -> None:
    fee = mother_fund_fee(invested_total_at_year_start=BASE, rating=Rating.GOOD, as_of=ON)
    assert fee.annual_fee == D("8000000.00")
    assert fee.upfront_draw == D("3000000.00")  # 50% of the qualified 0.6%
    assert fee.balance == D("5000000.00")
    (finding,) = fee.decision.findings
    assert finding.rule_id == "FUND-MGMT-FEE"
    assert finding.parameters["fund.mgmt_fee.rate.good"] == D("0.008")


@pytest.mark.parametrize(
    ("rating", "annual", "balance"),
    [
        (Rating.EXCELLENT, "10000000.00", "7000000.00"),
        (Rating.QUALIFIED, "6000000.00", "3000000.00"),
        (Rating.BELOW_STANDARD, "4000000.00", "1000000.00"),
    ],
)
def test_other_ratings(rating: Rating, annual: str, balance: str) -> None:
    fee = mother_fund_fee(invested_total_at_year_start=BASE, rating=rating, as_of=ON)
    assert (fee.annual_fee, fee.balance) == (D(annual), D(balance))


def test_before_the_rating_only_the_upfront_draw_is_known() -> None:
    fee = mother_fund_fee(invested_total_at_year_start=D("123456789.01"), rating=None, as_of=ON)
    assert fee.upfront_draw == D("370370.37")  # 123,456,789.01 × 0.6% × 50% = 370,370.367…
    assert fee.annual_fee is None
    assert fee.balance is None


@pytest.mark.parametrize(
    ("period", "charged", "expected"),
    [
        (FeePeriod.INVESTMENT, "2500000.00", Outcome.PASS),  # 2.5% of 100,000,000 paid in
        (FeePeriod.INVESTMENT, "2500000.01", Outcome.FAIL),
        (FeePeriod.EXIT, "400000.00", Outcome.PASS),  # 1% of 40,000,000 unexited principal
        (FeePeriod.EXIT, "400000.01", Outcome.FAIL),
        (FeePeriod.EXTENSION, "0.00", Outcome.PASS),
        (FeePeriod.EXTENSION, "0.01", Outcome.FAIL),
    ],
)
def test_subfund_fee_caps(period: FeePeriod, charged: str, expected: Outcome) -> None:
    decision = check_subfund_fee(
        period,
        charged=D(charged),
        paid_in_total=D("100000000.00"),
        unexited_principal=D("40000000.00"),
        as_of=ON,
    )
    assert decision.outcome is expected


def test_fee_cap_amounts() -> None:
    cap = subfund_fee_cap(
        FeePeriod.EXIT,
        paid_in_total=D("100000000.00"),
        unexited_principal=D("33333333.33"),
        as_of=ON,
    )
    assert cap.annual_cap == D("333333.33")
    assert subfund_fee_cap(
        FeePeriod.EXTENSION, paid_in_total=D("1"), unexited_principal=D("1"), as_of=ON
    ).annual_cap == D("0.00")
