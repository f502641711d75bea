"""Bodies of the sub-fund, paid-in, portfolio, reinvestment and early-exit endpoints.

Money is a decimal string in yuan (`govkit.money.Money`), stakes and rates are fractions as
decimal strings ("0.60" = 60%), dates ISO days. The reinvestment examples are worked example 1.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fund.domain import AssetClass, CompanyStage, CreditCase, ProductStatus
from govkit.money import Money
from govkit.platform.decisions import FindingOut
from govkit.platform.parameters import REGION_PATTERN

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Fraction = Annotated[Decimal, Field(ge=0, le=1, decimal_places=6)]
Years = Annotated[Decimal, Field(ge=0, le=30, decimal_places=1)]
# Days the service can reason about: the holiday calendar and the policy live in this range.
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]

EXAMPLE_SUB_FUND = "温州瓯江科创股权投资合伙企业（有限合伙）"
EXAMPLE_MOTHER = "温州市科技创新创业投资基金"
EXAMPLE_MANAGER = "瓯江创投管理有限公司"
EXAMPLE_GROUP = "温州某产业集团有限公司"
EXAMPLE_MARKET = "某市场化母基金"


class Role(StrEnum):
    """A contributor's role in the sub-fund."""

    MOTHER_FUND = "mother_fund"  # 科技创投基金
    MANAGER = "manager"  # 子基金管理机构
    MANAGER_AFFILIATE = "manager_affiliate"
    OTHER = "other"


class Source(StrEnum):
    SUB_FUND = "sub_fund"  # the sub-fund's own investment, checked against FUND-INV-*
    MANAGER_OTHER_FUND = "manager_other_fund"  # 三（一）5（4）: another fund of the manager


class InvestmentStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class EvaluationOut(BaseModel):
    """A decision: every finding with its rule ID, clause, outcome and the facts it used."""

    decision_id: uuid.UUID
    subject: str
    outcome: str = Field(description="pass, warn or fail (fail if any rule fails)")
    failed_rules: list[str]
    as_of: date = Field(description="适用法律的日期 The day the law was applied at")
    rules_version: str
    findings: list[FindingOut]
    parameters_used: dict[str, Any]
    warnings: list[Any]
    result: dict[str, Any]


# ---- sub-funds --------------------------------------------------------------------------------


class ContributorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(description="出资人名称 Contributor's name (unique within the sub-fund)")
    role: Role = Role.OTHER
    commitment: Money = Field(gt=0, description="认缴出资额 Subscribed capital")


class TermIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    investment_years: Years = Field(gt=0, description="投资期（年）")
    exit_years: Years = Field(description="退出期（年）")
    extension_years: Years = Field(Decimal(0), description="延长期（年）")


SUB_FUND_EXAMPLE: dict[str, Any] = {
    "name": EXAMPLE_SUB_FUND,
    "region": "330302",
    "size": "100000000.00",
    "registered_on": "2023-03-15",
    "agreement_signed_on": "2023-01-10",
    "term": {"investment_years": "4", "exit_years": "3", "extension_years": "1"},
    "contributors": [
        {"name": EXAMPLE_MOTHER, "role": "mother_fund", "commitment": "40000000.00"},
        {"name": EXAMPLE_MANAGER, "role": "manager", "commitment": "1000000.00"},
        {"name": EXAMPLE_GROUP, "role": "other", "commitment": "35000000.00"},
        {"name": EXAMPLE_MARKET, "role": "other", "commitment": "24000000.00"},
    ],
}


