"""The housing service's pure domain: 温政办〔2021〕75号 as rules, parameters and evaluators.

No I/O here (an import-linter contract enforces it): facts in, findings and decisions out.
"""

from housing.domain.catalogue import CLAUSES, RULES, RULES_VERSION
from housing.domain.credit import IntegrityFacts, PartyRole, RecordKind, record_decision
from housing.domain.districts import (
    DEFAULT_DISTRICTS,
    DEFAULT_REGISTRY,
    District,
    DistrictRegistry,
    Tier,
)
from housing.domain.errors import HousingDomainError
from housing.domain.exits import ExitReason, decide_exit
from housing.domain.lease import LeaseTerms, RenewalTerms, Term, check_lease, check_renewal
from housing.domain.parameters import DEFAULT_PARAMETERS, PARAMETERS
from housing.domain.project import (
    ConstructionMode,
    IndustrialProject,
    LandSource,
    Plan,
    ProjectFacts,
    UnitGroup,
    UnitType,
    check_project,
    plans_for_review,
)
from housing.domain.rent import Commissioner, MarketRent, RentBasis, RentSource
from housing.domain.review import Opinion, certificate_decision, required_departments, review_state
from housing.domain.targets import YearFigures, evaluate_targets
from housing.domain.tenant import LabourContract, RegisterAnswer, TenantFacts, check_tenant
from housing.domain.title import Approval, TitleAct, TitleFacts, Transferee, check_title

__all__ = [
    "CLAUSES",
    "DEFAULT_DISTRICTS",
    "DEFAULT_PARAMETERS",
    "DEFAULT_REGISTRY",
    "PARAMETERS",
    "RULES",
    "RULES_VERSION",
    "Approval",
    "Commissioner",
    "ConstructionMode",
    "District",
    "DistrictRegistry",
    "ExitReason",
    "HousingDomainError",
    "IndustrialProject",
    "IntegrityFacts",
    "LabourContract",
    "LandSource",
    "LeaseTerms",
    "MarketRent",
    "Opinion",
    "PartyRole",
    "Plan",
    "ProjectFacts",
    "RecordKind",
    "RegisterAnswer",
    "RenewalTerms",
    "RentBasis",
    "RentSource",
    "TenantFacts",
    "Term",
    "Tier",
    "TitleAct",
    "TitleFacts",
    "Transferee",
    "UnitGroup",
    "UnitType",
    "YearFigures",
    "certificate_decision",
    "check_lease",
    "check_project",
    "check_renewal",
    "check_tenant",
    "check_title",
    "decide_exit",
    "evaluate_targets",
    "plans_for_review",
    "record_decision",
    "required_departments",
    "review_state",
]
