"""Request and response bodies of the stateless checks, with their OpenAPI examples.

`HousingTenantFactsIn` and `HousingProjectFactsIn` are the facts as a client states them (also the bodies a
stored application or project is created from); `to_domain()` maps them onto the domain's.
The examples are the worked examples of the rules catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govkit.identity import Uscc
from govkit.platform.decisions import FindingOut
from govkit.platform.parameters import WhatIf
from housing.api.fields import (
    STRICT,
    Area,
    CommissionerValue,
    ConstructionModeValue,
    County,
    LandSourceValue,
    Month,
    Months,
    Mu,
    Name,
    NonNegativeArea,
    Rent,
    RentBasisValue,
    RentSourceValue,
    TitleActValue,
    TransfereeValue,
    UnitCount,
    UnitTypeValue,
)
from housing.domain import (
    Approval,
    IndustrialProject,
    LabourContract,
    MarketRent,
    ProjectFacts,
    RegisterAnswer,
    RentBasis,
    TenantFacts,
    TitleFacts,
    UnitGroup,
)

AS_OF = Field(
    None,
    description="评估日（适用法律之日），缺省今天 The day the law is applied at (default today)",
)

# ---- tenants -------------------------------------------------------------------------------


class HousingRegisterIn(BaseModel):
    """不动产登记查询结果: what the real-estate register answered, by whom and when."""

    model_config = STRICT

    source: Name = Field(description="查询来源 Who answered, e.g. 温州市不动产登记服务中心")
    checked_on: date = Field(description="查询日期 When")
    applicant_owns: bool = Field(description="本人在工作所在城区有住房")
    spouse_owns: bool | None = Field(
        None, description="配偶在工作所在城区有住房 (required when married; null when not)"
    )


class HousingLabourContractIn(BaseModel):
    model_config = STRICT

    employer_uscc: Uscc
    employer_name: Name = Field(description="用人单位名称")
    starts_on: date = Field(description="劳动合同起始日 First day of the contract")
    term_months: Months | None = Field(None, description="合同期限（月） Term in months")
    ends_on: date | None = Field(
        None, description="合同终止日（含） Last day; omit both for an open-ended contract"
    )

    @model_validator(mode="after")
    def _one_term(self) -> HousingLabourContractIn:
        if self.term_months is not None and self.ends_on is not None:
            raise ValueError("give term_months or ends_on, not both")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("the contract ends before it starts")
        return self

    def to_domain(self) -> LabourContract:
        return LabourContract(
            self.employer_uscc, self.employer_name, self.starts_on, self.term_months, self.ends_on
        )


class HousingTenantFactsIn(BaseModel):
    """The applicant's facts (二（一）)."""

    model_config = STRICT

    work_district: County = Field(description="工作所在城区 County code of the place of work")
    married: bool
    housing_register: HousingRegisterIn
    labour_contract: HousingLabourContractIn
    pension_months: list[Month] = Field(
        default_factory=list,
        max_length=600,
        description="以用人单位名义缴纳社会养老保险的月份 Months of pension insurance paid through "
        "the employer (YYYY-MM)",
    )
    income_tax_months: list[Month] = Field(
        default_factory=list,
        max_length=600,
        description="以用人单位名义缴纳个人所得税的月份 Months of income tax paid through the "
        "employer (YYYY-MM)",
    )
    public_rental_housing: bool = Field(
        False, description="正在享受当地公租房保障 Receives local public rental housing"
    )

    @model_validator(mode="after")
    def _spouse(self) -> HousingTenantFactsIn:
        if self.married and self.housing_register.spouse_owns is None:
            raise ValueError("housing_register.spouse_owns is required for a married applicant")
        if not self.married and self.housing_register.spouse_owns is not None:
            raise ValueError(
                "housing_register.spouse_owns is given but the applicant is not married"
            )
        return self

    def to_domain(self) -> TenantFacts:
        r = self.housing_register
        return TenantFacts(
            work_district=self.work_district,
            married=self.married,
            register=RegisterAnswer(r.source, r.checked_on, r.applicant_owns, r.spouse_owns),
            contract=self.labour_contract.to_domain(),
            pension_months=frozenset(self.pension_months),
            income_tax_months=frozenset(self.income_tax_months),
            public_rental_housing=self.public_rental_housing,
        )


