"""Concessions: worked examples 2 and 3, the LPR pick, tiers, the manager's share."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import pytest

import fund
from fund.domain import (
    Buyer,
    FundDomainError,
    LprQuote,
    PostLiquidationFacts,
    PreLiquidationFacts,
    check_concession_share,
    pick_lpr,
    post_liquidation_concession,
    pre_liquidation_price,
)
from govkit.rules import Decision, Outcome

LPR = LprQuote(D("0.0345"), date(2024, 3, 20))
FACTS = PreLiquidationFacts(
    buyer=Buyer.MANAGER,
    original_investment=D("30000000.00"),
    first_paid_in_on=date(2018, 6, 15),
    base_date=date(2024, 3, 20),
    subfund_paid_in_capital=D("100000000.00"),
    subfund_external_investment=D("80000000.00"),  # exactly 80%
    investments_compliant=True,
)


def outcomes(decision: Decision) -> dict[str, Outcome]:
    return {f.rule_id: f.outcome for f in decision.findings}


def test_worked_example_after_4_years() -> None:
    r = pre_liquidation_price(FACTS, lpr=LPR)
    assert r.free_period_end == date(2022, 6, 15)  # the 4th anniversary, whatever the weekday
    assert r.year5_start == date(2022, 6, 16)  # interest runs from the day after it
    assert (r.whole_years, r.remaining_days) == (1, 279)
    assert r.interest == D("1826136.99")  # 30,000,000 × 3.45% × (1 + 279/365)
    assert r.price == D("31826136.99")
    assert r.lpr == LPR
    assert r.decision.result["lpr"] == {"rate": D("0.0345"), "published_on": date(2024, 3, 20)}
    assert outcomes(r.decision) == {
        "FUND-CONC-PRE-4Y": Outcome.NOT_APPLICABLE,
        "FUND-CONC-PRE-LATER": Outcome.PASS,
        "FUND-CONC-THIRD-PARTY": Outcome.NOT_APPLICABLE,
    }
    later = next(f for f in r.decision.findings if f.rule_id == "FUND-CONC-PRE-LATER")
    assert later.facts["lpr_published_on"] == date(2024, 3, 20)
    assert later.facts["remaining_days"] == 279


def test_worked_example_on_the_last_day_of_4_years() -> None:
    r = pre_liquidation_price(replace(FACTS, base_date=date(2022, 6, 15)), lpr=None)
    assert r.within_free_period
    assert r.price == D("30000000.00")
    assert r.interest == D("0.00")
    assert outcomes(r.decision)["FUND-CONC-PRE-4Y"] is Outcome.PASS


def test_the_day_after_4_years_accrues_one_day() -> None:
    r = pre_liquidation_price(
        replace(FACTS, base_date=date(2022, 6, 16)), lpr=LprQuote(D("0.037"), date(2022, 5, 20))
    )
    assert (r.whole_years, r.remaining_days) == (0, 1)
    assert r.price == D("30003041.10")  # 30,000,000 × 3.7% / 365 = 3,041.0958…


def test_a_4th_anniversary_on_a_rest_day_does_not_extend_the_band() -> None:
    # 2019-10-01 + 4 years = 2023-10-01, in the National Day holiday (to 10-06; 10-07 a make-up
    # working day). A pricing band is not a time limit: no holiday shift, it ends on 10-01.
    first = date(2019, 10, 1)
    on_it = pre_liquidation_price(
        replace(FACTS, first_paid_in_on=first, base_date=date(2023, 10, 1)), lpr=None
    )
    assert on_it.within_free_period
    assert on_it.free_period_end == date(2023, 10, 1)
    assert on_it.year5_start == date(2023, 10, 2)
    assert on_it.price == D("30000000.00")
    reading = next(f for f in on_it.decision.findings if f.rule_id == "FUND-CONC-PRE-4Y")
    assert "不因节假日顺延" in reading.message_zh
    assert "no holiday shift" in reading.message_en
    assert reading.facts["free_period_end"] == date(2023, 10, 1)
    quote = LprQuote(D("0.0345"), date(2023, 9, 20))
    for shifted in (date(2023, 10, 2), date(2023, 10, 6), date(2023, 10, 7)):
        r = pre_liquidation_price(
            replace(FACTS, first_paid_in_on=first, base_date=shifted), lpr=quote
        )
        assert not r.within_free_period, shifted
        assert r.free_period_end == date(2023, 10, 1), shifted  # not moved by the base date
        assert r.year5_start == date(2023, 10, 2), shifted
        assert (r.whole_years, r.remaining_days) == (0, (shifted - date(2023, 10, 1)).days)


def test_the_price_is_continuous_across_the_end_of_the_band() -> None:
    """Day by day from a week before the anniversary to three weeks after (a holiday inside):
    nothing inside the band, then exactly one more day of interest for each day."""
    first = date(2019, 10, 1)
    quote = LprQuote(D("0.0345"), date(2023, 9, 20))
    one_day = D("30000000.00") * D("0.0345") / 365
    previous = None
    for offset in range(-7, 22):
        base = date(2023, 10, 1) + timedelta(days=offset)
        r = pre_liquidation_price(replace(FACTS, first_paid_in_on=first, base_date=base), lpr=quote)
        days = max(offset, 0)
        assert r.interest == (one_day * days).quantize(D("0.01"), ROUND_HALF_UP), base
        assert r.price == D("30000000.00") + r.interest
        if previous is not None and offset > 0:
            assert abs(r.price - previous - one_day) <= D("0.01"), base  # no jump
        previous = r.price


def test_the_band_ends_on_the_same_numbered_day_of_the_4th_year() -> None:
    # art. 202: 2020-02-29 + 4 years = 2024-02-29 (a leap year again); the next day pays one day
    r = pre_liquidation_price(
        replace(FACTS, first_paid_in_on=date(2020, 2, 29), base_date=date(2024, 3, 1)),
        lpr=LprQuote(D("0.0345"), date(2024, 2, 20)),
    )
    assert r.free_period_end == date(2024, 2, 29)
    assert (r.whole_years, r.remaining_days) == (0, 1)
    r = pre_liquidation_price(
        replace(FACTS, first_paid_in_on=date(2019, 2, 28), base_date=date(2023, 2, 28)), lpr=None
    )
    assert r.within_free_period
    assert r.free_period_end == date(2023, 2, 28)


def test_less_than_80_percent_invested_is_not_eligible() -> None:
    r = pre_liquidation_price(replace(FACTS, subfund_external_investment=D("79999999.99")), lpr=LPR)
    assert not r.eligible
    assert r.decision.failed_rules == ["FUND-CONC-PRE-LATER"]


def test_a_third_party_buys_at_auction_with_the_price_as_floor() -> None:
    r = pre_liquidation_price(replace(FACTS, buyer=Buyer.THIRD_PARTY), lpr=LPR)
    assert outcomes(r.decision)["FUND-CONC-THIRD-PARTY"] is Outcome.PASS
    assert r.decision.result["auction_floor"] is True
    assert r.price == D("31826136.99")


def test_lpr_is_required_after_4_years_and_must_not_postdate_the_base_date() -> None:
    with pytest.raises(FundDomainError) as err:
        pre_liquidation_price(FACTS, lpr=None)
    assert err.value.rule_id == "FUND-CONC-PRE-LATER"
    with pytest.raises(FundDomainError):
        pre_liquidation_price(FACTS, lpr=LprQuote(D("0.0345"), date(2024, 3, 21)))


def test_pick_lpr_takes_the_latest_on_or_before_the_base_date() -> None:
    quotes = [
        LprQuote.from_percent("3.45", date(2024, 2, 20)),
        LprQuote.from_percent("3.45", date(2024, 3, 20)),
        LprQuote.from_percent("3.35", date(2024, 7, 22)),
    ]
    assert pick_lpr(quotes, date(2024, 3, 20)).published_on == date(2024, 3, 20)
    assert pick_lpr(quotes, date(2024, 3, 19)).published_on == date(2024, 2, 20)
    with pytest.raises(FundDomainError) as err:
        pick_lpr(quotes, date(2024, 2, 19))
    assert err.value.rule_id == "FUND-CONC-PRE-LATER"


def test_pick_lpr_over_the_published_table() -> None:
    path = Path(fund.__file__).resolve().parent / "data" / "lpr-1y.csv"  # the seeded table
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    quotes = [
        LprQuote.from_percent(row["lpr_1y_percent"], date.fromisoformat(row["published_on"]))
        for row in csv.DictReader(lines)
    ]
    assert pick_lpr(quotes, date(2024, 3, 20)) == LprQuote(D("0.0345"), date(2024, 3, 20))


def test_a_percent_figure_is_not_mistaken_for_a_rate() -> None:
    with pytest.raises(FundDomainError):
        LprQuote(D("3.45"), date(2024, 3, 20))


# -- worked example 3: after liquidation ----------------------------------------------------------


def post(reinvested: str, **changes: object) -> Decision:
    facts = PostLiquidationFacts(D("20000000.00"), D(reinvested), D("5000000.00"), True, True)
    return post_liquidation_concession(replace(facts, **changes), as_of=date(2031, 6, 30)).decision  # type: ignore[arg-type]


def test_worked_example_180_percent() -> None:
    c = post_liquidation_concession(
        PostLiquidationFacts(D("20000000.00"), D("36000000.00"), D("5000000.00"), True, True),
        as_of=date(2031, 6, 30),
    )
    assert c.reinvestment_ratio == D("1.8")
    assert c.tier_rate == D("0.60")
    assert c.concession == D("3000000.00")
    assert c.manager_minimum == D("600000.00")
    assert outcomes(c.decision) == {
        "FUND-CONC-POST-LIQ": Outcome.PASS,
        "FUND-CONC-SHARE": Outcome.PASS,
    }


@pytest.mark.parametrize(
    ("reinvested", "rate", "concession"),
    [
        ("35000000.00", "0.40", "2000000.00"),  # exactly 175% → ①
        ("35000000.01", "0.60", "3000000.00"),
        ("30000000.00", "0.40", "2000000.00"),  # exactly 150%
        ("29999999.99", "0", "0.00"),  # just under 150%
        ("40000000.01", "0.80", "4000000.00"),
    ],
)
def test_tiers(reinvested: str, rate: str, concession: str) -> None:
    result = post(reinvested).result
    assert (result["tier_rate"], result["concession"]) == (D(rate), D(concession))


def test_exactly_200_percent_is_flagged_as_a_conflict_in_the_text() -> None:
    decision = post("40000000.00")
    assert decision.result["tier_rate"] == D("0.60")
    assert outcomes(decision)["FUND-CONC-POST-LIQ"] is Outcome.WARN


def test_no_concession_without_the_preconditions() -> None:
    decision = post("36000000.00", recovered_principal_and_agreed_returns=False)
    assert decision.result["concession"] == D("0.00")
    assert "FUND-CONC-POST-LIQ" in decision.failed_rules


@pytest.mark.parametrize(
    ("manager", "expected"), [("600000.00", Outcome.PASS), ("599999.99", Outcome.FAIL)]
)
def test_managers_share_of_the_concession(manager: str, expected: Outcome) -> None:
    assert (
        outcomes(post("36000000.00", manager_concession=D(manager)))["FUND-CONC-SHARE"] is expected
    )
    assert (
        check_concession_share(D("3000000.00"), D(manager), as_of=date(2031, 6, 30)).outcome
        is expected
    )
