"""The pure domain of the medical service (温政办〔2021〕78号): no I/O, no web, no database."""

from medical.domain.catalogue import RULES, RULES_VERSION
from medical.domain.claims import CareSetting, Claim, HospitalLevel
from medical.domain.enrolment import enrolment_subsidy
from medical.domain.errors import MedicalDomainError
from medical.domain.needy import NeedyCategory, NeedyRecord, NeedyStatus, needy_status_on
from medical.domain.parameters import PARAMETERS, default_parameters
from medical.domain.pay_later import pay_later
from medical.domain.reversal import subtract
from medical.domain.risk_watch import RiskFacts, RiskFlag, join_sources, risk_watch
from medical.domain.selfpay_share import HospitalBill, HospitalShare, selfpay_share_by_hospital
from medical.domain.settlement import SettlementResult, settle
from medical.domain.simulation import simulate
from medical.domain.special_diseases import CATALOGUE, CatalogueEntry, catalogue_on
from medical.domain.terms import BasicTerms, CommercialTerms
from medical.domain.totals import YearTotals
from medical.domain.validity import POLICY_EXPIRED, PolicyWarning

__all__ = [
    "CATALOGUE",
    "PARAMETERS",
    "POLICY_EXPIRED",
    "RULES",
    "RULES_VERSION",
    "BasicTerms",
    "CareSetting",
    "CatalogueEntry",
    "Claim",
    "CommercialTerms",
    "HospitalBill",
    "HospitalLevel",
    "HospitalShare",
    "MedicalDomainError",
    "NeedyCategory",
    "NeedyRecord",
    "NeedyStatus",
    "PolicyWarning",
    "RiskFacts",
    "RiskFlag",
    "SettlementResult",
    "YearTotals",
    "catalogue_on",
    "default_parameters",
    "enrolment_subsidy",
    "join_sources",
    "needy_status_on",
    "pay_later",
    "risk_watch",
    "selfpay_share_by_hospital",
    "settle",
    "simulate",
    "subtract",
]
