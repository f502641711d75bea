"""Shared set-up for the medical domain tests: the worked example's configuration and builders.

Session-scoped so the hypothesis property tests can use them too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from govkit.rules import ParameterSet, ParameterValue
from medical.domain import CareSetting, Claim, HospitalLevel, default_parameters
from medical.domain import parameters as p

START = date(2022, 1, 1)
ClaimFactory = Callable[..., Claim]


def configured(**values: Any) -> ParameterSet:
    """The baseline with the ordinary critical-illness terms an operator would configure."""
    config = {p.CI_DEDUCTIBLE: Decimal("20000"), p.CI_RATIO: Decimal("0.60")} | {
        getattr(p, name): value for name, value in values.items()
    }
    return default_parameters().with_values(
        ParameterValue(path, value, START, None, "test configuration")
        for path, value in config.items()
    )


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    """Worked-example terms: CI deductible 20,000 at 60%, ordinary cap 400,000; MA 80%, 100,000."""
    return configured(CI_ANNUAL_CAP=Decimal("400000"))


def make_claim(
    *,
    day: date = date(2022, 3, 10),
    total: str = "300000.00",
    in_policy: str = "250000.00",
    basic: str | None = "150000.00",
    person: str = "p1",
    claim_id: str = "c1",
    guided: bool = True,
    setting: CareSetting = CareSetting.INPATIENT,
    level: HospitalLevel = HospitalLevel.TERTIARY,
    over_limit: str = "0",
    special: str = "0",
    county: str | None = None,
) -> Claim:
    return Claim(
        claim_id=claim_id,
        person_id=person,
        service_date=day,
        hospital="温州医科大学附属第一医院",
        hospital_level=level,
        setting=setting,
        total_cost=Decimal(total),
        in_policy_cost=Decimal(in_policy),
        basic_payout=None if basic is None else Decimal(basic),
        over_limit_catalogue_drugs=Decimal(over_limit),
        out_of_catalogue_special_drugs=Decimal(special),
        followed_guidance=guided,
        referred=guided,
        county=county,
    )


@pytest.fixture(scope="session")
def claim() -> ClaimFactory:
    return make_claim


@pytest.fixture(scope="session")
def configure() -> Callable[..., ParameterSet]:
    return configured
