"""The air-defence service's pure domain: 温政办〔2021〕71号 as rules, parameters and evaluators.

No I/O here (an import-linter contract enforces it): facts in, findings and decisions out.
"""

from airdefence.domain.catalogue import CLAUSES, POLICY, RULES, RULES_VERSION
from airdefence.domain.county_measures import WENZHOU_COUNTIES, AreaKind
from airdefence.domain.duties import (
    DUTY_ZH,
    DutyKind,
    occurrence_due,
    require_completion,
    require_schedule,
)
from airdefence.domain.errors import AirDefenceDomainError
from airdefence.domain.ownership import (
    OwnershipFacts,
    OwnershipResult,
    check_ownership,
    evaluate_ownership,
    require_consistent,
)
from airdefence.domain.parameters import PARAMETERS, default_parameters
from airdefence.domain.peacetime import (
    INCOME_USE_ZH,
    Allocation,
    FeePayer,
    IncomeSource,
    IncomeUse,
    ParkingRequest,
    Placement,
    allocate_parking,
    check_lease_fee,
    evaluate_allocation,
    income_use,
    income_use_finding,
    lease_fee_finding,
    require_lease_fee,
)
from airdefence.domain.planning import (
    AreaQuality,
    ParkingFacts,
    check_parking,
    check_planning,
    check_same_quality,
    minimum_net_parking,
    require_parking_areas,
)
from airdefence.domain.survey import Discrepancy, Entrance, Layout, Zone, evaluate_survey
from airdefence.domain.transfer import TransferKind, evaluate_transfer
from airdefence.domain.works import (
    BuilderCategory,
    LandKind,
    Ownership,
    PeacetimeUse,
    RegistrationSubject,
    is_organisation,
    land_contradiction,
)

__all__ = [
    "CLAUSES",
    "DUTY_ZH",
    "INCOME_USE_ZH",
    "PARAMETERS",
    "POLICY",
    "RULES",
    "RULES_VERSION",
    "WENZHOU_COUNTIES",
    "AirDefenceDomainError",
    "Allocation",
    "AreaKind",
    "AreaQuality",
    "BuilderCategory",
    "Discrepancy",
    "DutyKind",
    "Entrance",
    "FeePayer",
    "IncomeSource",
    "IncomeUse",
    "LandKind",
    "Layout",
    "Ownership",
    "OwnershipFacts",
    "OwnershipResult",
    "ParkingFacts",
    "ParkingRequest",
    "PeacetimeUse",
    "Placement",
    "RegistrationSubject",
    "TransferKind",
    "Zone",
    "allocate_parking",
    "check_lease_fee",
    "check_ownership",
    "check_parking",
    "check_planning",
    "check_same_quality",
    "default_parameters",
    "evaluate_allocation",
    "evaluate_ownership",
    "evaluate_survey",
    "evaluate_transfer",
    "income_use",
    "income_use_finding",
    "is_organisation",
    "land_contradiction",
    "lease_fee_finding",
    "minimum_net_parking",
    "occurrence_due",
    "require_completion",
    "require_consistent",
    "require_lease_fee",
    "require_parking_areas",
    "require_schedule",
]
