"""Wenzhou reinvestment: worked example 1, crediting cases, exclusions and the stage tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from fund.domain import (
    CompanyFacts,
    CreditCase,
    PortfolioInvestment,
    ProductStatus,
    check_stage_targets,
    credit_reinvestment,
    evaluate_portfolio,
    reinvestment_target,
)
from govkit.rules import Decision, Outcome

RECOGNISED = date(2024, 6, 30)
COMMITMENT = D("40000000.00")


def inv(
    company: str, amount: str, *, wenzhou: bool = False, **facts: object
) -> PortfolioInvestment:
    return replace(PortfolioInvestment(company, D(amount), date(2022, 3, 1), wenzhou), **facts)  # type: ignore[arg-type]


EXAMPLE = (
    inv("A", "20000000.00", wenzhou=True),
    inv("B", "10000000.00", relocated_to_wenzhou_on=date(2023, 1, 5), stay_commitment_years=5),
    inv("C", "5000000.00", wenzhou=True, leading_talent_or_team=True),
    inv("D", "8000000.00", acquired_by_wenzhou_stake=D("0.60"), acquired_on=date(2023, 3, 1)),
    inv("E", "3000000.00", acquired_by_wenzhou_stake=D("0.40"), acquired_on=date(2023, 3, 1)),
    inv(
        "F",
        "2000000.00",
        wenzhou_subsidiary_investment=D("3000000.00"),
        subsidiary_set_up_on=date(2023, 2, 1),
        stay_commitment_years=5,
    ),
    # G had left Wenzhou a year before recognition, then "relocated" back: not an outside company
    inv(
        "G",
        "4000000.00",
        relocated_to_wenzhou_on=date(2023, 9, 1),
        moved_out_of_wenzhou_on=date(2023, 6, 30),
        stay_commitment_years=5,
    ),
)


def rule(decision: Decision, rule_id: str) -> list[Outcome]:
    return [f.outcome for f in decision.findings if f.rule_id == rule_id]


def test_worked_example_credits_each_investment() -> None:
    result = credit_reinvestment(
        EXAMPLE, mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    )
    credited = {line.company: line.credited for line in result.lines}
    assert credited == {
        "A": D("20000000.00"),
        "B": D("20000000.00"),
        "C": D("10000000.00"),
        "D": D("8000000.00"),
        "E": D("0.00"),
        "F": D("2000000.00"),
        "G": D("0.00"),
    }
    cases = {line.company: line.case for line in result.lines}
    assert cases["B"] is CreditCase.RELOCATION
    assert cases["F"] is CreditCase.SUBSIDIARY
    assert result.credited_total == D("60000000.00")
    assert result.target == D("60000000.00")
    assert result.shortfall == D("0.00")
    assert rule(result.decision, "FUND-SUB-REINVEST") == [Outcome.PASS]
    assert rule(result.decision, "FUND-SUB-REINVEST-EXCLUDE") == [Outcome.WARN]  # G, explained
    assert "FUND-SUB-REINVEST" not in result.decision.failed_rules


def test_one_fen_short_of_1_5_times_fails() -> None:
    short = (replace(EXAMPLE[0], amount=D("19999999.99")), *EXAMPLE[1:])
    result = credit_reinvestment(short, mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED)
    assert result.credited_total == D("59999999.99")
    assert result.shortfall == D("0.01")
    assert result.decision.failed_rules == ["FUND-SUB-REINVEST"]


def test_target_is_1_5_times_the_commitment() -> None:
    assert reinvestment_target(COMMITMENT, as_of=RECOGNISED) == D("60000000.00")


def test_cases_never_stack_the_most_favourable_wins() -> None:
    # relocated (2×) and acquired (1×) and committee-approved 15,000,000: the largest single case
    both = inv(
        "X",
        "10000000.00",
        relocated_to_wenzhou_on=date(2023, 1, 1),
        stay_commitment_years=5,
        acquired_by_wenzhou_stake=D("0.9"),
        acquired_on=date(2023, 1, 1),
        leading_talent_or_team=True,
    )
    (line,) = credit_reinvestment(
        [both], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert line.credited == D("20000000.00")
    assert set(line.candidates) == {
        CreditCase.RELOCATION,
        CreditCase.TALENT_OR_TEAM,
        CreditCase.ACQUISITION,
    }
    approved = replace(both, committee_approved_amount=D("25000000.00"))
    (line,) = credit_reinvestment(
        [approved], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert (line.case, line.credited) == (CreditCase.COMMITTEE_APPROVED, D("25000000.00"))


@pytest.mark.parametrize(("stake", "credited"), [("0.50", "0.00"), ("0.5001", "8000000.00")])
def test_acquisition_must_exceed_half(stake: str, credited: str) -> None:
    x = inv("D", "8000000.00", acquired_by_wenzhou_stake=D(stake), acquired_on=date(2023, 3, 1))
    (line,) = credit_reinvestment(
        [x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert line.credited == D(credited)


@pytest.mark.parametrize(
    ("subsidiary", "credited"), [("1500000.00", "1500000.00"), ("3000000.00", "2000000.00")]
)
def test_subsidiary_counts_its_audited_investment_capped_at_the_funds(
    subsidiary: str, credited: str
) -> None:
    x = inv(
        "F",
        "2000000.00",
        wenzhou_subsidiary_investment=D(subsidiary),
        subsidiary_set_up_on=date(2023, 2, 1),
        stay_commitment_years=5,
    )
    (line,) = credit_reinvestment(
        [x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert line.credited == D(credited)


@pytest.mark.parametrize(
    ("moved_out", "credited"), [(date(2022, 6, 30), "0.00"), (date(2022, 6, 29), "20000000.00")]
)
def test_moved_out_within_2_years_before_recognition_is_not_an_outside_company(
    moved_out: date, credited: str
) -> None:
    x = inv(
        "B",
        "10000000.00",
        relocated_to_wenzhou_on=date(2023, 1, 5),
        moved_out_of_wenzhou_on=moved_out,
        stay_commitment_years=5,
    )
    (line,) = credit_reinvestment(
        [x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert line.credited == D(credited)


@pytest.mark.parametrize(("years", "credited"), [(5, "20000000.00"), (4, "0.00")])
def test_relocation_needs_a_5_year_stay_commitment(years: int, credited: str) -> None:
    x = inv(
        "B", "10000000.00", relocated_to_wenzhou_on=date(2023, 1, 5), stay_commitment_years=years
    )
    result = credit_reinvestment([x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED)
    assert result.lines[0].credited == D(credited)
    if years < 5:
        assert rule(result.decision, "FUND-SUB-REINVEST-EXCLUDE") == [Outcome.WARN]


def test_relocating_and_leaving_again_breaks_the_commitment() -> None:
    x = inv(
        "B",
        "10000000.00",
        relocated_to_wenzhou_on=date(2021, 1, 5),
        moved_out_of_wenzhou_on=date(2021, 12, 1),
        stay_commitment_years=5,
    )
    (line,) = credit_reinvestment(
        [x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert line.credited == D("0.00")


def test_events_outside_the_funds_term_do_not_count() -> None:
    x = inv("B", "10000000.00", relocated_to_wenzhou_on=date(2023, 1, 5), stay_commitment_years=5)
    term = (date(2023, 1, 6), date(2030, 1, 5))
    (line,) = credit_reinvestment(
        [x], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED, term=term
    ).lines
    assert line.credited == D("0.00")


def test_the_managers_other_funds_count_once() -> None:
    other = inv(
        "O", "7000000.00", wenzhou=True, by_manager_other_fund=True, leading_talent_or_team=True
    )
    moved = inv(
        "P",
        "3000000.00",
        by_manager_other_fund=True,
        relocated_to_wenzhou_on=date(2023, 1, 5),
        stay_commitment_years=5,
    )
    lines = credit_reinvestment(
        [other, moved], mother_fund_commitment=COMMITMENT, recognised_on=RECOGNISED
    ).lines
    assert [(line.case, line.credited) for line in lines] == [
        (CreditCase.MANAGER_OTHER_FUND, D("7000000.00")),
        (CreditCase.MANAGER_OTHER_FUND, D("3000000.00")),
    ]


# -- 三（一）6 stage tests -------------------------------------------------------------------------


def company(stage: str) -> CompanyFacts:
    base = CompanyFacts(
        "co", True, False, ProductStatus.MARKETED, False, True, 100, D("10000000"), False, True
    )
    if stage == "seed":
        return replace(base, product_status=ProductStatus.PROTOTYPE, little_or_no_sales=True)
    if stage == "growth":
        return replace(base, employees=500)
    if stage == "none":
        return replace(base, employees=500, recognised_tech_sme=False)
    return base  # start-up


def staged(name: str, amount: str, stage: str, *, wenzhou: bool = True) -> PortfolioInvestment:
    return inv(name, amount, wenzhou=wenzhou, company_facts=company(stage))


@pytest.mark.parametrize(
    ("early", "growth", "early_ok", "all_ok"),
    [
        ("10000000.00", "10000000.00", True, True),  # 0.5× and 1× of 20,000,000 exactly
        ("9999999.99", "10000000.01", False, True),
        ("10000000.00", "9999999.99", True, False),
    ],
)
def test_stage_targets_both_sides(early: str, growth: str, early_ok: bool, all_ok: bool) -> None:
    portfolio = [
        staged("s", early, "seed"),
        staged("g", growth, "growth"),
        staged("n", "50000000.00", "none"),
        staged("x", "9000000.00", "seed", wenzhou=False),
    ]
    result = check_stage_targets(portfolio, mother_fund_paid_in=D("20000000.00"), as_of=RECOGNISED)
    assert result.early_target == D("10000000.00")
    assert result.all_target == D("20000000.00")
    outcomes = {f.rule_id: f.outcome for f in result.findings}
    assert outcomes["FUND-SUB-STAGE-EARLY"] is (Outcome.PASS if early_ok else Outcome.FAIL)
    assert outcomes["FUND-SUB-STAGE-ALL"] is (Outcome.PASS if all_ok else Outcome.FAIL)


def test_portfolio_says_what_is_missing() -> None:
    portfolio = [
        *EXAMPLE[:2],
        staged("s", "5000000.00", "startup"),
        inv("u", "1000000.00", wenzhou=True),
    ]
    decision = evaluate_portfolio(
        portfolio,
        mother_fund_commitment=COMMITMENT,
        mother_fund_paid_in=D("20000000.00"),
        recognised_on=RECOGNISED,
    )
    missing = decision.result["missing"]
    assert missing["reinvestment"] == D("14000000.00")  # 60,000,000 − (20 + 20 + 5 + 1) million
    assert missing["early_stage"] == D("5000000.00")
    assert missing["all_stages"] == D("15000000.00")
    assert missing["company_facts_for"] == ("A", "B", "u")  # B counts: it relocated to Wenzhou
    assert set(decision.failed_rules) == {
        "FUND-SUB-REINVEST",
        "FUND-SUB-STAGE-EARLY",
        "FUND-SUB-STAGE-ALL",
    }