EXAMPLE_EMPLOYER = "91330302MA2AB1C2DL"
EXAMPLE_TENANT: dict[str, Any] = {
    "work_district": "330302",
    "married": True,
    "housing_register": {
        "source": "温州市不动产登记服务中心",
        "checked_on": "2024-03-15",
        "applicant_owns": False,
        "spouse_owns": False,
    },
    "labour_contract": {
        "employer_uscc": EXAMPLE_EMPLOYER,
        "employer_name": "温州瓯江智造科技有限公司",
        "starts_on": "2023-09-01",
        "term_months": 12,
    },
    "pension_months": ["2023-12", "2024-01", "2024-02"],
    "income_tax_months": [],
}


def tenant_example(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE_TENANT, "as_of": "2024-03-20", **changes}


class HousingTenantCheck(HousingTenantFactsIn, WhatIf):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                tenant_example(),
                tenant_example(
                    pension_months=["2023-11", "2023-12", "2024-02"],
                    income_tax_months=["2023-11", "2023-12", "2024-01"],
                ),
                tenant_example(
                    housing_register={**EXAMPLE_TENANT["housing_register"], "spouse_owns": True}
                ),
                tenant_example(
                    labour_contract={**EXAMPLE_TENANT["labour_contract"], "term_months": 11}
                ),
            ]
        },
    )

    as_of: date | None = AS_OF


# ---- projects ------------------------------------------------------------------------------


class HousingUnitGroupIn(BaseModel):
    model_config = STRICT

    type: UnitTypeValue = Field(description="dormitory 宿舍型, residential 住宅型")
    area: Area = Field(description="每套（间）建筑面积（平方米） Floor area of each unit, m²")
    count: UnitCount = Field(description="套（间）数 Number of units")

    def to_domain(self) -> UnitGroup:
        return UnitGroup(self.type, self.area, self.count)


class HousingIndustrialProjectIn(BaseModel):
    """The industrial project the housing is built in (四（一））."""

    model_config = STRICT

    in_park: bool = Field(description="产业园区内 Inside an industrial park")
    existing: bool = Field(description="存量工业项目 (false: a new industrial project)")
    efficiency_class: Literal["A", "B", "C", "D"] | None = Field(
        None, description="亩均效益评价类别 The enterprise's efficiency class"
    )
    land_mu: Mu = Field(description="项目总用地面积（亩）")
    support_land_mu: NonNegativeArea = Field(description="行政办公及生活服务设施用地面积（亩）")
    floor_area: Area = Field(description="项目总建筑面积（平方米）")
    support_floor_area: NonNegativeArea = Field(
        description="行政办公及生活服务设施建筑面积（平方米）"
    )

    @model_validator(mode="after")
    def _within(self) -> HousingIndustrialProjectIn:
        if self.support_land_mu > self.land_mu:
            raise ValueError("support_land_mu exceeds land_mu")
        if self.support_floor_area > self.floor_area:
            raise ValueError("support_floor_area exceeds floor_area")
        return self

    def to_domain(self) -> IndustrialProject:
        return IndustrialProject(
            self.in_park,
            self.existing,
            self.efficiency_class,
            self.land_mu,
            self.support_land_mu,
            self.floor_area,
            self.support_floor_area,
        )


