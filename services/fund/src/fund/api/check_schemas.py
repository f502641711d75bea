"""Request and response bodies of the stateless checks, with their OpenAPI examples.

`ApplicationFactsIn` is the application as a client states it (also the body a stored
application is created from); `to_domain()` maps it onto `fund.domain.ApplicationFacts`.
Money is a decimal string in yuan, rates and stakes are fractions (0.025 = 2.5%) as decimal
strings, experience and periods in years, dates ISO days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from fund.domain import (
    Applicant,
    ApplicationFacts,
    ApplicationKind,
    AssetClass,
    Attestation,
    CapitalIncrease,
    CompanyFacts,
    CompanyStage,
    Contributor,
    ContributorRole,
    FeeTerms,
    ForeignCredentials,
    FundTerm,
    LegalForm,
    Manager,
    ProductStatus,
    ProposedInvestment,
    TargetCompany,
    TrackRecord,
    TrackRecordBasis,
)
from govkit.money import Money
from govkit.platform.decisions import FindingOut
from govkit.platform.parameters import REGION_PATTERN, WhatIf

# ---- field types ------------------------------------------------------------------------------

FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the date must lie between {FIRST_DAY} and {LAST_DAY}")
    return day


Day = Annotated[date, AfterValidator(_in_range)]
"""An ISO day within 1990–2100: anything outside is a typing error, not a policy question."""

Amount = Annotated[
    Money,
    Field(ge=0),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,14}(\.\d{1,2})?$", "examples": ["0.00"]}),
]
"""Yuan, not negative, as a decimal string with at most 2 places."""

PositiveAmount = Annotated[
    Money,
    Field(gt=0),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,14}(\.\d{1,2})?$", "examples": ["1.00"]}),
]

Fraction = Annotated[
    Decimal,
    Field(ge=0, le=1, max_digits=12, decimal_places=8),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(0(\.\d{1,8})?|1(\.0{1,8})?)$",
            "description": "A fraction between 0 and 1 as a decimal string (0.025 = 2.5%)",
            "examples": ["0.025"],
        }
    ),
]

Years = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=6, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,3}(\.\d{1,2})?$", "examples": ["4"]}),
]

Name = Annotated[str, Field(min_length=1, max_length=200)]
Region = Annotated[
    str | None,
    Field(pattern=REGION_PATTERN, description="县（市、区）代码 County code (GB/T 2260)"),
]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- application facts --------------------------------------------------------------------------


class AttestationIn(BaseModel):
    """A declared fact: yes/no with who attested it and when (without both it attests nothing)."""

    model_config = _STRICT

    attested: bool
    by: str | None = Field(None, max_length=200, description="声明人 Who attests")
    on: Day | None = Field(None, description="声明日期 When")

    def to_domain(self) -> Attestation:
        return Attestation(self.attested, self.by, self.on)


class ContributorIn(BaseModel):
    """A contributor other than the mother fund, with its subscription (认缴出资)."""

    model_config = _STRICT

    name: Name
    commitment: Amount = Field(description="认缴出资额 Subscribed amount (yuan)")
    role: ContributorRole = Field(
        ContributorRole.OTHER,
        description="manager 子基金管理机构, manager_affiliate 其关联方, other 其他出资人",
    )
    commitment_letter: bool = Field(False, description="已提供出资承诺函")
    capacity_proof: bool = Field(False, description="已提供出资能力证明")

    def to_domain(self) -> Contributor:
        return Contributor(
            self.name, self.commitment, self.role, self.commitment_letter, self.capacity_proof
        )


class FundTermIn(BaseModel):
    model_config = _STRICT

    investment_years: Years = Field(description="投资期（年）")
    exit_years: Years = Field(description="退出期（年）")
    extension_years: Years = Field(Decimal(0), description="延长期（年）")
    extension_approved: bool = Field(False, description="延长期经管委会批准")

    def to_domain(self) -> FundTerm:
        return FundTerm(
            self.investment_years, self.exit_years, self.extension_years, self.extension_approved
        )


class FeeTermsIn(BaseModel):
    """The agreed annual management fee rates."""

    model_config = _STRICT

    investment_period_rate: Fraction = Field(description="投资期年费率（实缴出资总额的比例）")
    exit_period_rate: Fraction = Field(description="退出期年费率（未退出项目投资本金的比例）")
    extension_period_rate: Fraction = Field(Decimal(0), description="延长期年费率")
    includes_all_expenses: bool = Field(description="管理费已含审计、尽调、托管等全部费用")
    mother_fund_rate: Fraction | None = Field(
        None,
        description="对科技创投基金的管理费率（含全部费用）；未提供时 FUND-SUB-FEE-PARITY 为 warn 并指明"
        "所缺费率 The rate charged to the mother fund; without it FUND-SUB-FEE-PARITY warns, "
        "naming the missing rate",
    )
    lowest_other_rate: Fraction | None = Field(
        None,
        description="其他出资人中最低的管理费率；未提供时 FUND-SUB-FEE-PARITY 为 warn The lowest "
        "rate any other contributor pays; without it FUND-SUB-FEE-PARITY warns",
    )

    def to_domain(self) -> FeeTerms:
        return FeeTerms(
            investment_period_rate=self.investment_period_rate,
            exit_period_rate=self.exit_period_rate,
            includes_all_expenses=self.includes_all_expenses,
            extension_period_rate=self.extension_period_rate,
            mother_fund_rate=self.mother_fund_rate,
            lowest_other_rate=self.lowest_other_rate,
        )


class ForeignCredentialsIn(BaseModel):
    """三（二）1（1）–（5）: an applicant established abroad (US dollars or their equivalent)."""

    model_config = _STRICT

    licensed_by_home_regulator: bool
    registered_capital_usd: Amount
    capital_in_cash_only: bool
    overseas_operating_years: Years
    overseas_aum_usd: Amount
    major_penalty_last_3_years: bool
    under_investigation: bool
    key_people_overseas_years: list[Years] = Field(
        max_length=100, description="每名主要投资人员的境外基金投资管理经验（年）"
    )
    record_and_governance: AttestationIn = Field(
        description="良好投资业绩、健全治理结构和完善内控制度（声明）"
    )

    def to_domain(self) -> ForeignCredentials:
        return ForeignCredentials(
            licensed_by_home_regulator=self.licensed_by_home_regulator,
            registered_capital_usd=self.registered_capital_usd,
            capital_in_cash_only=self.capital_in_cash_only,
            overseas_operating_years=self.overseas_operating_years,
            overseas_aum_usd=self.overseas_aum_usd,
            major_penalty_last_3_years=self.major_penalty_last_3_years,
            under_investigation=self.under_investigation,
            key_people_overseas_years=tuple(self.key_people_overseas_years),
            record_and_governance=self.record_and_governance.to_domain(),
        )


class ApplicantIn(BaseModel):
    """申请机构: `foreign` set → the foreign conditions apply instead of the domestic ones."""

    model_config = _STRICT

    name: Name
    lawfully_established: bool
    paid_in_capital: Amount = Field(description="实缴资本（元）")
    major_violation_last_3_years: bool
    foreign: ForeignCredentialsIn | None = Field(None, description="境外申请机构的条件")

    def to_domain(self) -> Applicant:
        return Applicant(
            self.name,
            self.lawfully_established,
            self.paid_in_capital,
            self.major_violation_last_3_years,
            self.foreign.to_domain() if self.foreign else None,
        )


class TrackRecordIn(BaseModel):
    model_config = _STRICT

    basis: TrackRecordBasis = Field(
        description="manager, main_shareholder, general_partner or core_team (3名以上骨干共同管理)"
    )
    filed_vc_fund_size: Amount = Field(description="在基金业协会备案的创业投资基金累计规模（元）")
    successful_cases: int = Field(ge=0, le=100_000, description="成功投资案例数")
    core_members: int = Field(0, ge=0, le=1000, description="以团队业绩计：共同管理的骨干人数")

    def to_domain(self) -> TrackRecord:
        return TrackRecord(
            self.basis, self.filed_vc_fund_size, self.successful_cases, self.core_members
        )


class ManagerIn(BaseModel):
    """子基金管理机构."""

    model_config = _STRICT

    name: Name
    is_applicant_or_affiliate: bool
    paid_in_capital: Amount
    amac_registered: bool = Field(description="已在中国证券投资基金业协会登记")
    senior_managers_years: list[Years] = Field(
        max_length=100, description="每名高级管理人员的投资或行业经验（年）"
    )
    key_member_penalised: bool
    track_record: TrackRecordIn
    controls: AttestationIn = Field(description="投资决策、风险控制、财务管理制度健全（声明）")
    sector_rank: int | None = Field(None, ge=1, le=100_000, description="行业排名")
    wenzhou_local: bool = Field(False, description="温州本土管理机构")

    def to_domain(self) -> Manager:
        return Manager(
            name=self.name,
            is_applicant_or_affiliate=self.is_applicant_or_affiliate,
            paid_in_capital=self.paid_in_capital,
            amac_registered=self.amac_registered,
            senior_managers_years=tuple(self.senior_managers_years),
            key_member_penalised=self.key_member_penalised,
            track_record=self.track_record.to_domain(),
            controls=self.controls.to_domain(),
            sector_rank=self.sector_rank,
            wenzhou_local=self.wenzhou_local,
        )


class CapitalIncreaseIn(BaseModel):
    """六（一）: the mother fund joins an already registered sub-fund."""

    model_config = _STRICT

    registered_on: Day = Field(description="子基金注册之日")
    accepted_on: Day = Field(description="科技创投基金受理申请之日")
    all_contributors_resolved: bool
    at_par: bool
    waives_penalty_interest: bool
    shares_existing_returns: bool

    def to_domain(self) -> CapitalIncrease:
        return CapitalIncrease(
            self.registered_on,
            self.accepted_on,
            self.all_contributors_resolved,
            self.at_par,
            self.waives_penalty_interest,
            self.shares_existing_returns,
        )


_ATTESTED = {"attested": True, "by": "张三（申请机构法定代表人）", "on": "2024-03-01"}

EXAMPLE_APPLICATION: dict[str, Any] = {
    "fund_name": "温州瓯江科创股权投资合伙企业（有限合伙）",
    "kind": "new_fund",
    "legal_form": "limited_partnership",
    "mother_fund_is_general_partner": False,
    "total_size": "100000000.00",
    "mother_fund_commitment": "30000000.00",
    "contributors": [
        {
            "name": "瓯江创投管理有限公司",
            "commitment": "1000000.00",
            "role": "manager",
            "commitment_letter": True,
            "capacity_proof": True,
        },
        {
            "name": "温州某产业集团有限公司",
            "commitment": "40000000.00",
            "role": "other",
            "commitment_letter": True,
            "capacity_proof": True,
        },
        {"name": "某市场化母基金", "commitment": "29000000.00", "role": "other"},
    ],
    "term": {
        "investment_years": "4",
        "exit_years": "3",
        "extension_years": "1",
        "extension_approved": True,
    },
    "fees": {
        "investment_period_rate": "0.02",
        "exit_period_rate": "0.01",
        "includes_all_expenses": True,
        "mother_fund_rate": "0.02",
        "lowest_other_rate": "0.02",
    },
    "registered_in_wenzhou": True,
    "applicant": {
        "name": "瓯江创投管理有限公司",
        "lawfully_established": True,
        "paid_in_capital": "20000000.00",
        "major_violation_last_3_years": False,
    },
    "manager": {
        "name": "瓯江创投管理有限公司",
        "is_applicant_or_affiliate": True,
        "paid_in_capital": "20000000.00",
        "amac_registered": True,
        "senior_managers_years": ["8", "5", "3"],
        "key_member_penalised": False,
        "track_record": {
            "basis": "manager",
            "filed_vc_fund_size": "500000000.00",
            "successful_cases": 6,
        },
        "controls": _ATTESTED,
        "sector_rank": 42,
        "wenzhou_local": True,
    },
    "investment_field": _ATTESTED,
    "observer_seat": {"attested": True, "by": "温州市基金投资有限公司", "on": "2024-03-01"},
}
"""The domain's example application (fund.domain.examples) as JSON: it passes every rule."""


