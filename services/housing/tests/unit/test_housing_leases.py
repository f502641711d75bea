"""Rents and leases (二（三）): worked example 4, the cap's rounding, terms and renewals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from housing.domain import (
    DEFAULT_PARAMETERS,
    HousingDomainError,
    LeaseTerms,
    RenewalTerms,
    RentBasis,
    RentSource,
    Term,
    check_lease,
    check_renewal,
)
from housing.domain.examples import EXAMPLE_MARKET_RENT

M = EXAMPLE_MARKET_RENT
START = date(2024, 3, 1)


def lease(rent: str, months: int | None = 60, last_day: date | None = None, **kw: object):  # type: ignore[no-untyped-def]
    terms = LeaseTerms(Term(START, months, last_day), D(rent), kw.pop("area", None))  # type: ignore[arg-type]
    return check_lease(
        terms, kw.pop("market", M), kw.pop("params", DEFAULT_PARAMETERS), START, "330302"
    )  # type: ignore[arg-type]


def renew(
    rent: str,
    months: int | None = 36,
    *,
    current_end: date | None = None,
    previous: int = 0,
    reason: str = "子女在附近学校就读",
    **kw: object,
):  # type: ignore[no-untyped-def]
    original = date(2029, 2, 28)
    return check_renewal(
        original_end=original,
        current_end=current_end or original,
        previous_renewals=previous,
        renewal=RenewalTerms(months, kw.pop("last_day", None), D(rent), reason),  # type: ignore[arg-type]
        market=M,
        unit_area=None,
        params=kw.pop("params", DEFAULT_PARAMETERS),  # type: ignore[arg-type]
        as_of=date(2029, 1, 15),
        region="330302",
    )


def test_worked_example_4_cap_2000_and_a_first_lease_at_2000_01_fails() -> None:
    ok = lease("2000.00")
    assert ok.failed_rules == []
    assert ok.result["rent_cap"] == D("2000.00")
    assert lease("2000.01").failed_rules == ["HOUS-RENT-CAP"]


def test_worked_example_4_a_renewal_at_1999_99_fails_renewal() -> None:
    assert renew("1999.99").decision.failed_rules == ["HOUS-LEASE-RENEWAL"]
    at_floor = renew("2000.00")
    assert at_floor.decision.failed_rules == []
    assert at_floor.decision.result["renewal_floor"] == D("2000.00")
    above_cap = renew("2400.00")  # a renewal is not capped at 80%: it must not be lower
    assert above_cap.decision.failed_rules == []


def test_the_cap_is_rounded_half_up_to_the_fen() -> None:
    odd = replace(M, amount=D("2500.01"))  # 80% = 2000.008 → 2000.01
    d = lease("2000.01", market=odd)
    assert d.result["rent_cap"] == D("2000.01")
    assert d.failed_rules == []
    assert lease("2000.02", market=odd).failed_rules == ["HOUS-RENT-CAP"]


def test_per_square_metre_market_rent_times_the_unit_area() -> None:
    per_m2 = replace(M, amount=D("40.00"), basis=RentBasis.PER_M2)
    d = lease("2080.00", market=per_m2, area=D("65.00"))  # 40 × 65 = 2,600 → cap 2,080
    assert d.result["market_rent"] == D("2600.00")
    assert d.failed_rules == []
    assert lease("2080.01", market=per_m2, area=D("65.00")).failed_rules == ["HOUS-RENT-CAP"]


def test_lease_term_five_years_inclusive() -> None:
    assert lease("1800.00", 60).result["ends_on"] == date(2029, 2, 28)
    assert lease("1800.00", 61).failed_rules == ["HOUS-LEASE-TERM"]
    assert lease("1800.00", None, date(2029, 2, 28)).failed_rules == []
    assert lease("1800.00", None, date(2029, 3, 1)).failed_rules == ["HOUS-LEASE-TERM"]


def test_a_lease_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(HousingDomainError, match="before it starts"):
        lease("1800.00", None, date(2024, 2, 29))


def test_renewals_together_at_most_three_years() -> None:
    assert renew("2000.00", 36).ends_on == date(2032, 2, 28)
    assert renew("2000.00", 37).decision.failed_rules == ["HOUS-LEASE-RENEWAL"]
    # A second renewal after 24 months: 12 more stay within the three years, 13 do not.
    second = renew("2000.00", 12, current_end=date(2031, 2, 28), previous=1)
    assert second.decision.failed_rules == []
    assert second.starts_on == date(2031, 3, 1)
    over = renew("2000.00", 13, current_end=date(2031, 2, 28), previous=1)
    assert over.decision.failed_rules == ["HOUS-LEASE-RENEWAL"]


def test_a_county_may_limit_renewals_to_one() -> None:
    params = DEFAULT_PARAMETERS.with_overrides({"housing.lease.renewal.max_count": 1})
    assert renew("2000.00", 12, params=params).decision.failed_rules == []
    second = renew("2000.00", 12, current_end=date(2030, 2, 28), previous=1, params=params)
    assert second.decision.failed_rules == ["HOUS-LEASE-RENEWAL"]


def test_a_renewal_needs_a_special_reason() -> None:
    assert renew("2000.00", reason="  ").decision.failed_rules == ["HOUS-LEASE-RENEWAL"]


def test_market_rent_sources_and_dates() -> None:
    no_appraiser = replace(M, appraiser=None)
    assert lease("1800.00", market=no_appraiser).failed_rules == ["HOUS-MARKET-RENT"]
    no_commissioner = replace(M, commissioned_by=None)
    assert lease("1800.00", market=no_commissioner).failed_rules == ["HOUS-MARKET-RENT"]
    government = replace(
        M,
        source=RentSource.GOVERNMENT_REFERENCE,
        appraiser=None,
        commissioned_by=None,
        reference="温住建发〔2024〕1号",
    )
    assert lease("1800.00", market=government).failed_rules == []
    assert lease("1800.00", market=replace(government, reference=None)).failed_rules == [
        "HOUS-MARKET-RENT"
    ]
    later = replace(M, valued_on=date(2024, 3, 2))
    assert lease("1800.00", market=later).failed_rules == ["HOUS-MARKET-RENT"]


def test_a_configured_appraisal_period_makes_old_appraisals_stale() -> None:
    params = DEFAULT_PARAMETERS.with_overrides({"housing.market_rent.max_age_months": 1})
    # valued 2024-01-10: current through 2024-02-10; the lease starts 2024-03-01.
    assert lease("1800.00", params=params).failed_rules == ["HOUS-MARKET-RENT"]
    fresh = replace(M, valued_on=date(2024, 2, 1))  # current through 2024-03-01
    assert lease("1800.00", params=params, market=fresh).failed_rules == []