class HousingProjectFactsIn(BaseModel):
    model_config = STRICT

    district: County
    construction_mode: ConstructionModeValue = Field(
        description="new_build 新开工建设, housing_conversion 已开工或建成的住房转为保障性租赁住房, "
        "non_residential_conversion 非居住存量房屋改建"
    )
    land_source: LandSourceValue = Field(
        description="enterprise_own_idle_land 企事业单位自有空置土地, industrial_park_supporting "
        "产业园区配套用地, idle_existing_buildings 存量闲置房屋, collective_commercial_land "
        "集体经营性建设用地, new_state_land 新供应国有建设用地"
    )
    standalone_building: bool = Field(description="独立成栋（幢）")
    closed_management: bool = Field(description="可封闭管理")
    floor_area: Area = Field(description="项目建筑面积（平方米）")
    units: list[HousingUnitGroupIn] = Field(min_length=1, max_length=200)
    industrial_project: HousingIndustrialProjectIn | None = None

    def to_domain(self) -> ProjectFacts:
        return ProjectFacts(
            district=self.district,
            construction_mode=self.construction_mode,
            land_source=self.land_source,
            standalone_building=self.standalone_building,
            closed_management=self.closed_management,
            floor_area=self.floor_area,
            units=tuple(u.to_domain() for u in self.units),
            industrial=self.industrial_project.to_domain() if self.industrial_project else None,
        )


EXAMPLE_PROJECT: dict[str, Any] = {
    "district": "330302",
    "construction_mode": "new_build",
    "land_source": "new_state_land",
    "standalone_building": True,
    "closed_management": True,
    "floor_area": "4800.00",
    "units": [
        {"type": "residential", "area": "65.00", "count": 52},
        {"type": "residential", "area": "85.00", "count": 8},
    ],
}


def project_example(**changes: Any) -> dict[str, Any]:
    return {**EXAMPLE_PROJECT, "as_of": "2024-03-20", **changes}


class HousingProjectCheck(HousingProjectFactsIn, WhatIf):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                project_example(),
                project_example(
                    units=[
                        {"type": "residential", "area": "65.00", "count": 50},
                        {"type": "residential", "area": "85.00", "count": 10},
                    ]
                ),
                project_example(
                    units=[
                        {"type": "residential", "area": "65.00", "count": 59},
                        {"type": "residential", "area": "95.00", "count": 1},
                    ]
                ),
                project_example(
                    floor_area="2999.00",
                    units=[{"type": "residential", "area": "59.00", "count": 49}],
                ),
                project_example(
                    construction_mode="housing_conversion",
                    land_source="idle_existing_buildings",
                    floor_area="960.00",
                    units=[{"type": "residential", "area": "120.00", "count": 8}],
                ),
                project_example(
                    land_source="enterprise_own_idle_land",
                    units=[{"type": "dormitory", "area": "30.00", "count": 160}],
                    industrial_project={
                        "in_park": False,
                        "existing": True,
                        "efficiency_class": "A",
                        "land_mu": "60.00",
                        "support_land_mu": "9.00",
                        "floor_area": "72000.00",
                        "support_floor_area": "21600.00",
                    },
                ),
            ]
        },
    )

    as_of: date | None = AS_OF


# ---- rents and leases ----------------------------------------------------------------------


class HousingMarketRentIn(BaseModel):
    """HOUS-MARKET-RENT: the market rent of comparable rental housing, with its source and date."""

    model_config = STRICT

    amount: Rent = Field(description="市场租金（元/月） Monthly, per unit or per m² (basis)")
    basis: RentBasisValue = Field(
        RentBasis.PER_UNIT, description="per_unit 元/套（间）·月, per_m2 元/平方米·月"
    )
    source: RentSourceValue = Field(
        description="third_party_appraisal 第三方专业机构评估, government_reference 政府发布的参考价格"
    )
    valued_on: date = Field(description="评估（发布）日期")
    appraiser: Name | None = Field(None, description="评估机构 (third-party appraisals)")
    commissioned_by: CommissionerValue | None = Field(
        None, description="委托方：investor 投资主体, operator 运营管理主体 (appraisals)"
    )
    reference: Name | None = Field(None, description="参考价格发布文件 (government prices)")

    def to_domain(self) -> MarketRent:
        return MarketRent(
            self.amount,
            self.basis,
            self.source,
            self.valued_on,
            self.appraiser,
            self.commissioned_by,
            self.reference,
        )


