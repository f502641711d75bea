"""The worked examples of 温政办〔2021〕75号's encoding as domain facts (tests, benchmark, docs).

Synthetic identity numbers (valid check characters); dates within the policy's window.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from housing.domain.project import (
    ConstructionMode,
    LandSource,
    ProjectFacts,
    UnitGroup,
    UnitType,
)
from housing.domain.rent import Commissioner, MarketRent, RentBasis, RentSource
from housing.domain.tenant import LabourContract, RegisterAnswer, TenantFacts

EXAMPLE_AS_OF = date(2024, 3, 20)
EXAMPLE_EMPLOYER_USCC = "91330302MA2AB1C2DL"


def months(*yms: str) -> frozenset[date]:
    return frozenset(date(int(ym[:4]), int(ym[5:7]), 1) for ym in yms)


# Worked example 1: a 12-month contract, pension paid 3 consecutive months, no home → eligible.
EXAMPLE_TENANT = TenantFacts(
    work_district="330302",
    married=True,
    register=RegisterAnswer(
        source="温州市不动产登记服务中心",
        checked_on=date(2024, 3, 15),
        applicant_owns=False,
        spouse_owns=False,
    ),
    contract=LabourContract(
        employer_uscc=EXAMPLE_EMPLOYER_USCC,
        employer_name="温州瓯江智造科技有限公司",
        starts_on=date(2023, 9, 1),
        term_months=12,
    ),
    pension_months=months("2023-12", "2024-01", "2024-02"),
    income_tax_months=frozenset(),
)

# Worked example 2: a new build of 52 units of 65 m² and 8 of 85 m² (small-unit share 83.25%).
EXAMPLE_PROJECT = ProjectFacts(
    district="330302",
    construction_mode=ConstructionMode.NEW_BUILD,
    land_source=LandSource.NEW_STATE_LAND,
    standalone_building=True,
    closed_management=True,
    floor_area=Decimal("4800.00"),
    units=(
        UnitGroup(UnitType.RESIDENTIAL, Decimal("65.00"), 52),
        UnitGroup(UnitType.RESIDENTIAL, Decimal("85.00"), 8),
    ),
)

# Worked example 4: a market rent of 2,500.00 a month (cap 2,000.00).
EXAMPLE_MARKET_RENT = MarketRent(
    amount=Decimal("2500.00"),
    basis=RentBasis.PER_UNIT,
    source=RentSource.THIRD_PARTY_APPRAISAL,
    valued_on=date(2024, 1, 10),
    appraiser="温州信诚房地产评估有限公司",
    commissioned_by=Commissioner.OPERATOR,
)