class SubFundCreate(BaseModel):
    """A sub-fund: from a signed application (`application_id`) or registered directly."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                SUB_FUND_EXAMPLE,
                {
                    **SUB_FUND_EXAMPLE,
                    "application_id": "3f0e8d4a-6c1b-4a57-9e2d-1b7c5a9f0e21",
                    "registered_on": "2024-05-20",
                    "agreement_signed_on": None,
                },
            ]
        },
    )

    name: Name = Field(description="子基金名称")
    application_id: uuid.UUID | None = Field(
        None,
        description="已签署（post_investment 阶段）且未登记的申请 A signed application not yet "
        "linked to a sub-fund; omit for a sub-fund set up before the system",
    )
    region: str | None = Field(
        None, pattern=REGION_PATTERN, description="县（市、区）代码 County code (GB/T 2260)"
    )
    size: Money = Field(gt=0, description="子基金总规模（认缴） Total committed; = Σ commitments")
    term: TermIn
    registered_on: Day = Field(description="注册设立日 Day of registration")
    agreement_signed_on: Day | None = Field(
        None,
        description="合伙协议（章程）签署日 Day the agreement was signed (default: the "
        "application's signing day)",
    )
    reporting_from: Day | None = Field(
        None,
        description="报送义务起算日 Reporting duties start for periods ending on or after this "
        "day (default: registered_on; later for sub-funds that reported outside the system)",
    )
    contributors: list[ContributorIn] = Field(min_length=2, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        mothers = [c for c in self.contributors if c.role is Role.MOTHER_FUND]
        if len(mothers) != 1:
            raise ValueError("exactly one contributor has the role mother_fund")
        names = [c.name for c in self.contributors]
        if len(set(names)) != len(names):
            raise ValueError("contributor names must be unique")
        total = sum((c.commitment for c in self.contributors), Decimal(0))
        if total != self.size:
            raise ValueError(f"size {self.size} must equal the commitments' total {total}")
        if self.reporting_from is not None and self.reporting_from < self.registered_on:
            raise ValueError("reporting_from must not precede registered_on")
        return self

    @property
    def mother_fund_commitment(self) -> Decimal:
        return next(c.commitment for c in self.contributors if c.role is Role.MOTHER_FUND)


class ContributorOut(BaseModel):
    contributor_id: uuid.UUID
    name: str
    role: Role
    commitment: Money
    paid_in: Money = Field(description="实缴 Paid in so far")
    outstanding: Money = Field(description="未缴 Commitment not yet paid")
    paid_in_ratio: Decimal = Field(description="到位比例 paid_in / commitment (6 places)")


class TermOut(BaseModel):
    investment_years: Decimal
    exit_years: Decimal
    extension_years: Decimal
    ends_on: date = Field(description="存续期届满 registered_on + the whole term")


class SubFundOut(BaseModel):
    sub_fund_id: uuid.UUID
    name: str
    application_id: uuid.UUID | None
    region: str | None
    size: Money
    mother_fund_commitment: Money
    mother_fund_share: Decimal = Field(description="科技创投基金认缴占比 (6 places)")
    registered_on: date
    agreement_signed_on: date | None
    reporting_from: date
    term: TermOut
    contributors: list[ContributorOut]
    paid_in_total: Money
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    warnings: list[str] = Field(
        default_factory=list,
        description="暂定的报送期限及须发布的年度 Open provisional reporting duties and the year "
        "to publish",
    )


class SubFundSummary(BaseModel):
    sub_fund_id: uuid.UUID
    name: str
    application_id: uuid.UUID | None
    region: str | None
    size: Money
    mother_fund_commitment: Money
    registered_on: date
    created_at: datetime


# ---- paid-in ----------------------------------------------------------------------------------


class PaymentIn(BaseModel):
    """One contributor's payment; name the contributor by `contributor_id` or by `contributor`."""

    model_config = ConfigDict(extra="forbid")

    contributor_id: uuid.UUID | None = None
    contributor: Name | None = Field(None, description="出资人名称 The contributor's name")
    amount: Money = Field(gt=0)
    paid_on: Day = Field(description="到账日 Day the money arrived")

    @model_validator(mode="after")
    def _one_reference(self) -> Self:
        if (self.contributor_id is None) == (self.contributor is None):
            raise ValueError("give exactly one of contributor_id and contributor")
        return self