class HousingTermIn(BaseModel):
    """A period: `term_months` long, or to `ends_on` (inclusive) — exactly one."""

    model_config = STRICT

    term_months: Months | None = Field(None, description="期限（月）")
    ends_on: date | None = Field(None, description="终止日（含） Last day")

    @model_validator(mode="after")
    def _one(self) -> HousingTermIn:
        if (self.term_months is None) == (self.ends_on is None):
            raise ValueError("give term_months or ends_on (exactly one)")
        return self


class HousingLeaseIn(HousingTermIn):
    starts_on: date = Field(description="起租日 First day of the tenancy")
    monthly_rent: Rent

    @model_validator(mode="after")
    def _order(self) -> HousingLeaseIn:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("the lease ends before it starts")
        return self


class HousingRenewalIn(HousingTermIn):
    monthly_rent: Rent
    special_reason: str = Field(
        min_length=1, max_length=2000, description="确需继续租住的特殊原因 The special reason"
    )
    market_rent: HousingMarketRentIn | None = Field(
        None,
        description="续租时的市场租金（缺省同租赁时） Market rent at renewal (default: the lease's)",
    )


class HousingUnitIn(BaseModel):
    model_config = STRICT

    type: UnitTypeValue
    area: Area | None = Field(None, description="建筑面积 (needed for a per-m² market rent)")


class HousingLeaseCheck(WhatIf):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "district": "330302",
                    "unit": {"type": "residential", "area": "65.00"},
                    "market_rent": {
                        "amount": "2500.00",
                        "basis": "per_unit",
                        "source": "third_party_appraisal",
                        "valued_on": "2024-01-10",
                        "appraiser": "温州信诚房地产评估有限公司",
                        "commissioned_by": "operator",
                    },
                    "lease": {
                        "starts_on": "2024-03-01",
                        "term_months": 60,
                        "monthly_rent": "2000.00",
                    },
                    "as_of": "2024-02-20",
                },
                {
                    "district": "330302",
                    "unit": {"type": "residential", "area": "65.00"},
                    "market_rent": {
                        "amount": "2500.00",
                        "source": "third_party_appraisal",
                        "valued_on": "2024-01-10",
                        "appraiser": "温州信诚房地产评估有限公司",
                        "commissioned_by": "operator",
                    },
                    "lease": {
                        "starts_on": "2024-03-01",
                        "term_months": 60,
                        "monthly_rent": "2000.01",
                    },
                    "as_of": "2024-02-20",
                },
                {
                    "district": "330302",
                    "unit": {"type": "residential", "area": "65.00"},
                    "market_rent": {
                        "amount": "2500.00",
                        "source": "third_party_appraisal",
                        "valued_on": "2024-01-10",
                        "appraiser": "温州信诚房地产评估有限公司",
                        "commissioned_by": "operator",
                    },
                    "lease": {
                        "starts_on": "2024-03-01",
                        "term_months": 60,
                        "monthly_rent": "2000.00",
                    },
                    "renewal": {
                        "term_months": 36,
                        "monthly_rent": "1999.99",
                        "special_reason": "子女在附近学校就读",
                    },
                    "as_of": "2024-02-20",
                },
            ]
        },
    )

    district: County = Field(description="县（市、区） The county whose standards apply")
    unit: HousingUnitIn
    market_rent: HousingMarketRentIn
    lease: HousingLeaseIn
    previous_renewals: list[HousingTermIn] = Field(
        default_factory=list,
        max_length=20,
        description="此前的续租（按顺序） Earlier renewals, in order",
    )
    renewal: HousingRenewalIn | None = Field(None, description="拟续租 The renewal to check")
    as_of: date | None = AS_OF

    @model_validator(mode="after")
    def _history(self) -> HousingLeaseCheck:
        if self.previous_renewals and self.renewal is None:
            raise ValueError("previous_renewals are given without a renewal to check")
        rents = [self.market_rent, self.renewal.market_rent if self.renewal else None]
        if self.unit.area is None and any(m and m.basis is RentBasis.PER_M2 for m in rents):
            raise ValueError("a per-m² market rent needs unit.area")
        return self