def _boundary(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE_APPLICATION, **changes}


def _amounts(size: str, mother: str, largest: str) -> dict[str, Any]:
    """Worked example 6 amounts: a 1% manager stake and one large, confirmed contributor."""
    manager = f"{Decimal(size) / 100:.2f}"
    return _boundary(
        total_size=size,
        mother_fund_commitment=mother,
        contributors=[
            {
                "name": "瓯江创投管理有限公司",
                "commitment": manager,
                "role": "manager",
                "commitment_letter": True,
                "capacity_proof": True,
            },
            {
                "name": "温州某产业集团有限公司",
                "commitment": largest,
                "commitment_letter": True,
                "capacity_proof": True,
            },
        ],
    )


# Worked example 6: thresholds are inclusive.
EXAMPLE_SIZE_EXACTLY_MIN = _amounts("50000000.00", "15000000.00", "20000000.00")
EXAMPLE_RATIO_EXACTLY_40 = _amounts("100000000.00", "40000000.00", "50000000.00")
EXAMPLE_EQUAL_TO_LARGEST = _amounts("100000000.00", "30000000.00", "30000000.00")
EXAMPLE_TERM_4_PLUS_4 = _boundary(
    term={"investment_years": "4", "exit_years": "4", "extension_years": "0"}
)
EXAMPLE_UNAPPROVED_EXTENSION = _boundary(
    term={
        "investment_years": "4",
        "exit_years": "4",
        "extension_years": "2",
        "extension_approved": False,
    }
)


