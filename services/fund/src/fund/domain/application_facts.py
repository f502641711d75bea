"""What an application for the mother fund's participation states (the API maps onto these).

Amounts are yuan (`Decimal`), foreign figures US dollars or their equivalent, rates and stakes
fractions (0.025 = 2.5%), experience in years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fund.domain.attestation import Attestation

ZERO = Decimal(0)


class LegalForm(StrEnum):
    COMPANY = "company"  # 公司制
    LIMITED_PARTNERSHIP = "limited_partnership"  # 有限合伙制
    OTHER = "other"  # e.g. a general partnership or a contract fund


class ApplicationKind(StrEnum):
    NEW_FUND = "new_fund"  # 申请新设立子基金
    CAPITAL_INCREASE = "capital_increase"  # 申请科技创投基金增资（子基金已注册）


class ContributorRole(StrEnum):
    MANAGER = "manager"  # 子基金管理机构
    MANAGER_AFFILIATE = "manager_affiliate"  # 管理机构的关联方
    OTHER = "other"


class TrackRecordBasis(StrEnum):
    """Whose AMAC-filed funds count (三（二）4)."""

    MANAGER = "manager"
    MAIN_SHAREHOLDER = "main_shareholder"  # 主要股东（公司制）
    GENERAL_PARTNER = "general_partner"  # 普通合伙人（合伙制）
    CORE_TEAM = "core_team"  # 3名以上管理团队主要成员以骨干身份共同管理


@dataclass(frozen=True, slots=True)
class Contributor:
    """A contributor other than the mother fund, with its subscription (认缴出资)."""

    name: str
    commitment: Decimal
    role: ContributorRole = ContributorRole.OTHER
    commitment_letter: bool = False  # 出资承诺函
    capacity_proof: bool = False  # 出资能力证明

    @property
    def confirmed(self) -> bool:
        return self.commitment_letter and self.capacity_proof


@dataclass(frozen=True, slots=True)
class FundTerm:
    investment_years: Decimal
    exit_years: Decimal
    extension_years: Decimal = ZERO
    extension_approved: bool = False  # by the committee (管委会)


@dataclass(frozen=True, slots=True)
class FeeTerms:
    """The agreed management fee, as annual rates."""

    investment_period_rate: Decimal  # of total paid-in capital
    exit_period_rate: Decimal  # of the principal of unexited projects
    includes_all_expenses: bool  # audit, due diligence, custody... (管理费已含所有费用支出)
    extension_period_rate: Decimal = ZERO
    # FUND-SUB-FEE-PARITY's evidence: the rate the mother fund pays and the lowest any other
    # contributor pays. None: not given, and the finding warns instead of passing.
    mother_fund_rate: Decimal | None = None
    lowest_other_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ForeignCredentials:
    """三（二）1（1）–（5) for an applicant established abroad."""

    licensed_by_home_regulator: bool
    registered_capital_usd: Decimal  # or its equivalent
    capital_in_cash_only: bool
    overseas_operating_years: Decimal
    overseas_aum_usd: Decimal
    major_penalty_last_3_years: bool
    under_investigation: bool
    key_people_overseas_years: tuple[Decimal, ...]  # each qualified key investment person
    record_and_governance: Attestation  # good results, sound governance and internal controls


@dataclass(frozen=True, slots=True)
class Applicant:
    """申请机构. `foreign` set → the foreign conditions apply instead of the domestic ones."""

    name: str
    lawfully_established: bool
    paid_in_capital: Decimal
    major_violation_last_3_years: bool
    foreign: ForeignCredentials | None = None


@dataclass(frozen=True, slots=True)
class TrackRecord:
    basis: TrackRecordBasis
    filed_vc_fund_size: Decimal  # AMAC-filed venture-capital funds managed, cumulative
    successful_cases: int
    core_members: int = 0  # when basis is CORE_TEAM: members managing jointly


@dataclass(frozen=True, slots=True)
class Manager:
    """子基金管理机构."""

    name: str
    is_applicant_or_affiliate: bool
    paid_in_capital: Decimal
    amac_registered: bool
    senior_managers_years: tuple[Decimal, ...]  # each senior manager's investment/industry years
    key_member_penalised: bool
    track_record: TrackRecord
    controls: Attestation  # FUND-MANAGER-CONTROLS
    sector_rank: int | None = None  # place in its sector's ranking (AMAC, Zero2IPO, ChinaVenture…)
    wenzhou_local: bool = False  # 温州本土的管理机构


@dataclass(frozen=True, slots=True)
class CapitalIncrease:
    """六（一）: the mother fund joins an already registered sub-fund."""

    registered_on: date  # 子基金注册之日
    accepted_on: date  # 科技创投基金受理其申请之日
    all_contributors_resolved: bool  # 现有全体出资人的合伙人会议决议或股东会决议
    at_par: bool  # 以平价增资
    waives_penalty_interest: bool  # 豁免科技创投基金罚息
    shares_existing_returns: bool  # 享有子基金已投资项目收益（如有）


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    fund_name: str
    kind: ApplicationKind
    legal_form: LegalForm
    mother_fund_is_general_partner: bool
    total_size: Decimal  # 子基金认缴出资总额 (planned)
    mother_fund_commitment: Decimal
    contributors: tuple[Contributor, ...]  # everyone but the mother fund
    term: FundTerm
    fees: FeeTerms
    registered_in_wenzhou: bool
    applicant: Applicant
    manager: Manager
    investment_field: Attestation  # FUND-SUB-FIELD
    observer_seat: Attestation  # FUND-RISK-OBSERVER
    capital_increase: CapitalIncrease | None = None
    signed_on: date | None = None  # agreement already signed (八 transition); None for a new fund
    opted_in_on: date | None = None  # 八（二）: supplementary agreement opting in
    region: str | None = None  # county code, for regional parameter values