# ---- title ---------------------------------------------------------------------------------


class HousingApprovalIn(BaseModel):
    model_config = STRICT

    authority: Name = Field(description="批准机关：属地政府（管委会）")
    document_no: Name = Field(description="批准文号")
    approved_on: date

    def to_domain(self) -> Approval:
        return Approval(self.authority, self.document_no, self.approved_on)


class HousingTitleFactsIn(BaseModel):
    model_config = STRICT

    act: TitleActValue = Field(
        description="registration 登记, transfer 转让, mortgage 抵押, sale 销售"
    )
    whole: bool = Field(description="整体（true）或分割（false） The project as a whole")
    transferee: TransfereeValue | None = Field(
        None, description="受让方：entity 单位, individuals 个人"
    )
    approval: HousingApprovalIn | None = Field(None, description="整体转让的审核批准")
    keeps_affordable_nature: bool | None = Field(None, description="转让后保障性租赁住房性质不变")
    keeps_land_use: bool | None = Field(None, description="转让后土地用途不变")
    inside_industrial_project: bool = Field(False, description="在工业项目范围内建设")
    with_production_buildings: bool | None = Field(None, description="与生产性厂房一并转让")

    def to_domain(self) -> TitleFacts:
        return TitleFacts(
            self.act,
            self.whole,
            self.transferee,
            self.approval.to_domain() if self.approval else None,
            self.keeps_affordable_nature,
            self.keeps_land_use,
            self.inside_industrial_project,
            self.with_production_buildings,
        )


EXAMPLE_TRANSFER: dict[str, Any] = {
    "act": "transfer",
    "whole": True,
    "transferee": "entity",
    "approval": {
        "authority": "鹿城区人民政府",
        "document_no": "鹿政函〔2024〕8号",
        "approved_on": "2024-05-20",
    },
    "keeps_affordable_nature": True,
    "keeps_land_use": True,
}


class HousingTitleCheck(HousingTitleFactsIn, WhatIf):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {**EXAMPLE_TRANSFER, "district": "330302", "as_of": "2024-06-03"},
                {
                    "act": "registration",
                    "whole": False,
                    "district": "330302",
                    "as_of": "2024-06-03",
                },
                {"act": "sale", "whole": False, "district": "330302", "as_of": "2024-06-03"},
            ]
        },
    )

    district: County
    as_of: date | None = AS_OF


# ---- answers -------------------------------------------------------------------------------


class HousingCheckDecisionOut(BaseModel):
    """A check's Decision. Checks change nothing, so it is not stored and has no decision_id."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "stored": False,
                    "subject": "housing.tenant",
                    "outcome": "pass",
                    "failed_rules": [],
                    "warned_rules": [],
                    "as_of": "2024-03-20",
                    "rules_version": "wzb-2021-75.r1",
                    "findings": [
                        {
                            "rule_id": "HOUS-TENANT-CONTRACT",
                            "clause": "温政办〔2021〕75号 二（一）2",
                            "outcome": "pass",
                            "message_zh": "与用人单位（温州瓯江智造科技有限公司）签订劳动合同至2024-08-31，12个月以上且在履行中。",
                            "message_en": "A labour contract with 温州瓯江智造科技有限公司 to 2024-08-31: at least 12 months and in force.",
                            "facts": {"starts_on": "2023-09-01", "term_months": 12},
                            "parameters": {"housing.tenant.contract_min_months": 12},
                        }
                    ],
                    "parameters_used": {
                        "housing.tenant.contract_min_months": {
                            "path": "housing.tenant.contract_min_months",
                            "value": 12,
                            "effective_from": "2022-01-01",
                            "effective_to": None,
                            "source": "温政办〔2021〕75号 二（一）2「与用人单位签订劳动合同一年以上」",
                            "region": None,
                        }
                    },
                    "parameter_overrides": {},
                    "warnings": [],
                    "result": {"eligible": True},
                }
            ]
        }
    )

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
    warnings: list[Any] = Field(description="有效期提示 e.g. the policy's window has passed")
    result: dict[str, Any]