class PaidInCreate(BaseModel):
    """A capital-call tranche (FUND-RISK-LAST-IN: the mother fund pays last, pro rata)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "called_on": "2023-04-01",
                    "note": "首期出资 50%",
                    "payments": [
                        {
                            "contributor": EXAMPLE_MANAGER,
                            "amount": "500000.00",
                            "paid_on": "2023-04-10",
                        },
                        {
                            "contributor": EXAMPLE_GROUP,
                            "amount": "17500000.00",
                            "paid_on": "2023-04-10",
                        },
                        {
                            "contributor": EXAMPLE_MARKET,
                            "amount": "12000000.00",
                            "paid_on": "2023-04-12",
                        },
                        {
                            "contributor": EXAMPLE_MOTHER,
                            "amount": "20000000.00",
                            "paid_on": "2023-04-20",
                        },
                    ],
                }
            ]
        },
    )

    called_on: Day | None = Field(None, description="缴款通知日 Day of the capital call")
    note: Note | None = None
    others_overdue: bool = Field(
        False,
        description="其他出资人未按约定期限到位（科技创投基金有权不予出资） Another contributor "
        "missed the agreed date (the mother fund may refuse to pay)",
    )
    payments: list[PaymentIn] = Field(min_length=1, max_length=200)


class PaymentOut(BaseModel):
    payment_id: uuid.UUID
    contributor_id: uuid.UUID
    contributor: str
    role: Role
    amount: Money
    paid_on: date


class MotherFundAllowance(BaseModel):
    """FUND-RISK-LAST-IN: how far the mother fund may have paid, pro rata to the others."""

    as_of: date
    others_paid_in_ratio: Decimal
    allowed_total: Money = Field(description="累计可出资 The mother fund's paid-in may reach this")
    paid_in: Money
    due_now: Money = Field(description="现可出资 What it may pay now")
    may_refuse: bool


class TrancheOut(BaseModel):
    tranche_id: uuid.UUID
    sub_fund_id: uuid.UUID
    called_on: date | None
    note: str | None
    payments: list[PaymentOut]
    total: Money
    decision_id: uuid.UUID
    created_at: datetime
    created_by: str
    decision: EvaluationOut | None = Field(
        None, description="FUND-RISK-LAST-IN check (in the answer to the POST)"
    )


class PaidInList(BaseModel):
    items: list[TrancheOut]
    next_cursor: str | None
    limit: int
    totals: list[ContributorOut] = Field(description="每个出资人的累计 Totals per contributor")
    paid_in_total: Money
    mother_fund: MotherFundAllowance


# ---- investments and reinvestment facts -------------------------------------------------------


class TargetIn(BaseModel):
    """The investee as it stood at the investment (FUND-INV-*)."""

    model_config = ConfigDict(extra="forbid")

    listed: bool = Field(description="已上市")
    is_partnership: bool = Field(description="合伙企业")
    is_venture_capital_firm: bool = Field(description="创业投资企业")
    real_estate_industry: bool = Field(False, description="房地产业")
    restricted_industry: bool = Field(False, description="国家政策限制类行业")


class WenzhouFacts(BaseModel):
    """What decides how much of an investment counts as Wenzhou investment (三（一）5).

    The case is derived, never declared: each investment is credited under its single most
    favourable case (FUND-SUB-REINVEST-CREDIT) after the exclusions (-EXCLUDE).
    """

    model_config = ConfigDict(extra="forbid")

    registered_in_wenzhou: bool = Field(description="投资时在温州市注册")
    relocated_to_wenzhou_on: Day | None = Field(None, description="（1）注册地迁往温州之日")
    leading_talent_or_team: bool = Field(
        False, description="（2）温州市级及以上领军型人才创业项目或高水平创新团队项目"
    )
    acquired_by_wenzhou_stake: Fraction | None = Field(
        None, description="（3）被温州市内注册企业收购的持股比例（须大于50%）"
    )
    acquired_on: Day | None = Field(None, description="收购日")
    wenzhou_subsidiary_investment: Money | None = Field(
        None, ge=0, description="（5）在温子公司经审计的在温实际投资额"
    )
    subsidiary_set_up_on: Day | None = Field(None, description="在温子公司设立日")
    committee_approved_amount: Money | None = Field(
        None, ge=0, description="（6）管委会批准认定的金额"
    )
    moved_out_of_wenzhou_on: Day | None = Field(
        None, description="最近一次迁出温州之日（认定日前2年内迁出的不属于温州市以外企业）"
    )
    stay_commitment_years: int = Field(
        0, ge=0, le=100, description="承诺不迁出温州的年数（迁入或设子公司须≥5）"
    )

    @model_validator(mode="after")
    def _paired(self) -> Self:
        if (self.acquired_by_wenzhou_stake is None) != (self.acquired_on is None):
            raise ValueError("acquired_by_wenzhou_stake and acquired_on go together")
        if (self.wenzhou_subsidiary_investment is None) != (self.subsidiary_set_up_on is None):
            raise ValueError("wenzhou_subsidiary_investment and subsidiary_set_up_on go together")
        return self


class CompanyStageFacts(BaseModel):
    """The company at the investment, for its stage (FUND-STAGE-*, FUND-SUB-STAGE-*)."""

    model_config = ConfigDict(extra="forbid")

    independent_legal_person: bool
    product_status: ProductStatus
    little_or_no_sales: bool = Field(description="没有或很少销售收入")
    high_tech_or_business_model: bool = Field(
        description="主要从事高新技术产品研发、生产和服务或具有商业模式创新"
    )
    employees: int = Field(ge=0, le=10_000_000)
    prior_year_revenue: Money = Field(ge=0, description="上一年度营业收入")
    national_high_tech_enterprise: bool = False
    recognised_tech_sme: bool = Field(False, description="经市级及以上科技部门认定的科技型中小企业")


_SEED_FACTS: dict[str, Any] = {
    "independent_legal_person": True,
    "product_status": "prototype",
    "little_or_no_sales": True,
    "high_tech_or_business_model": True,
    "employees": 12,
    "prior_year_revenue": "0.00",
}


class InvestmentCreate(BaseModel):
    """One portfolio investment, checked before it is recorded."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "company": "A 温州某光电科技有限公司",
                    "invested_on": "2023-06-01",
                    "amount": "20000000.00",
                    "stake_after": "0.18",
                    "target": {
                        "listed": False,
                        "is_partnership": False,
                        "is_venture_capital_firm": False,
                    },
                    "wenzhou": {"registered_in_wenzhou": True},
                    "stage_facts": _SEED_FACTS,
                },
                {
                    "company": "B 上海某芯片有限公司",
                    "invested_on": "2023-07-01",
                    "amount": "10000000.00",
                    "stake_after": "0.10",
                    "target": {
                        "listed": False,
                        "is_partnership": False,
                        "is_venture_capital_firm": False,
                    },
                    "wenzhou": {
                        "registered_in_wenzhou": False,
                        "relocated_to_wenzhou_on": "2024-01-05",
                        "stay_commitment_years": 5,
                    },
                },
            ]
        },
    )

    company: Name = Field(description="被投企业名称（同名即同一企业）")
    invested_on: Day
    amount: Money = Field(gt=0)
    stake_after: Fraction | None = Field(
        None, description="投资后持股比例 Stake afterwards (required for equity)"
    )
    gains_actual_control: bool = False
    asset_class: AssetClass = AssetClass.EQUITY
    bond_rating: Annotated[str, StringConstraints(max_length=10)] | None = None
    approved_public_welfare_donation: bool = False
    funded_from_recovered_proceeds: bool = Field(False, description="使用存续期内投资回收资金")
    source: Source = Field(
        Source.SUB_FUND,
        description="manager_other_fund: 管理机构其他基金对温投资, counted for reinvestment "
        "only (三（一）5（4）); not checked against FUND-INV-*",
    )
    target: TargetIn
    wenzhou: WenzhouFacts | None = Field(None, description="返投认定事实 (required for equity)")
    stage_facts: CompanyStageFacts | None = Field(None, description="企业阶段事实 (optional)")

    @model_validator(mode="after")
    def _equity_facts(self) -> Self:
        if self.asset_class is AssetClass.EQUITY:
            if self.stake_after is None:
                raise ValueError("stake_after is required for an equity investment")
            if self.wenzhou is None:
                raise ValueError("wenzhou is required for an equity investment")
        elif self.source is Source.MANAGER_OTHER_FUND:
            raise ValueError("an investment by another fund of the manager is an equity one")
        return self