class ApplicationFactsIn(BaseModel):
    """What an application for the mother fund's participation states (三（一）（二）, 六（一）（二）（四）, 八)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EXAMPLE_APPLICATION]},
    )

    fund_name: Name = Field(description="子基金名称")
    kind: ApplicationKind = Field(
        ApplicationKind.NEW_FUND, description="new_fund 新设 or capital_increase 增资"
    )
    legal_form: LegalForm = Field(
        description="company 公司制, limited_partnership 有限合伙制, other"
    )
    mother_fund_is_general_partner: bool = Field(False, description="科技创投基金任普通合伙人")
    total_size: PositiveAmount = Field(description="子基金认缴出资总额（元）")
    mother_fund_commitment: Amount = Field(description="科技创投基金认缴出资额（元）")
    contributors: list[ContributorIn] = Field(
        max_length=500,
        description="除科技创投基金外的全部出资人（含管理机构），据此确定第一大出资人",
    )
    term: FundTermIn
    fees: FeeTermsIn
    registered_in_wenzhou: bool = Field(description="子基金注册在温州市")
    applicant: ApplicantIn
    manager: ManagerIn
    investment_field: AttestationIn = Field(description="FUND-SUB-FIELD 投资领域（声明）")
    observer_seat: AttestationIn = Field(description="FUND-RISK-OBSERVER 投委会观察员（声明）")
    capital_increase: CapitalIncreaseIn | None = Field(
        None, description="增资申请的注册日、受理日与出资人决议"
    )
    signed_on: Day | None = Field(None, description="协议已签署之日（八 过渡期；新设申请为空）")
    opted_in_on: Day | None = Field(None, description="八（二）选择参照本办法执行的补充协议日期")
    region: Region = None

    def to_domain(self) -> ApplicationFacts:
        return ApplicationFacts(
            fund_name=self.fund_name,
            kind=self.kind,
            legal_form=self.legal_form,
            mother_fund_is_general_partner=self.mother_fund_is_general_partner,
            total_size=self.total_size,
            mother_fund_commitment=self.mother_fund_commitment,
            contributors=tuple(c.to_domain() for c in self.contributors),
            term=self.term.to_domain(),
            fees=self.fees.to_domain(),
            registered_in_wenzhou=self.registered_in_wenzhou,
            applicant=self.applicant.to_domain(),
            manager=self.manager.to_domain(),
            investment_field=self.investment_field.to_domain(),
            observer_seat=self.observer_seat.to_domain(),
            capital_increase=(self.capital_increase.to_domain() if self.capital_increase else None),
            signed_on=self.signed_on,
            opted_in_on=self.opted_in_on,
            region=self.region,
        )


AS_OF_FIELD = Field(
    None,
    description="评估日：适用该日的法律与参数（缺省：今天，上海时间） The day whose law and "
    "parameters apply (default: today, Asia/Shanghai)",
)


class ApplicationCheck(ApplicationFactsIn, WhatIf):
    """An application to check, the day of the law to apply, and optional what-if values."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {**EXAMPLE_APPLICATION, "as_of": "2024-03-20"},
                {**EXAMPLE_SIZE_EXACTLY_MIN, "as_of": "2024-03-20"},
                {**EXAMPLE_RATIO_EXACTLY_40, "as_of": "2024-03-20"},
                {**EXAMPLE_EQUAL_TO_LARGEST, "as_of": "2024-03-20"},
                {**EXAMPLE_TERM_4_PLUS_4, "as_of": "2024-03-20"},
                {**EXAMPLE_UNAPPROVED_EXTENSION, "as_of": "2024-03-20"},
                {
                    **EXAMPLE_APPLICATION,
                    "as_of": "2024-03-20",
                    "parameter_overrides": {"fund.subfund.size_min": "200000000"},
                },
            ]
        },
    )

    as_of: Day | None = AS_OF_FIELD


