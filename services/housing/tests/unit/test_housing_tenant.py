"""Tenant eligibility (二（一）): worked example 1 and both sides of every threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from housing.domain import DEFAULT_PARAMETERS, HousingDomainError, check_tenant
from housing.domain.examples import EXAMPLE_AS_OF, EXAMPLE_TENANT, months
from housing.domain.tenant import TenantFacts, longest_run

T = EXAMPLE_TENANT


def failed(facts: TenantFacts, on: date = EXAMPLE_AS_OF) -> list[str]:
    return check_tenant(facts, DEFAULT_PARAMETERS, on).failed_rules


def outcome(facts: TenantFacts, rule_id: str, on: date = EXAMPLE_AS_OF) -> str:
    d = check_tenant(facts, DEFAULT_PARAMETERS, on)
    return next(f.outcome.value for f in d.findings if f.rule_id == rule_id)


def test_worked_example_1_contract_12_months_pension_3_no_home_is_eligible() -> None:
    d = check_tenant(T, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    assert d.outcome.value == "pass"
    assert d.result["eligible"] is True
    assert [f.rule_id for f in d.findings] == [
        "HOUS-TENANT-NO-HOME",
        "HOUS-TENANT-CONTRACT",
        "HOUS-TENANT-CONTRIB",
        "HOUS-TENANT-EXIT",
    ]
    assert all(f.clause.startswith("温政办〔2021〕75号 ") for f in d.findings)
    contract = d.findings[1]
    assert contract.clause == "温政办〔2021〕75号 二（一）2"
    assert contract.facts["last_day"] == date(2024, 8, 31)


def test_worked_example_1_pension_run_of_2_but_income_tax_3_is_eligible() -> None:
    facts = replace(
        T,
        pension_months=months("2023-11", "2023-12", "2024-02"),
        income_tax_months=months("2023-11", "2023-12", "2024-01"),
    )
    d = check_tenant(facts, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    assert d.failed_rules == []
    contrib = next(f for f in d.findings if f.rule_id == "HOUS-TENANT-CONTRIB")
    assert contrib.facts["pension_longest_run"] == 2
    assert contrib.facts["income_tax_longest_run"] == 3
    assert contrib.facts["deciding"] == "income_tax"


def test_worked_example_1_spouse_owning_a_flat_in_the_work_district_fails_no_home() -> None:
    facts = replace(T, register=replace(T.register, spouse_owns=True))
    assert failed(facts) == ["HOUS-TENANT-NO-HOME"]
    facts = replace(T, register=replace(T.register, applicant_owns=True))
    assert failed(facts) == ["HOUS-TENANT-NO-HOME"]


def test_worked_example_1_an_11_month_contract_fails() -> None:
    facts = replace(T, contract=replace(T.contract, term_months=11))
    assert failed(facts) == ["HOUS-TENANT-CONTRACT"]


def test_contract_given_by_its_last_day_is_one_year_exactly_on_the_day_before() -> None:
    # 2023-09-01 + one year runs to 2024-08-31 inclusive (一年以上 includes one year).
    on_day = replace(T.contract, term_months=None, ends_on=date(2024, 8, 31))
    assert outcome(replace(T, contract=on_day), "HOUS-TENANT-CONTRACT") == "pass"
    short = replace(on_day, ends_on=date(2024, 8, 30))
    assert outcome(replace(T, contract=short), "HOUS-TENANT-CONTRACT") == "fail"


def test_open_ended_contract_passes_and_an_expired_or_future_one_fails() -> None:
    open_ended = replace(T.contract, term_months=None)
    assert outcome(replace(T, contract=open_ended), "HOUS-TENANT-CONTRACT") == "pass"
    expired = replace(T.contract, starts_on=date(2022, 9, 1))  # ended 2023-08-31
    assert outcome(replace(T, contract=expired), "HOUS-TENANT-CONTRACT") == "fail"
    future = replace(T.contract, starts_on=date(2024, 4, 1))
    assert outcome(replace(T, contract=future), "HOUS-TENANT-CONTRACT") == "fail"


def test_contributions_three_consecutive_months_pass_two_fail() -> None:
    two = replace(T, pension_months=months("2024-01", "2024-02"))
    assert failed(two) == ["HOUS-TENANT-CONTRIB"]
    gap = replace(T, pension_months=months("2023-10", "2023-11", "2024-01", "2024-02"))
    assert failed(gap) == ["HOUS-TENANT-CONTRIB"]
    across_year = replace(T, pension_months=months("2023-11", "2023-12", "2024-01"))
    assert failed(across_year) == []


def test_longest_run_counts_duplicates_once() -> None:
    run = longest_run([date(2024, 1, 1), date(2024, 1, 1), date(2024, 2, 1), date(2023, 6, 1)])
    assert (run.length, run.first, run.last) == (2, "2024-01", "2024-02")
    assert longest_run([]).length == 0


def test_public_rental_housing_fails_exit() -> None:
    assert failed(replace(T, public_rental_housing=True)) == ["HOUS-TENANT-EXIT"]


def test_months_after_the_evaluation_day_are_refused() -> None:
    with pytest.raises(HousingDomainError, match="after the evaluation day"):
        check_tenant(
            replace(T, pension_months=months("2024-04")), DEFAULT_PARAMETERS, EXAMPLE_AS_OF
        )


def test_married_applicant_needs_the_spouse_in_the_register_answer() -> None:
    with pytest.raises(HousingDomainError, match="spouse"):
        check_tenant(
            replace(T, register=replace(T.register, spouse_owns=None)),
            DEFAULT_PARAMETERS,
            EXAMPLE_AS_OF,
        )
    single = replace(T, married=False, register=replace(T.register, spouse_owns=None))
    assert failed(single) == []


def test_a_county_may_require_a_longer_contract_what_if() -> None:
    params = DEFAULT_PARAMETERS.with_overrides({"housing.tenant.contract_min_months": 24})
    d = check_tenant(T, params, EXAMPLE_AS_OF)
    assert d.failed_rules == ["HOUS-TENANT-CONTRACT"]
    assert d.parameters_used["housing.tenant.contract_min_months"]["value"] == 24


def test_evaluations_outside_the_window_carry_a_warning() -> None:
    inside = check_tenant(T, DEFAULT_PARAMETERS, date(2026, 12, 31))
    assert inside.warnings == ()
    after = check_tenant(T, DEFAULT_PARAMETERS, date(2027, 1, 1))
    assert after.warnings
    assert after.warnings[0].startswith("policy-expired")
    facts = replace(
        T,
        contract=replace(T.contract, starts_on=date(2021, 1, 1)),
        pension_months=months("2021-09", "2021-10", "2021-11"),
    )
    before = check_tenant(facts, DEFAULT_PARAMETERS, date(2021, 12, 31))
    assert before.warnings
    assert before.warnings[0].startswith("policy-not-yet-in-force")
    first_day = check_tenant(facts, DEFAULT_PARAMETERS, date(2022, 1, 1))
    assert first_day.warnings == ()