class InvestmentOut(BaseModel):
    investment_id: uuid.UUID
    sub_fund_id: uuid.UUID
    source: Source
    company: str
    asset_class: AssetClass
    amount: Money
    invested_on: date
    stake_after: Decimal | None
    status: InvestmentStatus = Field(description="accepted, or rejected (not in the portfolio)")
    failed_rules: list[str]
    decision_id: uuid.UUID | None
    stage: CompanyStage | None
    facts: dict[str, Any]
    created_at: datetime
    created_by: str
    decision: EvaluationOut | None = Field(None, description="The check (in the POST's answer)")


# ---- reinvestment -----------------------------------------------------------------------------


class CreditLineOut(BaseModel):
    investment_id: uuid.UUID | None
    company: str
    amount: Money
    invested_on: date
    case: CreditCase
    credited: Money
    candidates: dict[str, Money] = Field(description="Every case that applied, with its credit")


class StageTestsOut(BaseModel):
    """FUND-SUB-STAGE-EARLY / -ALL against the mother fund's paid-in contribution."""

    mother_fund_paid_in: Money
    early_invested: Money
    early_target: Money
    early_shortfall: Money
    early_passes: bool
    all_invested: Money
    all_target: Money
    all_shortfall: Money
    all_passes: bool
    stages: dict[str, CompanyStage]
    unclassified: list[str] = Field(description="Wenzhou investments without company facts")


