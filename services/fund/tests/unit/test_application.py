"""check_application: worked example 6 and both sides of every application-time threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from fund.domain import (
    DEFAULT_PARAMETERS,
    Applicant,
    ApplicationFacts,
    ApplicationKind,
    Attestation,
    CapitalIncrease,
    Contributor,
    ContributorRole,
    ForeignCredentials,
    FundDomainError,
    FundTerm,
    LegalForm,
    TrackRecord,
    TrackRecordBasis,
    check_application,
)
from fund.domain.examples import EXAMPLE_APPLICATION, EXAMPLE_AS_OF
from govkit.rules import Decision, Finding, Outcome

APP = EXAMPLE_APPLICATION
AS_OF = EXAMPLE_AS_OF


def check(app: ApplicationFacts = APP, as_of: date = AS_OF) -> Decision:
    return check_application(app, DEFAULT_PARAMETERS, as_of)


def finding(decision: Decision, rule_id: str) -> Finding:
    (found,) = [f for f in decision.findings if f.rule_id == rule_id]
    return found


def outcome(app: ApplicationFacts, rule_id: str) -> Outcome:
    return finding(check(app), rule_id).outcome


def sized(size: str, mother: str, others: tuple[tuple[str, str], ...] = ()) -> ApplicationFacts:
    """An application with these amounts (a manager stake of 1% keeps the other rules passing)."""
    total = D(size)
    contributors = tuple(
        Contributor(name, D(amount), ContributorRole.OTHER, True, True) for name, amount in others
    )
    manager = Contributor("manager", total * D("0.01"), ContributorRole.MANAGER, True, True)
    return replace(
        APP,
        total_size=total,
        mother_fund_commitment=D(mother),
        contributors=(manager, *contributors),
    )


def test_the_example_application_passes_every_rule() -> None:
    decision = check()
    assert decision.outcome is Outcome.PASS
    assert decision.failed_rules == []
    assert {f.rule_id for f in decision.findings} >= {
        "FUND-SUB-LEGAL-FORM", "FUND-SUB-SIZE-MIN", "FUND-SUB-RATIO-MAX", "FUND-SUB-NOT-LARGEST",
        "FUND-SUB-TERM", "FUND-SUB-FEE-INVEST", "FUND-SUB-FEE-EXIT", "FUND-SUB-FEE-EXTENSION",
        "FUND-SUB-FEE-PARITY", "FUND-SUB-DOMICILE", "FUND-SUB-FIELD", "FUND-APPLICANT-DOMESTIC",
        "FUND-APPLICANT-FOREIGN", "FUND-MANAGER-CAPITAL", "FUND-MANAGER-COMMIT", "FUND-MANAGER-TEAM",
        "FUND-MANAGER-TRACK", "FUND-MANAGER-CONTROLS", "FUND-RISK-COMMIT-30", "FUND-RISK-INCREASE",
        "FUND-RISK-PRIORITY", "FUND-RISK-OBSERVER", "FUND-TRANSITION",
    }  # fmt: skip
    assert decision.rules_version
    assert decision.as_of == AS_OF


# -- worked example 6 ---------------------------------------------------------------------------


def test_size_exactly_50_million_passes() -> None:
    app = sized("50000000.00", "15000000.00", (("big", "20000000.00"),))
    assert outcome(app, "FUND-SUB-SIZE-MIN") is Outcome.PASS


def test_size_one_fen_short_fails() -> None:
    app = sized("49999999.99", "15000000.00", (("big", "20000000.00"),))
    assert check(app).failed_rules == ["FUND-SUB-SIZE-MIN"]


def test_mother_fund_exactly_40_percent_passes() -> None:
    app = sized("100000000.00", "40000000.00", (("big", "50000000.00"),))
    assert outcome(app, "FUND-SUB-RATIO-MAX") is Outcome.PASS


def test_mother_fund_40_01_percent_fails() -> None:
    app = sized("100000000.00", "40010000.00", (("big", "50000000.00"),))
    assert check(app).failed_rules == ["FUND-SUB-RATIO-MAX"]


def test_equal_to_the_largest_other_contributor_fails() -> None:
    app = sized("100000000.00", "30000000.00", (("big", "30000000.00"), ("small", "10000000.00")))
    assert check(app).failed_rules == ["FUND-SUB-NOT-LARGEST"]


def test_one_fen_below_the_largest_other_contributor_passes() -> None:
    app = sized("100000000.00", "29999999.99", (("big", "30000000.00"),))
    assert outcome(app, "FUND-SUB-NOT-LARGEST") is Outcome.PASS


def test_no_other_contributor_makes_the_mother_fund_largest() -> None:
    app = replace(APP, contributors=())
    assert outcome(app, "FUND-SUB-NOT-LARGEST") is Outcome.FAIL


def test_term_4_plus_4_passes() -> None:
    app = replace(APP, term=FundTerm(D(4), D(4)))
    assert outcome(app, "FUND-SUB-TERM") is Outcome.PASS


def test_term_4_plus_4_plus_2_extension_without_approval_fails() -> None:
    app = replace(APP, term=FundTerm(D(4), D(4), D(2), extension_approved=False))
    assert check(app).failed_rules == ["FUND-SUB-TERM"]


def test_term_4_plus_4_plus_2_approved_passes_and_3_fails() -> None:
    assert (
        outcome(replace(APP, term=FundTerm(D(4), D(4), D(2), True)), "FUND-SUB-TERM")
        is Outcome.PASS
    )
    assert (
        outcome(replace(APP, term=FundTerm(D(4), D(4), D(3), True)), "FUND-SUB-TERM")
        is Outcome.FAIL
    )


@pytest.mark.parametrize(("investment", "exit_"), [("4.5", "3"), ("3", "4.5"), ("4.5", "3.5")])
def test_periods_over_their_caps_fail(investment: str, exit_: str) -> None:
    assert (
        outcome(replace(APP, term=FundTerm(D(investment), D(exit_))), "FUND-SUB-TERM")
        is Outcome.FAIL
    )


# -- legal form, domicile, declared rules --------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "gp", "expected"),
    [
        (LegalForm.COMPANY, False, Outcome.PASS),
        (LegalForm.LIMITED_PARTNERSHIP, False, Outcome.PASS),
        (LegalForm.LIMITED_PARTNERSHIP, True, Outcome.FAIL),
        (LegalForm.OTHER, False, Outcome.FAIL),
    ],
)
def test_legal_form(form: LegalForm, gp: bool, expected: Outcome) -> None:
    app = replace(APP, legal_form=form, mother_fund_is_general_partner=gp)
    assert outcome(app, "FUND-SUB-LEGAL-FORM") is expected


def test_registered_outside_wenzhou_is_flagged_not_passed() -> None:
    decision = check(replace(APP, registered_in_wenzhou=False))
    assert finding(decision, "FUND-SUB-DOMICILE").outcome is Outcome.WARN
    assert decision.outcome is Outcome.WARN


def test_declared_rules_say_who_attested_and_when() -> None:
    f = finding(check(), "FUND-SUB-FIELD")
    assert f.outcome is Outcome.DECLARED
    assert f.facts["by"] == "张三（申请机构法定代表人）"
    assert f.facts["on"] == date(2024, 3, 1)


@pytest.mark.parametrize(
    "attestation",
    [
        Attestation(False),
        Attestation(True, None, date(2024, 3, 1)),
        Attestation(True, "张三", None),
    ],
)
def test_missing_attestations_fail(attestation: Attestation) -> None:
    manager = replace(APP.manager, controls=attestation)
    app = replace(APP, investment_field=attestation, observer_seat=attestation, manager=manager)
    assert sorted(check(app).failed_rules) == [
        "FUND-MANAGER-CONTROLS",
        "FUND-RISK-OBSERVER",
        "FUND-SUB-FIELD",
    ]


# -- fees ---------------------------------------------------------------------------------------


def fees(**changes: Any) -> ApplicationFacts:
    return replace(APP, fees=replace(APP.fees, **changes))


@pytest.mark.parametrize(
    ("changes", "rule_id", "expected"),
    [
        ({"investment_period_rate": D("0.025")}, "FUND-SUB-FEE-INVEST", Outcome.PASS),
        ({"investment_period_rate": D("0.0251")}, "FUND-SUB-FEE-INVEST", Outcome.FAIL),
        ({"exit_period_rate": D("0.01")}, "FUND-SUB-FEE-EXIT", Outcome.PASS),
        ({"exit_period_rate": D("0.0101")}, "FUND-SUB-FEE-EXIT", Outcome.FAIL),
        ({"extension_period_rate": D(0)}, "FUND-SUB-FEE-EXTENSION", Outcome.PASS),
        ({"extension_period_rate": D("0.001")}, "FUND-SUB-FEE-EXTENSION", Outcome.FAIL),
        (
            {"mother_fund_rate": D("0.02"), "lowest_other_rate": D("0.02")},
            "FUND-SUB-FEE-PARITY",
            Outcome.PASS,
        ),
        (
            {"mother_fund_rate": D("0.0201"), "lowest_other_rate": D("0.02")},
            "FUND-SUB-FEE-PARITY",
            Outcome.FAIL,
        ),
        (
            {"mother_fund_rate": D("0.0199"), "lowest_other_rate": D("0.02")},
            "FUND-SUB-FEE-PARITY",
            Outcome.PASS,
        ),
        ({"includes_all_expenses": False}, "FUND-SUB-FEE-PARITY", Outcome.FAIL),
        (
            {"includes_all_expenses": False, "mother_fund_rate": None},
            "FUND-SUB-FEE-PARITY",
            Outcome.FAIL,
        ),
    ],
)
def test_fee_rates(changes: dict[str, Any], rule_id: str, expected: Outcome) -> None:
    assert outcome(fees(**changes), rule_id) is expected


@pytest.mark.parametrize(
    ("changes", "missing", "named"),
    [
        ({"mother_fund_rate": None}, ["mother_fund_rate"], ["对科技创投基金的费率"]),
        ({"lowest_other_rate": None}, ["lowest_other_rate"], ["其他出资人中最低的费率"]),
        (
            {"mother_fund_rate": None, "lowest_other_rate": None},
            ["mother_fund_rate", "lowest_other_rate"],
            ["对科技创投基金的费率", "其他出资人中最低的费率"],
        ),
    ],
)
def test_fee_parity_without_evidence_warns_naming_the_missing_rates(
    changes: dict[str, Any], missing: list[str], named: list[str]
) -> None:
    """Missing evidence is not a pass: the headline rate is no stand-in for what each pays."""
    decision = check(fees(investment_period_rate=D("0.02"), **changes))
    (finding,) = [f for f in decision.findings if f.rule_id == "FUND-SUB-FEE-PARITY"]
    assert finding.outcome is Outcome.WARN
    assert finding.facts["missing"] == missing
    assert all(name in finding.message_zh for name in named)
    assert all(name in finding.message_en for name in missing)
    assert decision.outcome is Outcome.WARN  # and nothing else in the example warns


def test_a_negative_fee_rate_is_refused() -> None:
    with pytest.raises(FundDomainError) as err:
        check(fees(exit_period_rate=D("-0.01")))
    assert err.value.rule_id == "FUND-SUB-FEE-EXIT"


# -- applicant and manager ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid_in", "expected"), [("10000000.00", Outcome.PASS), ("9999999.99", Outcome.FAIL)]
)
def test_domestic_applicant_paid_in(paid_in: str, expected: Outcome) -> None:
    app = replace(APP, applicant=replace(APP.applicant, paid_in_capital=D(paid_in)))
    assert outcome(app, "FUND-APPLICANT-DOMESTIC") is expected


def test_domestic_applicant_with_a_recent_violation_fails() -> None:
    app = replace(APP, applicant=replace(APP.applicant, major_violation_last_3_years=True))
    assert check(app).failed_rules == ["FUND-APPLICANT-DOMESTIC"]


FOREIGN = ForeignCredentials(
    licensed_by_home_regulator=True,
    registered_capital_usd=D("2000000"),
    capital_in_cash_only=True,
    overseas_operating_years=D(3),
    overseas_aum_usd=D("30000000"),
    major_penalty_last_3_years=False,
    under_investigation=False,
    key_people_overseas_years=(D(5), D(3), D(3)),
    record_and_governance=Attestation(True, "Jane Doe", date(2024, 3, 1)),
)


def foreign(**changes: Any) -> ApplicationFacts:
    return replace(
        APP, applicant=Applicant("Overseas GP Ltd", True, D(0), False, replace(FOREIGN, **changes))
    )


def test_foreign_applicant_at_every_minimum_passes() -> None:
    decision = check(foreign())
    assert finding(decision, "FUND-APPLICANT-FOREIGN").outcome is Outcome.PASS
    assert finding(decision, "FUND-APPLICANT-DOMESTIC").outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    "changes",
    [
        {"licensed_by_home_regulator": False},
        {"registered_capital_usd": D("1999999.99")},
        {"capital_in_cash_only": False},
        {"overseas_operating_years": D("2.99")},
        {"overseas_aum_usd": D("29999999.99")},
        {"major_penalty_last_3_years": True},
        {"under_investigation": True},
        {"key_people_overseas_years": (D("4.9"), D(3), D(3))},
        {"key_people_overseas_years": (D(5), D(3))},  # the 5-year person is not counted twice
        {"key_people_overseas_years": (D(5), D(5), D("2.9"))},
        {"record_and_governance": Attestation(False)},
    ],
)
def test_foreign_applicant_conditions(changes: dict[str, Any]) -> None:
    assert check(foreign(**changes)).failed_rules == ["FUND-APPLICANT-FOREIGN"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"paid_in_capital": D("10000000.00")}, Outcome.PASS),
        ({"paid_in_capital": D("9999999.99")}, Outcome.FAIL),
        ({"amac_registered": False}, Outcome.FAIL),
        ({"is_applicant_or_affiliate": False}, Outcome.FAIL),
    ],
)
def test_manager_capital(changes: dict[str, Any], expected: Outcome) -> None:
    assert (
        outcome(replace(APP, manager=replace(APP.manager, **changes)), "FUND-MANAGER-CAPITAL")
        is expected
    )


def with_manager_stakes(manager: str, affiliate: str | None = None) -> ApplicationFacts:
    others = [c for c in APP.contributors if c.role is ContributorRole.OTHER]
    stakes = [Contributor("manager", D(manager), ContributorRole.MANAGER, True, True)]
    if affiliate is not None:
        stakes.append(
            Contributor("affiliate", D(affiliate), ContributorRole.MANAGER_AFFILIATE, True, True)
        )
    return replace(APP, contributors=(*stakes, *others))


@pytest.mark.parametrize(
    ("manager", "affiliate", "expected"),
    [
        ("1000000.00", None, Outcome.PASS),  # exactly 1% of 100,000,000
        ("999999.99", None, Outcome.FAIL),
        ("500000.00", "500000.00", Outcome.PASS),  # 0.5% + affiliates, together 1%
        ("499999.99", "500000.01", Outcome.FAIL),  # together 1%, but the manager alone under 0.5%
        ("500000.00", "499999.99", Outcome.FAIL),  # together under 1%
    ],
)
def test_manager_commitment(manager: str, affiliate: str | None, expected: Outcome) -> None:
    assert outcome(with_manager_stakes(manager, affiliate), "FUND-MANAGER-COMMIT") is expected


@pytest.mark.parametrize(
    ("years", "penalised", "expected"),
    [
        ((D(3), D(3), D(3)), False, Outcome.PASS),
        ((D(3), D(3), D("2.99")), False, Outcome.FAIL),
        ((D(10), D(10)), False, Outcome.FAIL),
        ((D(3), D(3), D(3)), True, Outcome.FAIL),
    ],
)
def test_manager_team(years: tuple[D, ...], penalised: bool, expected: Outcome) -> None:
    m = replace(APP.manager, senior_managers_years=years, key_member_penalised=penalised)
    assert outcome(replace(APP, manager=m), "FUND-MANAGER-TEAM") is expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (TrackRecord(TrackRecordBasis.MANAGER, D("200000000.00"), 3), Outcome.PASS),
        (TrackRecord(TrackRecordBasis.MANAGER, D("199999999.99"), 3), Outcome.FAIL),
        (TrackRecord(TrackRecordBasis.GENERAL_PARTNER, D("200000000.00"), 2), Outcome.FAIL),
        (
            TrackRecord(TrackRecordBasis.CORE_TEAM, D("200000000.00"), 3, core_members=3),
            Outcome.PASS,
        ),
        (
            TrackRecord(TrackRecordBasis.CORE_TEAM, D("200000000.00"), 3, core_members=2),
            Outcome.FAIL,
        ),
    ],
)
def test_manager_track_record(record: TrackRecord, expected: Outcome) -> None:
    assert (
        outcome(
            replace(APP, manager=replace(APP.manager, track_record=record)), "FUND-MANAGER-TRACK"
        )
        is expected
    )


# -- risk control at application ------------------------------------------------------------------


def test_confirmed_commitments_exactly_30_percent_pass_and_a_fen_less_fails() -> None:
    def app(confirmed: str) -> ApplicationFacts:
        return replace(
            APP,
            mother_fund_commitment=D("25000000.00"),
            contributors=(
                Contributor("manager", D("1000000.00"), ContributorRole.MANAGER, False, False),
                Contributor("lead", D(confirmed), ContributorRole.OTHER, True, True),
                Contributor("letter only", D("40000000.00"), ContributorRole.OTHER, True, False),
            ),
        )

    assert outcome(app("30000000.00"), "FUND-RISK-COMMIT-30") is Outcome.PASS
    assert check(app("29999999.99")).failed_rules == ["FUND-RISK-COMMIT-30"]


def increase(registered: date, accepted: date, **changes: Any) -> ApplicationFacts:
    terms = CapitalIncrease(registered, accepted, True, True, True, True)
    return replace(
        APP, kind=ApplicationKind.CAPITAL_INCREASE, capital_increase=replace(terms, **changes)
    )


def test_capital_increase_at_12_months_passes_and_a_day_later_fails() -> None:
    # registered 2023-03-15 → 12 months end 2024-03-15 (a Friday, a working day)
    assert (
        outcome(increase(date(2023, 3, 15), date(2024, 3, 15)), "FUND-RISK-INCREASE")
        is Outcome.PASS
    )
    decision = check(increase(date(2023, 3, 15), date(2024, 3, 16)))
    assert decision.failed_rules == ["FUND-RISK-INCREASE"]
    assert finding(decision, "FUND-RISK-COMMIT-30").outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [(date(2023, 3, 14), Outcome.FAIL), (date(2023, 3, 15), Outcome.PASS)],
)
def test_capital_increase_is_for_a_sub_fund_already_registered(
    accepted: date, expected: Outcome
) -> None:
    # 自子基金注册之日起至受理之日止: an application accepted before registration is no increase
    assert outcome(increase(date(2023, 3, 15), accepted), "FUND-RISK-INCREASE") is expected


def test_capital_increase_limit_ending_on_a_rest_day_moves_to_the_next_working_day() -> None:
    # 12 months after 2022-10-01 end 2023-10-01, inside the National Day holiday → 2023-10-07 (make-up day)
    assert (
        outcome(increase(date(2022, 10, 1), date(2023, 10, 7)), "FUND-RISK-INCREASE")
        is Outcome.PASS
    )


@pytest.mark.parametrize(
    "missing",
    ["all_contributors_resolved", "at_par", "waives_penalty_interest", "shares_existing_returns"],
)
def test_capital_increase_resolution_terms(missing: str) -> None:
    app = increase(date(2023, 6, 1), date(2024, 3, 1), **{missing: False})
    assert check(app).failed_rules == ["FUND-RISK-INCREASE"]


def test_capital_increase_without_its_facts_is_refused() -> None:
    with pytest.raises(FundDomainError) as err:
        check(replace(APP, kind=ApplicationKind.CAPITAL_INCREASE))
    assert err.value.rule_id == "FUND-RISK-INCREASE"


@pytest.mark.parametrize(
    ("rank", "local", "expected"),
    [
        (50, False, Outcome.PASS),
        (51, False, Outcome.NOT_APPLICABLE),
        (None, True, Outcome.PASS),
        (None, False, Outcome.NOT_APPLICABLE),
    ],
)
def test_priority_is_a_preference_never_a_failure(
    rank: int | None, local: bool, expected: Outcome
) -> None:
    app = replace(APP, manager=replace(APP.manager, sector_rank=rank, wenzhou_local=local))
    assert outcome(app, "FUND-RISK-PRIORITY") is expected


# -- transition and validity window --------------------------------------------------------------


def test_signed_on_or_before_2020_12_31_is_not_evaluated_here() -> None:
    decision = check(replace(APP, signed_on=date(2020, 12, 31)))
    assert [f.rule_id for f in decision.findings] == ["FUND-TRANSITION"]
    assert decision.findings[0].outcome is Outcome.WARN
    assert decision.result["evaluated"] is False
    assert "温政办〔2016〕61号" in decision.findings[0].message_zh


@pytest.mark.parametrize(
    ("opted_in_on", "expected", "evaluated"),
    [
        (date(2022, 2, 17), Outcome.PASS, True),  # 3 months after publication on 2021-11-17
        (date(2022, 2, 18), Outcome.FAIL, False),
        (None, Outcome.WARN, False),
    ],
)
def test_signed_during_2021_may_opt_in_within_3_months(
    opted_in_on: date | None, expected: Outcome, evaluated: bool
) -> None:
    decision = check(replace(APP, signed_on=date(2021, 1, 1), opted_in_on=opted_in_on))
    assert decision.findings[0].rule_id == "FUND-TRANSITION"
    assert decision.findings[0].outcome is expected
    assert decision.result["evaluated"] is evaluated


@pytest.mark.parametrize(
    ("signed_on", "opted_in_on", "expected"),
    [
        (date(2021, 6, 1), date(2021, 11, 16), Outcome.FAIL),  # before publication: no window yet
        (date(2021, 6, 1), date(2021, 11, 17), Outcome.PASS),  # 发布之日起: the window opens
        (date(2021, 12, 1), date(2021, 11, 30), Outcome.FAIL),  # supplements an unsigned agreement
        (date(2021, 12, 1), date(2021, 12, 1), Outcome.PASS),
    ],
)
def test_an_opt_in_counts_only_from_publication_and_signing(
    signed_on: date, opted_in_on: date, expected: Outcome
) -> None:
    decision = check(replace(APP, signed_on=signed_on, opted_in_on=opted_in_on))
    assert finding(decision, "FUND-TRANSITION").outcome is expected
    assert decision.result["evaluated"] is (expected is Outcome.PASS)


def test_signed_from_the_effective_date_is_governed_here() -> None:
    decision = check(replace(APP, signed_on=date(2021, 12, 20)))
    assert finding(decision, "FUND-TRANSITION").outcome is Outcome.PASS


def test_evaluating_before_the_effective_date_warns_and_uses_the_first_days_values() -> None:
    decision = check(as_of=date(2021, 12, 19))
    first = decision.findings[0]
    assert (first.rule_id, first.outcome) == ("FUND-TRANSITION", Outcome.WARN)
    assert decision.outcome is Outcome.WARN
    assert decision.warnings
    assert decision.parameters_used["fund.subfund.size_min"]["effective_from"] == "2021-12-20"
    assert check(as_of=date(2021, 12, 20)).outcome is Outcome.PASS


# -- what a finding carries ---------------------------------------------------------------------


def test_findings_list_their_facts_and_parameter_values() -> None:
    f = finding(check(), "FUND-SUB-RATIO-MAX")
    assert f.clause == "温政办〔2021〕73号 三（一）2"
    assert f.facts["mother_fund_commitment"] == D("30000000.00")
    assert f.facts["total_size"] == D("100000000.00")
    assert f.parameters == {"fund.subfund.mother_ratio_max": D("0.40")}


def test_decision_lists_parameters_with_dates_and_citations() -> None:
    used = check().parameters_used["fund.subfund.size_min"]
    assert used["value"] == "50000000"
    assert used["effective_from"] == "2021-12-20"
    assert used["source"].startswith("温政办〔2021〕73号 三（一）1")


def test_inconsistent_commitments_are_refused() -> None:
    with pytest.raises(FundDomainError) as err:
        check(replace(APP, total_size=D("50000000.00")))  # commitments add up to 100,000,000
    assert err.value.rule_id == "FUND-SUB-SIZE-MIN"