# ---- investment -------------------------------------------------------------------------------


class TargetCompanyIn(BaseModel):
    model_config = _STRICT

    name: Name
    listed: bool = Field(description="投资时已上市")
    is_partnership: bool = Field(description="合伙企业")
    is_venture_capital_firm: bool = Field(description="创业投资企业")
    real_estate_industry: bool = Field(False, description="房地产业")
    restricted_industry: bool = Field(False, description="国家政策限制类行业")


class InvestmentCheck(WhatIf):
    """One portfolio investment, the sub-fund's size and what it already put in the company."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "target": {
                        "name": "温州某光电科技有限公司",
                        "listed": False,
                        "is_partnership": False,
                        "is_venture_capital_firm": False,
                    },
                    "amount": "15000000.00",
                    "stake_after": "0.15",
                    "subfund_size": "100000000.00",
                    "prior_investments_in_company": "5000000.00",
                    "as_of": "2024-03-20",
                },
                {
                    "target": {
                        "name": "温州某光电科技有限公司",
                        "listed": False,
                        "is_partnership": False,
                        "is_venture_capital_firm": False,
                    },
                    "amount": "15000000.01",
                    "stake_after": "0.15",
                    "subfund_size": "100000000.00",
                    "prior_investments_in_company": "5000000.00",
                    "as_of": "2024-03-20",
                },
                {
                    "target": {
                        "name": "某企业债",
                        "listed": False,
                        "is_partnership": False,
                        "is_venture_capital_firm": False,
                    },
                    "amount": "1000000.00",
                    "stake_after": "0",
                    "asset_class": "enterprise_bond",
                    "bond_rating": "AA+",
                    "subfund_size": "100000000.00",
                },
            ]
        },
    )

    target: TargetCompanyIn
    amount: PositiveAmount = Field(description="本次投资额（元）")
    stake_after: Fraction = Field(description="投资后子基金持股比例")
    gains_actual_control: bool = Field(False, description="投资后取得实际控制")
    asset_class: AssetClass = Field(
        AssetClass.EQUITY, description="投资品种；仅 equity 与（闲置资金）bank_deposit 允许"
    )
    bond_rating: str | None = Field(None, max_length=10, description="企业债评级（如 AAA）")
    approved_public_welfare_donation: bool = Field(False, description="经批准的公益性捐赠")
    funded_from_recovered_proceeds: bool = Field(False, description="使用投资回收资金")
    subfund_size: PositiveAmount = Field(description="子基金总规模（元）")
    prior_investments_in_company: Amount = Field(
        Decimal(0), description="此前已对该企业累计投资（元）"
    )
    as_of: Day | None = AS_OF_FIELD
    region: Region = None

    def to_domain(self) -> ProposedInvestment:
        t = self.target
        return ProposedInvestment(
            target=TargetCompany(
                t.name,
                t.listed,
                t.is_partnership,
                t.is_venture_capital_firm,
                t.real_estate_industry,
                t.restricted_industry,
            ),
            amount=self.amount,
            stake_after=self.stake_after,
            gains_actual_control=self.gains_actual_control,
            asset_class=self.asset_class,
            bond_rating=self.bond_rating,
            approved_public_welfare_donation=self.approved_public_welfare_donation,
            funded_from_recovered_proceeds=self.funded_from_recovered_proceeds,
        )


# ---- company stage ----------------------------------------------------------------------------


class CompanyStageCheck(WhatIf):
    """A company as it stood when the sub-fund invested (revenue: the prior year's)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "温州某智能装备有限公司",
                    "independent_legal_person": True,
                    "listed": False,
                    "product_status": "marketed",
                    "little_or_no_sales": False,
                    "high_tech_or_business_model": True,
                    "employees": 300,
                    "prior_year_revenue": "50000000.00",
                    "national_high_tech_enterprise": False,
                    "recognised_tech_sme": True,
                    "as_of": "2024-03-20",
                },
                {
                    "name": "温州某生物医药有限公司",
                    "independent_legal_person": True,
                    "listed": False,
                    "product_status": "prototype",
                    "little_or_no_sales": True,
                    "high_tech_or_business_model": True,
                    "employees": 12,
                    "prior_year_revenue": "0.00",
                    "national_high_tech_enterprise": False,
                    "recognised_tech_sme": False,
                },
            ]
        },
    )

    name: Name
    independent_legal_person: bool = Field(description="具有独立法人资格")
    listed: bool
    product_status: ProductStatus = Field(
        description="concept 仅有概念, prototype 仅有原型产品, marketed 已形成销售"
    )
    little_or_no_sales: bool = Field(description="没有或很少销售收入")
    high_tech_or_business_model: bool = Field(
        description="主要从事高新技术产品研发、生产和服务或具有商业模式创新"
    )
    employees: int = Field(ge=0, le=10_000_000, description="在职职工人数")
    prior_year_revenue: Amount = Field(description="上一年度营业收入（元）")
    national_high_tech_enterprise: bool = Field(description="已认定国家高新技术企业")
    recognised_tech_sme: bool = Field(description="经市级及以上科技部门认定的科技型中小企业")
    as_of: Day | None = AS_OF_FIELD
    region: Region = None

    def to_domain(self) -> CompanyFacts:
        return CompanyFacts(
            name=self.name,
            independent_legal_person=self.independent_legal_person,
            listed=self.listed,
            product_status=self.product_status,
            little_or_no_sales=self.little_or_no_sales,
            high_tech_or_business_model=self.high_tech_or_business_model,
            employees=self.employees,
            prior_year_revenue=self.prior_year_revenue,
            national_high_tech_enterprise=self.national_high_tech_enterprise,
            recognised_tech_sme=self.recognised_tech_sme,
        )


# ---- responses --------------------------------------------------------------------------------


class CheckDecisionOut(BaseModel):
    """A check's Decision. Checks change nothing, so it is not stored and has no decision_id."""

    stored: Literal[False] = Field(
        False,
        description="Always false: a check stores nothing (GET …/decisions is for stored ones)",
    )
    subject: str
    outcome: str = Field(description="fail if any rule fails; else warn if any warns; else pass")
    failed_rules: list[str]
    warned_rules: list[str]
    as_of: date = Field(description="适用法律的日期 The day the law was applied at")
    rules_version: str
    findings: list[FindingOut]
    parameters_used: dict[str, Any] = Field(
        description="所用参数及其生效日期与出处 Parameters used, with effective dates and citations"
    )
    parameter_overrides: dict[str, Any] = Field(description="What-if values applied, if any")
    warnings: list[Any]
    result: dict[str, Any]


class CompanyStageOut(CheckDecisionOut):
    stage: CompanyStage = Field(
        description="seed 种子期, startup 初创期, growth 成长期, none（最早符合的阶段）"
    )
