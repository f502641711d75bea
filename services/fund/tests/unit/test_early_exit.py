"""六（八） early exit and 六（三） paying in last."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from fund.domain import (
    EarlyExitFacts,
    PaidInTranche,
    PayInFacts,
    early_exit_floor,
    early_exit_triggers,
    mother_fund_pay_in,
)
from govkit.rules import Outcome

HEALTHY = EarlyExitFacts(
    agreement_signed_on=date(2022, 3, 1),
    registered_on=date(2022, 4, 15),
    amac_filed_on=date(2022, 7, 1),
    investment_dates=(date(2022, 9, 1),),
    mother_fund_disbursed_on=date(2022, 8, 1),
)
ON = date(2024, 1, 10)


def triggers(facts: EarlyExitFacts, on: date = ON) -> list[str]:
    return list(early_exit_triggers(facts, as_of=on).result["triggers"])


def test_a_healthy_fund_has_no_trigger() -> None:
    decision = early_exit_triggers(HEALTHY, as_of=ON)
    assert decision.outcome is Outcome.PASS
    assert decision.result["triggers"] == []


@pytest.mark.parametrize(
    ("registered_on", "expected"),
    [(date(2022, 6, 1), []), (date(2022, 6, 2), ["2"])],  # 3 months after 2022-03-01 end 2022-06-01
)
def test_registration_within_3_months_of_signing(registered_on: date, expected: list[str]) -> None:
    assert (
        triggers(replace(HEALTHY, registered_on=registered_on, amac_filed_on=date(2022, 7, 1)))
        == expected
    )


def test_force_majeure_excuses_late_registration() -> None:
    late = replace(
        HEALTHY, registered_on=date(2022, 7, 1), registration_delayed_by_force_majeure=True
    )
    assert triggers(late) == []


def test_unregistered_counts_only_once_the_3_months_are_over() -> None:
    pending = replace(HEALTHY, registered_on=None)
    assert triggers(pending, on=date(2022, 6, 1)) == []
    assert triggers(pending, on=date(2022, 6, 2)) == ["2"]


@pytest.mark.parametrize(
    ("filed", "first", "expected"),
    [
        (date(2023, 4, 17), date(2023, 4, 17), []),  # 2023-04-15 is a Saturday: the year ends 04-17
        (date(2023, 4, 18), date(2022, 9, 1), ["2"]),
        (
            date(2022, 7, 1),
            date(2023, 4, 18),
            ["2"],
        ),  # within a year of the 2022-08-01 disbursement
    ],
)
def test_filing_and_first_investment_within_a_year_of_registration(
    filed: date, first: date, expected: list[str]
) -> None:
    facts = replace(
        HEALTHY,
        amac_filed_on=filed,
        investment_dates=(first,),
        mother_fund_disbursed_on=date(2022, 8, 1),
    )
    assert triggers(facts) == expected


@pytest.mark.parametrize(("first", "expected"), [(date(2023, 8, 1), []), (date(2023, 8, 2), ["3"])])
def test_idle_for_more_than_a_year_after_disbursement(first: date, expected: list[str]) -> None:
    facts = replace(
        HEALTHY,
        registered_on=date(2022, 4, 15),
        investment_dates=(date(2022, 5, 1), first),
        mother_fund_disbursed_on=date(2022, 8, 1),
    )
    assert triggers(facts) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"not_investing_as_agreed_unrectified": True}, ["1"]),
        ({"non_compliant_investments": True}, ["4"]),
        ({"penalised_for_illegal_operation": True}, ["5"]),
        ({"manager_control_changed": True}, ["6"]),
        ({"manager_control_changed": True, "manager_change_approved": True}, []),
        ({"core_team_members": 6, "core_team_members_changed": 3}, ["6"]),  # half counts
        ({"core_team_members": 6, "core_team_members_changed": 2}, []),
    ],
)
def test_other_triggers(changes: dict[str, object], expected: list[str]) -> None:
    assert triggers(replace(HEALTHY, **changes)) == expected  # type: ignore[arg-type]


def test_early_exit_floor_is_principal_plus_demand_deposit_interest() -> None:
    tranches = [
        PaidInTranche(D("10000000.00"), date(2022, 1, 1)),
        PaidInTranche(D("5000000.00"), date(2023, 1, 1)),
    ]
    floor = early_exit_floor(tranches, exit_on=date(2024, 1, 1), demand_deposit_rate=D("0.0035"))
    # 10,000,000 × 0.35% × 730/360 + 5,000,000 × 0.35% × 365/360 = 70,972.22… + 17,743.05… = 88,715.27…
    assert floor.interest == D("88715.28")
    assert floor.floor == D("15088715.28")
    ok = early_exit_floor(
        tranches,
        exit_on=date(2024, 1, 1),
        demand_deposit_rate=D("0.0035"),
        agreed_price=D("15088715.28"),
    )
    low = early_exit_floor(
        tranches,
        exit_on=date(2024, 1, 1),
        demand_deposit_rate=D("0.0035"),
        agreed_price=D("15088715.27"),
    )
    assert ok.decision.outcome is Outcome.PASS
    assert low.decision.failed_rules == ["FUND-EARLY-EXIT-PRICE"]


PAY = PayInFacts(True, D("30000000.00"), D("6000000.00"), D("70000000.00"), D("35000000.00"), False)


def test_the_mother_fund_pays_in_pro_rata_to_the_others() -> None:
    allowance = mother_fund_pay_in(PAY, as_of=ON)
    assert (allowance.allowed_total, allowance.due_now) == (D("15000000.00"), D("9000000.00"))
    assert (
        mother_fund_pay_in(PAY, as_of=ON, proposed=D("9000000.00")).decision.outcome is Outcome.PASS
    )
    assert mother_fund_pay_in(PAY, as_of=ON, proposed=D("9000000.01")).decision.failed_rules == [
        "FUND-RISK-LAST-IN"
    ]


def test_no_pay_in_before_registration_and_a_right_to_refuse_when_others_are_late() -> None:
    assert mother_fund_pay_in(
        replace(PAY, subfund_registered=False), as_of=ON, proposed=D("1.00")
    ).decision.failed_rules == ["FUND-RISK-LAST-IN"]
    late = mother_fund_pay_in(replace(PAY, others_overdue=True), as_of=ON)
    assert late.may_refuse
    assert late.decision.outcome is Outcome.WARN
