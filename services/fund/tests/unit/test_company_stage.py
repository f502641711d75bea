"""一（二）: classification of seed, start-up and growth companies, both sides of each threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from fund.domain import CompanyFacts, CompanyStage, ProductStatus, classify_stage
from govkit.rules import Outcome

ON = date(2024, 1, 15)
STARTUP = CompanyFacts(
    "启明科技",
    True,
    False,
    ProductStatus.MARKETED,
    False,
    True,
    300,
    D("50000000.00"),
    False,
    False,
)


def stage_of(company: CompanyFacts) -> CompanyStage:
    return classify_stage(company, as_of=ON)[0]


def test_seed_needs_only_a_prototype_or_concept_and_little_sales() -> None:
    seed = replace(STARTUP, product_status=ProductStatus.CONCEPT, little_or_no_sales=True)
    stage, findings = classify_stage(seed, as_of=ON)
    assert stage is CompanyStage.SEED
    assert [f.rule_id for f in findings] == [
        "FUND-STAGE-SEED",
        "FUND-STAGE-STARTUP",
        "FUND-STAGE-GROWTH",
    ]
    assert stage_of(replace(seed, independent_legal_person=False)) is CompanyStage.STARTUP


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, CompanyStage.STARTUP),  # exactly 300 people and 50,000,000
        ({"employees": 301}, CompanyStage.NONE),
        ({"prior_year_revenue": D("50000000.01")}, CompanyStage.NONE),
        (
            {"prior_year_revenue": D("100000000.00"), "national_high_tech_enterprise": True},
            CompanyStage.STARTUP,
        ),
        (
            {"prior_year_revenue": D("100000000.01"), "national_high_tech_enterprise": True},
            CompanyStage.NONE,
        ),
        ({"listed": True}, CompanyStage.NONE),
        ({"high_tech_or_business_model": False}, CompanyStage.NONE),
    ],
)
def test_startup_thresholds(changes: dict[str, object], expected: CompanyStage) -> None:
    assert stage_of(replace(STARTUP, **changes)) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("revenue", "expected"),
    [("200000000.00", CompanyStage.GROWTH), ("200000000.01", CompanyStage.NONE)],
)
def test_growth_thresholds(revenue: str, expected: CompanyStage) -> None:
    grown = replace(STARTUP, employees=800, prior_year_revenue=D(revenue), recognised_tech_sme=True)
    assert stage_of(grown) is expected


def test_a_stage_not_met_is_not_a_failure_and_says_why() -> None:
    _, findings = classify_stage(replace(STARTUP, employees=301), as_of=ON)
    startup = next(f for f in findings if f.rule_id == "FUND-STAGE-STARTUP")
    assert startup.outcome is Outcome.NOT_APPLICABLE
    assert "301" in startup.message_zh
    assert startup.parameters == {
        "fund.stage.startup.max_employees": 300,
        "fund.stage.startup.max_revenue": D("50000000"),
    }