class ReinvestmentOut(BaseModel):
    sub_fund_id: uuid.UUID | None
    recognised_on: date
    mother_fund_commitment: Money
    target: Money = Field(description="1.5 × the mother fund's commitment")
    credited_total: Money
    shortfall: Money
    passes: bool
    by_case: dict[str, Money] = Field(description="Credited amount per crediting case")
    lines: list[CreditLineOut]
    stage: StageTestsOut | None
    missing: dict[str, Any]
    decision: EvaluationOut


class ReinvestmentItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    company: Name
    amount: Money = Field(ge=0, description="基金实际投资额")
    invested_on: Day
    by_manager_other_fund: bool = Field(False, description="（4）管理机构管理的其他基金的投资")
    listed: bool = Field(False, description="投资时已上市 (stage tests only)")
    wenzhou: WenzhouFacts
    stage_facts: CompanyStageFacts | None = None


def _item(company: str, amount: str, **wenzhou: Any) -> dict[str, Any]:
    return {
        "company": company,
        "amount": amount,
        "invested_on": "2022-03-01",
        "wenzhou": {"registered_in_wenzhou": False, **wenzhou},
    }


WORKED_EXAMPLE_1: dict[str, Any] = {
    "mother_fund_commitment": "40000000.00",
    "recognised_on": "2024-06-30",
    "investments": [
        _item("A", "20000000.00", registered_in_wenzhou=True),
        _item("B", "10000000.00", relocated_to_wenzhou_on="2023-01-05", stay_commitment_years=5),
        _item("C", "5000000.00", registered_in_wenzhou=True, leading_talent_or_team=True),
        _item("D", "8000000.00", acquired_by_wenzhou_stake="0.60", acquired_on="2023-03-01"),
        _item("E", "3000000.00", acquired_by_wenzhou_stake="0.40", acquired_on="2023-03-01"),
        _item(
            "F",
            "2000000.00",
            wenzhou_subsidiary_investment="3000000.00",
            subsidiary_set_up_on="2023-02-01",
            stay_commitment_years=5,
        ),
        _item(
            "G",
            "4000000.00",
            relocated_to_wenzhou_on="2023-09-01",
            moved_out_of_wenzhou_on="2023-06-30",
            stay_commitment_years=5,
        ),
    ],
}


