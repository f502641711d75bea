from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from govkit.rules import Decision, Outcome, ParameterSet, ParameterValue
from medical.domain import MedicalDomainError, NeedyCategory, NeedyRecord, enrolment_subsidy
from medical.domain import parameters as p

DIBAO, DIBIAN, TEKUN = NeedyCategory.DIBAO, NeedyCategory.DIBIAN, NeedyCategory.TEKUN


def rules_of(decision: Decision) -> dict[str, Outcome]:
    return {f.rule_id: f.outcome for f in decision.findings}


def test_needy_at_the_start_of_the_year_is_subsidised_in_full_all_year() -> None:
    d = enrolment_subsidy([NeedyRecord(TEKUN, date(2020, 4, 2))], 2022)
    assert d.outcome is Outcome.PASS
    assert d.result["subsidised"] is True
    assert d.result["covered_from"] == "2022-01-01"
    assert d.result["subsidy_ratio"] == "1.00"
    assert d.result["subsidy_amount"] is None  # the premium is not in the text
    assert rules_of(d) == {"MED-ENROL-SUBSIDY": Outcome.PASS}


def test_subsidy_amount_when_the_premium_is_configured(
    configure: Callable[..., ParameterSet],
) -> None:
    params = configure(ENROL_INDIVIDUAL_PREMIUM=Decimal("380"))
    d = enrolment_subsidy([NeedyRecord(DIBAO, date(2020, 4, 2))], 2022, params=params)
    assert d.result["subsidy_amount"] == "380.00"
    assert p.ENROL_INDIVIDUAL_PREMIUM in d.parameters_used


def test_newly_recognised_is_enrolled_that_month_and_covered_from_the_next() -> None:
    records = [NeedyRecord(DIBIAN, date(2022, 3, 15))]
    year = enrolment_subsidy(records, 2022)
    assert year.result["subsidised"] is True
    assert year.result["enrolled_in"] == "2022-03"
    assert year.result["covered_from"] == "2022-04-01"
    assert rules_of(year) == {"MED-ENROL-NEW": Outcome.PASS}
    march = enrolment_subsidy(records, 2022, month=3)
    assert march.outcome is Outcome.FAIL
    assert enrolment_subsidy(records, 2022, month=4).outcome is Outcome.PASS


def test_exit_keeps_this_year_and_ends_the_subsidy_next_year() -> None:
    records = [NeedyRecord(DIBAO, date(2021, 1, 5), exited_on=date(2022, 6, 10))]
    this_year = enrolment_subsidy(records, 2022)
    assert this_year.result["subsidised"] is True
    assert rules_of(this_year)["MED-ENROL-EXIT"] is Outcome.PASS
    assert enrolment_subsidy(records, 2022, month=11).outcome is Outcome.PASS
    next_year = enrolment_subsidy(records, 2023)
    assert next_year.result["subsidised"] is False
    assert rules_of(next_year) == {"MED-ENROL-EXIT": Outcome.FAIL}


def test_gradual_exit_keeps_the_subsidy() -> None:
    records = [
        NeedyRecord(DIBAO, date(2020, 1, 1), date(2023, 4, 1), gradual_exit_from=date(2022, 10, 1))
    ]
    d = enrolment_subsidy(records, 2023)
    assert d.result["subsidised"] is True
    assert rules_of(d)["MED-ENROL-TAPER"] is Outcome.PASS
    assert rules_of(d)["MED-ENROL-EXIT"] is Outcome.PASS
    assert enrolment_subsidy(records, 2024).result["subsidised"] is False


def test_never_needy_is_not_subsidised() -> None:
    d = enrolment_subsidy([], 2022)
    assert d.outcome is Outcome.FAIL
    assert d.failed_rules == ["MED-GROUPS"]


def test_outside_the_window() -> None:
    with pytest.raises(MedicalDomainError):
        enrolment_subsidy([NeedyRecord(DIBAO, date(2020, 1, 1))], 2021)
    late = enrolment_subsidy([NeedyRecord(DIBAO, date(2020, 1, 1))], 2026)
    assert late.result["subsidised"] is True
    assert any(w.startswith("policy-expired") and "2025-12-31" in w for w in late.warnings)


def test_a_renewal_is_data(configure: Callable[..., ParameterSet]) -> None:
    renewed = configure().with_values(
        [ParameterValue(p.POLICY_VALID_UNTIL, date(2030, 12, 31), date(2026, 1, 1), None, "续期")]
    )
    d = enrolment_subsidy([NeedyRecord(DIBAO, date(2020, 1, 1))], 2026, params=renewed)
    assert d.warnings == ()