class ReinvestmentCalc(BaseModel):
    """Stateless: credit investments, test the 1.5× target and (given paid-in) the stage tests."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WORKED_EXAMPLE_1]})

    mother_fund_commitment: Money = Field(gt=0, description="科技创投基金认缴出资额")
    mother_fund_paid_in: Money | None = Field(
        None,
        ge=0,
        description="科技创投基金实缴出资额 (for FUND-SUB-STAGE-*; omitted: no stage tests)",
    )
    recognised_on: Day = Field(description="认定日 Day of recognition")
    term_start: Day | None = Field(None, description="子基金存续期 (bounds the cases, optional)")
    term_end: Day | None = None
    region: str | None = Field(None, pattern=REGION_PATTERN)
    investments: list[ReinvestmentItem] = Field(max_length=2000)

    @model_validator(mode="after")
    def _term(self) -> Self:
        if (self.term_start is None) != (self.term_end is None):
            raise ValueError("term_start and term_end go together")
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValueError("term_end precedes term_start")
        return self


# ---- early exit -------------------------------------------------------------------------------


class EarlyExitCheck(BaseModel):
    """Facts for FUND-EARLY-EXIT beyond what the sub-fund's records hold.

    Registration, the mother fund's paid-in tranches and disbursement day, and the investment
    days come from the stored records.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "as_of": "2024-06-30",
                    "demand_deposit_rate": "0.0035",
                    "amac_filed_on": "2023-06-01",
                    "manager_control_changed": False,
                    "core_team_members": 6,
                    "core_team_members_changed": 3,
                    "manager_change_approved": False,
                }
            ]
        },
    )

    as_of: Day | None = Field(None, description="检查日即退出日 Default: today (Asia/Shanghai)")
    demand_deposit_rate: Decimal = Field(
        ge=0, lt=1, decimal_places=6, description="银行活期存款年利率 (fraction: 0.0035 = 0.35%)"
    )
    agreed_price: Money | None = Field(None, ge=0, description="约定退出价格 (checked if given)")
    agreement_signed_on: Day | None = Field(None, description="Default: the sub-fund's")
    registration_delayed_by_force_majeure: bool = False
    amac_filed_on: Day | None = Field(None, description="基金业协会备案日")
    not_investing_as_agreed_unrectified: bool = False
    non_compliant_investments: bool = False
    penalised_for_illegal_operation: bool = False
    manager_control_changed: bool = False
    core_team_members: int = Field(0, ge=0, le=1000)
    core_team_members_changed: int = Field(0, ge=0, le=1000)
    manager_change_approved: bool = False

    @model_validator(mode="after")
    def _team(self) -> Self:
        if self.core_team_members_changed > self.core_team_members:
            raise ValueError("core_team_members_changed exceeds core_team_members")
        return self


class ExitTrancheOut(BaseModel):
    amount: Money
    paid_on: date
    days: int


class EarlyExitOut(BaseModel):
    sub_fund_id: uuid.UUID
    as_of: date
    triggers: list[str] = Field(description="六（八） items that hold (1–6)")
    exit_may_be_requested: bool = Field(
        description="A trigger holds (exit needs committee approval)"
    )
    principal: Money
    interest: Money
    floor_price: Money = Field(description="实缴本金＋活期利息 (day count 360)")
    demand_deposit_rate: Decimal
    tranches: list[ExitTrancheOut]
    agreed_price_ok: bool | None
    decision: EvaluationOut
