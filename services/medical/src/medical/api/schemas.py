"""Request and response bodies of the medical API (XCreate / XUpdate / XOut), with examples.

Money is a decimal string in yuan (`govkit.money.Money`); dates are ISO days. Every request body
carries an example; the settlement's is the worked example of 温政办〔2021〕78号's encoding.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from govkit.calendar.model import MAX_YEAR, MIN_YEAR
from govkit.identity import resident_id_value
from govkit.money import Money
from govkit.platform.decisions import FindingOut
from govkit.platform.parameters import REGION_PATTERN, WhatIf
from medical.domain import CareSetting, HospitalLevel, NeedyCategory

EXAMPLE_RESIDENT_ID = "330302199001011235"  # synthetic, valid check digit
EXAMPLE_PERSON_ID = "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01"
RESIDENT_ID_FIELD = Field(
    min_length=15,
    max_length=20,
    description="居民身份证号（GB 11643，校验位校验；只存其密钥哈希与掩码） Resident ID number: "
    "validated, stored only as a keyed hash and a masked form",
    examples=[EXAMPLE_RESIDENT_ID],
)
FIRST_DAY, LAST_DAY = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the date must lie between {FIRST_DAY} and {LAST_DAY}")
    return day


Day = Annotated[date, AfterValidator(_in_range)]
"""An ISO day in the calendar's years (1949–2999): PostgreSQL would store 0001-01-01 and
9999-12-31 as ∓infinity, which no longer read back as days."""

COUNTY_FIELD = Field(
    None, pattern=REGION_PATTERN, description="县（市、区）代码 County code (GB/T 2260)"
)


def _resident_id(value: str) -> str:
    return resident_id_value(value)  # validated once per distinct ID (cached in govkit)


# ---- register ---------------------------------------------------------------------------------


class NeedyRecordCreate(BaseModel):
    """One recognition by civil affairs (大救助平台认定)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"category": "dibao", "recognised_on": "2021-06-01"},
                {
                    "category": "dibian",
                    "recognised_on": "2020-03-15",
                    "gradual_exit_from": "2022-07-01",
                    "exited_on": "2023-01-01",
                },
            ]
        },
    )

    category: NeedyCategory = Field(
        description="tekun 特困, dibao 低保, dibian 低边, illness_poverty 因病致贫, "
        "other_special 其他特殊困难人员"
    )
    recognised_on: Day = Field(description="认定日期 Day of recognition")
    exited_on: Day | None = Field(
        None, description="退出日期：首个不再认定之日 First day no longer recognised"
    )
    gradual_exit_from: Day | None = Field(
        None, description="渐退期起始日（仅低保、低边） First day of the gradual-exit period"
    )


class NeedyRecordUpdate(BaseModel):
    """Gradual exit (渐退) and exit (退出): set or clear the two dates (JSON merge patch)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"gradual_exit_from": "2022-07-01"},
                {"exited_on": "2023-01-01"},
            ]
        },
    )

    exited_on: Day | None = Field(None, description="退出日期 First day no longer recognised")
    gradual_exit_from: Day | None = Field(None, description="渐退期起始日")


class NeedyRecordOut(BaseModel):
    record_id: uuid.UUID
    category: NeedyCategory
    recognised_on: date
    exited_on: date | None
    gradual_exit_from: date | None
    source: str
    version: int
    updated_at: datetime


class PersonCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "resident_id": EXAMPLE_RESIDENT_ID,
                    "name": "张三",
                    "county": "330302",
                    "household_income": "18000.00",
                    "records": [{"category": "dibao", "recognised_on": "2021-06-01"}],
                }
            ]
        },
    )

    resident_id: str = RESIDENT_ID_FIELD
    name: str | None = Field(None, max_length=100, description="姓名 Name")
    county: str | None = COUNTY_FIELD
    household_income: Money | None = Field(
        None, description="家庭年收入（民政） Annual household income, for the risk watch"
    )
    records: list[NeedyRecordCreate] = Field(default_factory=list, max_length=50)

    _check_id = field_validator("resident_id")(_resident_id)


class PersonLookup(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"resident_id": EXAMPLE_RESIDENT_ID}]}
    )

    resident_id: str = RESIDENT_ID_FIELD

    _check_id = field_validator("resident_id")(_resident_id)


class NeedyStatusOut(BaseModel):
    on: date
    needy: bool = Field(description="当日适用困难群众待遇 The needy's terms apply on this day")
    recognised: bool
    category: NeedyCategory | None
    categories: list[NeedyCategory]
    recognised_since: date | None
    benefits_from: date | None
    gradual_exit: bool
    last_exit: date | None
    reason_zh: str
    reason_en: str


class PersonOut(BaseModel):
    person_id: uuid.UUID
    resident_id_masked: str = Field(examples=["330302********1235"])
    name: str | None
    county: str | None
    household_income: Money | None
    source: str
    version: int
    created_at: datetime
    updated_at: datetime
    records: list[NeedyRecordOut]
    status_today: NeedyStatusOut | None = None


class PersonSummary(BaseModel):
    person_id: uuid.UUID
    resident_id_masked: str
    name: str | None
    county: str | None
    categories: list[NeedyCategory]
    created_at: datetime


# ---- settlement -------------------------------------------------------------------------------

WORKED_EXAMPLE: dict[str, Any] = {
    "claim_id": "ZY2022031000017",
    "resident_id": EXAMPLE_RESIDENT_ID,
    "service_date": "2022-03-10",
    "hospital": "温州医科大学附属第一医院",
    "hospital_level": "tertiary",
    "setting": "inpatient",
    "total_cost": "300000.00",
    "in_policy_cost": "250000.00",
    "basic_payout": "150000.00",
    "followed_guidance": True,
    "referred": True,
}


class ClaimFields(BaseModel):
    """What a hospital's settlement system sends for one stay or visit."""

    service_date: Day = Field(
        description="就诊（出院）日期：适用当日的政策和参数 Discharge/visit day: the law and the "
        "parameters in force that day apply"
    )
    hospital: str = Field(min_length=1, max_length=200, description="定点医疗机构 Hospital")
    hospital_level: HospitalLevel = Field(description="primary 基层, secondary, tertiary")
    setting: CareSetting = Field(CareSetting.INPATIENT, description="inpatient 住院 / outpatient")
    county: str | None = Field(
        None,
        pattern=REGION_PATTERN,
        description="适用参数的县（市、区）；缺省为登记的县 County whose parameters apply; "
        "default: the person's registered county",
    )
    total_cost: Money = Field(description="医疗总费用 Total cost")
    in_policy_cost: Money = Field(description="政策范围内费用 In-policy cost")
    basic_payout: Money | None = Field(
        None,
        description="基本医保支付（来自基本医保结算）；缺省按配置的基本医保参数计算 Basic-insurance "
        "payout from the upstream basic settlement; null = computed from configured terms",
    )
    over_limit_catalogue_drugs: Money = Field(
        Decimal("0.00"),
        description="目录内药品超限使用费用 Catalogue drugs used beyond their limits",
    )
    out_of_catalogue_special_drugs: Money = Field(
        Decimal("0.00"),
        description="目录外高额特殊药品费用 Out-of-catalogue high-cost special drugs",
    )
    followed_guidance: bool = Field(False, description="执行就医指导方案 Followed the guidance")
    referred: bool = Field(False, description="经规范转诊 Properly referred")
    disease_code: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="特殊病种代码（`GET …/special-diseases`）：目录在就诊日列入的病种，门诊与住院共用"
        "年度支付限额 Special-disease code (`GET …/special-diseases`): for a disease the dated "
        "catalogue lists on the service date, outpatient and inpatient care share the annual "
        "basic-insurance limit (MED-SPECIAL-DISEASES)",
    )


class SettlementCreate(ClaimFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WORKED_EXAMPLE]})

    claim_id: str = Field(
        min_length=1,
        max_length=100,
        description="医院结算单号；同一医院同一单号只能有一笔有效结算 The hospital's claim number",
    )
    person_id: uuid.UUID | None = Field(None, description="登记的人员 ID (or resident_id)")
    resident_id: str | None = Field(
        None,
        min_length=15,
        max_length=20,
        description="居民身份证号 (or person_id); an unregistered resident is registered with no "
        "recognition and settled on the ordinary terms",
    )

    @field_validator("resident_id")
    @classmethod
    def _check_id(cls, value: str | None) -> str | None:
        return None if value is None else _resident_id(value)

    @model_validator(mode="after")
    def _one_person(self) -> SettlementCreate:
        if (self.person_id is None) == (self.resident_id is None):
            raise ValueError("give exactly one of person_id and resident_id")
        return self


class ReversalCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "医院撤回结算单：费用明细录入错误，重新结算"}]},
    )

    reason: str = Field(min_length=1, max_length=2000, description="冲销原因 Why it is reversed")
    resettle: bool = Field(
        False,
        description="true：同一事务内重新结算该人员年度此后的结算并记录调整（adjustments）；false：有此后"
        "结算时标记为待重新结算（`resettlement.status` = pending），由 POST …/persons/{id}/years/"
        "{year}/resettlement 执行 true: re-settle the person-year's later settlements in the same "
        "transaction, recorded as adjustments; false: with later settlements the year is marked "
        "pending, re-settled by POST …/persons/{id}/years/{year}/resettlement",
    )


class ResettlementCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "冲销后重新结算此后各笔"}]},
    )

    reason: str | None = Field(None, max_length=2000, description="说明 Why (optional)")


class WarningOut(BaseModel):
    code: str = Field(examples=["policy-expired"])
    message_zh: str
    message_en: str


class YearTotalsOut(BaseModel):
    year: int
    claims: int
    basic_paid: Money
    basic_deductible_used: Money
    deductible_used: Money = Field(description="大病保险起付线已抵扣 CI deductible consumed")
    ci_paid: Money
    ma_paid: Money = Field(description="医疗救助已用限额 Assistance limit used")
    cs_deductible_used: Money
    cs_paid: Money
    self_pay_before_resolution: Money = Field(description="G: 化解前自负累计")
    resolution: Money = Field(description="H: 高额费用化解累计")
    final_self_pay: Money
    needy_self_pay: Money = Field(
        description="困难群众身份期间结算（经四重保障）的自负累计，高额费用化解门槛按此计算；"
        "认定前结算的自负不计入 The self-pay of claims settled while needy (after the four "
        "layers): what the high-cost threshold counts; self-pay from before benefits started "
        "does not"
    )
    basic_paid_outpatient: Money = Field(
        Decimal("0.00"),
        description="按普通门诊年度限额支付的基本医保（未列入特殊病种目录的门诊，配置了门诊限额时）；"
        "其余基本医保支付计入 basic_paid，即住院与特殊病种门诊共用的年度限额 Basic paid against "
        "the ordinary outpatient limit; the rest is in basic_paid, the limit inpatient and "
        "listed special-disease outpatient care share",
    )


class LayersOut(BaseModel):
    basic: Money = Field(description="基本医保 layer 1")
    after_basic: Money = Field(description="R1 = in-policy − basic")
    critical_illness: Money = Field(description="大病保险 CI, layer 2")
    after_critical_illness: Money = Field(description="R2 = R1 − CI")
    assistance: Money = Field(description="医疗救助 MA, layer 3")
    after_assistance: Money = Field(description="R3 = R2 − MA")
    commercial: Money = Field(description="商业补充保险 CS, layer 4")
    self_pay: Money = Field(description="S = total − basic − CI − MA − CS")
    resolution: Money = Field(description="H: 高额费用化解 high-cost resolution")
    final_self_pay: Money = Field(description="S − H")


class ClaimOut(BaseModel):
    claim_id: str
    hospital: str
    hospital_level: HospitalLevel
    setting: CareSetting
    service_date: date
    county: str | None
    total_cost: Money
    in_policy_cost: Money
    basic_payout: Money | None
    over_limit_catalogue_drugs: Money
    out_of_catalogue_special_drugs: Money
    followed_guidance: bool
    referred: bool
    disease_code: str | None = None
    disease_listed: bool = Field(
        False, description="目录在就诊日列入该病种 The catalogue listed it on the service date"
    )


class SettlementOut(BaseModel):
    settlement_id: uuid.UUID
    decision_id: uuid.UUID
    status: Literal["settled", "reversed"]
    reversal_id: uuid.UUID | None
    person_id: uuid.UUID
    resident_id_masked: str
    claim: ClaimOut
    as_of: date = Field(description="适用法律的日期 The day the law and parameters apply at")
    rules_version: str
    outcome: str = Field(description="pass, warn or fail over all findings")
    needy: bool
    category: NeedyCategory | None
    status_reason_zh: str
    status_reason_en: str
    layers: LayersOut
    resolution_channel: str | None = Field(description="H 的资金渠道 Who funds the resolution")
    totals_before: YearTotalsOut
    totals_after: YearTotalsOut
    findings: list[FindingOut]
    warnings: list[WarningOut]
    parameters_used: dict[str, Any]
    created_at: datetime


class SettlementSummary(BaseModel):
    settlement_id: uuid.UUID
    seq: int = Field(description="结算顺序 Order in which settlements were made")
    status: Literal["settled", "reversed"]
    person_id: uuid.UUID
    year: int
    claim_id: str
    hospital: str
    service_date: date
    needy: bool
    category: NeedyCategory | None
    total_cost: Money
    layers: LayersOut
    decision_id: uuid.UUID
    created_at: datetime


class LaterSettlement(BaseModel):
    settlement_id: uuid.UUID
    seq: int
    claim_id: str
    service_date: date
    created_at: datetime


SignedMoney = Annotated[
    Decimal,
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,14}\.\d{2}$", "examples": ["-1200.00"]}),
]
"""A signed difference of money (an adjustment may take back as well as add)."""


class AdjustmentMade(BaseModel):
    adjustment_id: uuid.UUID
    settlement_id: uuid.UUID
    claim_id: str
    service_date: date
    deltas: dict[str, SignedMoney] = Field(
        description="每层及累计项的有符号差额（重算值 − 原值） Signed difference per layer and "
        "consumed total: recomputed − as it stood"
    )
    layers_before: LayersOut
    layers_after: LayersOut
    decision_id: uuid.UUID


class ResettlementOut(BaseModel):
    status: Literal["done", "pending", "not_needed"] = Field(
        description="done：已重新结算；pending：待 POST `path`；not_needed：此后无结算"
    )
    path: str | None = None
    person_id: uuid.UUID | None = None
    year: int | None = None
    reversal_id: uuid.UUID | None = None
    recomputed: int | None = Field(None, description="按就诊日顺序重算的结算笔数")
    adjustments: list[AdjustmentMade] = []
    totals_before: YearTotalsOut | None = None
    totals_after: YearTotalsOut | None = None


class AdjustmentOut(BaseModel):
    adjustment_id: uuid.UUID
    settlement_id: uuid.UUID
    reversal_id: uuid.UUID | None
    person_id: uuid.UUID
    year: int
    needy: bool
    category: NeedyCategory | None
    deltas: dict[str, SignedMoney]
    resolution_channel: str | None
    decision_id: uuid.UUID
    created_at: datetime


class SettlementAdjustmentsOut(BaseModel):
    settlement_id: uuid.UUID
    layers_first: LayersOut = Field(description="首次结算的各层金额 As first settled")
    layers_now: LayersOut = Field(description="加上全部调整后的各层金额 With every adjustment")
    adjustments: list[AdjustmentOut]


class ReversalOut(BaseModel):
    reversal_id: uuid.UUID
    settlement_id: uuid.UUID
    person_id: uuid.UUID
    year: int
    reason: str
    restored: YearTotalsOut = Field(
        description="从年度累计中扣回的本笔贡献 The claim's contribution"
    )
    totals_before: YearTotalsOut
    totals_after: YearTotalsOut
    later_settlements: list[LaterSettlement] = Field(
        description="同年度此后结算、按含本笔的累计计算的结算（不自动重算） Later settlements of the "
        "year, computed on totals that included this one; not recomputed silently"
    )
    resettlement: ResettlementOut
    warnings: list[WarningOut]
    created_at: datetime


class LimitOut(BaseModel):
    limit: Money | None = Field(description="年度救助限额；特困为 null Annual limit; null = none")
    unlimited: bool
    used: Money
    left: Money | None


class YearSummaryOut(BaseModel):
    person_id: uuid.UUID
    year: int
    as_of: date = Field(description="限额、身份按此日确定 Status and limit taken on this day")
    status: NeedyStatusOut
    totals: YearTotalsOut
    assistance_limit: LimitOut
    critical_illness_deductible: LimitOut | None = Field(
        description="本人适用的大病保险起付线（未配置时为 null） CI deductible for this person"
    )
    high_cost_threshold: Money | None
    resolution: Money
    final_self_pay: Money
    settlements_live: int
    settlements_reversed: int
    resettlement_pending: bool = Field(
        False,
        description="有冲销后尚未重新结算的此后结算 A reversal left later settlements to re-settle",
    )
    warnings: list[WarningOut]


# ---- simulation -------------------------------------------------------------------------------


class SimulationClaim(ClaimFields):
    model_config = ConfigDict(extra="forbid")

    claim_id: str | None = Field(None, max_length=100, description="Default: the claim's index")
    person: str = Field(
        min_length=1,
        max_length=100,
        description="A label from `persons`, or a registered person ID (when `from_register`)",
    )


class SimulationPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[NeedyRecordCreate] = Field(default_factory=list, max_length=50)


class SimulationRequest(WhatIf):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "persons": {
                        "A": {"records": [{"category": "dibao", "recognised_on": "2021-06-01"}]}
                    },
                    "claims": [
                        {k: v for k, v in WORKED_EXAMPLE.items() if k != "resident_id"}
                        | {"person": "A"}
                    ],
                    "parameter_overrides": {
                        "medical.critical_illness.deductible": "20000",
                        "medical.critical_illness.ratio": "0.60",
                        "medical.assistance.ratio": "0.85",
                    },
                }
            ]
        },
    )

    claims: list[SimulationClaim] = Field(
        min_length=1, max_length=50_000, description="In the order to settle them (≤ 50,000)"
    )
    persons: dict[str, SimulationPerson] = Field(
        default_factory=dict, description="假设的人员及其认定记录 Hypothetical persons by label"
    )
    from_register: bool = Field(
        True,
        description="Claims whose `person` is not a label are for registered persons (by ID)",
    )
    include_findings: bool = Field(False, description="Return every claim's findings (slower)")


class SimulatedClaimOut(BaseModel):
    index: int
    claim_id: str
    person: str
    service_date: date
    needy: bool
    category: NeedyCategory | None
    total_cost: Money
    layers: LayersOut
    assistance_limit_left_after: Money | None
    warnings: list[str]
    findings: list[FindingOut] | None = None


class SimulationOut(BaseModel):
    stored: bool = Field(False, description="Always false: a simulation changes nothing")
    claims: int
    parameter_overrides: dict[str, Any]
    totals: dict[str, Money] = Field(description="各层合计 Sum of each layer over the batch")
    persons: list[dict[str, Any]] = Field(description="Each person's year totals at the end")
    results: list[SimulatedClaimOut]
    warnings: list[str]
    elapsed_ms: float


# ---- service rules ----------------------------------------------------------------------------


class PayLaterRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "person_id": EXAMPLE_PERSON_ID,
                    "admission_date": "2022-03-01",
                    "inpatient": True,
                    "referred_after_primary_first_visit": True,
                    "designated_hospital_in_wenzhou": True,
                }
            ]
        },
    )

    person_id: uuid.UUID
    admission_date: Day
    inpatient: bool = True
    referred_after_primary_first_visit: bool = Field(description="基层首诊后转诊")
    designated_hospital_in_wenzhou: bool = Field(description="市域内定点医疗机构")


class DecisionOut(BaseModel):
    """An evaluation that changes nothing (not stored)."""

    decision_id: uuid.UUID
    subject: str
    outcome: str
    failed_rules: list[str]
    as_of: date
    rules_version: str
    findings: list[FindingOut]
    parameters_used: dict[str, Any]
    warnings: list[Any]
    result: dict[str, Any]


class SpecialDiseaseOut(BaseModel):
    code: str
    name_zh: str
    name_en: str
    kind: Literal["special", "chronic"]
    effective_from: date | None
    effective_to: date | None
    source: str
    origin: Literal["policy", "configured"]


class SpecialDiseaseSet(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name_zh": "血友病门诊治疗",
                    "name_en": "outpatient treatment of haemophilia",
                    "kind": "special",
                    "effective_from": "2023-01-01",
                    "source": "温州市医疗保障局关于第二批特殊病种的通知",
                }
            ]
        },
    )

    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=300)
    kind: Literal["special", "chronic"]
    effective_from: Day | None = None
    effective_to: Day | None = None
    source: str = Field(min_length=1, max_length=2000)


class SpecialDiseaseCheck(BaseModel):
    on: date
    code: str
    listed: bool
    finding: FindingOut


RiskSource = Literal["medical_insurance", "civil_affairs", "health", "disabled_persons_federation"]


class RiskFeedEntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resident_id: str = RESIDENT_ID_FIELD
    household_income: Money | None = Field(
        None, description="家庭年收入（民政） Annual household income (civil affairs)"
    )
    details: dict[str, str | int | bool | None] = Field(
        default_factory=dict,
        max_length=20,
        description="部门提供的其他字段，如诊断、残疾等级 What else the department sends, e.g. a "
        "diagnosis or a disability grade",
    )

    _check_id = field_validator("resident_id")(_resident_id)


class RiskFeedCreate(BaseModel):
    """One load of a department's data, dated by the day it is as of."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": "disabled_persons_federation",
                    "as_of": "2022-11-30",
                    "note": "市残联11月持证残疾人名单",
                    "entries": [
                        {"resident_id": "330302199001011237", "details": {"disability_grade": 2}}
                    ],
                }
            ]
        },
    )

    source: RiskSource = Field(
        description="医保 medical_insurance, 民政 civil_affairs, 卫健 health, 残联 "
        "disabled_persons_federation"
    )
    as_of: Day = Field(description="数据截止日 The day the data is as of")
    note: str | None = Field(None, max_length=500)
    entries: list[RiskFeedEntryIn] = Field(max_length=50_000)


class RiskFeedOut(BaseModel):
    feed_id: uuid.UUID
    source: RiskSource
    as_of: date
    rows: int
    matched_persons: int = Field(description="已在登记册中的人数 Entries of registered persons")
    note: str | None
    created_at: datetime


class FeedStatusOut(BaseModel):
    source: RiskSource
    loaded: bool
    as_of: date | None
    age_days: int | None
    stale: bool = Field(
        description="超过 `medical.risk_watch.feed_max_age_days` Older than allowed"
    )
    feed_id: uuid.UUID | None


class RiskFeedsOut(BaseModel):
    on: date
    max_age_days: int
    feeds: list[FeedStatusOut]
    missing: list[RiskSource]
    stale: list[RiskSource]


class RiskFlagOut(BaseModel):
    person_id: uuid.UUID
    resident_id_masked: str
    county: str | None
    year: int
    year_self_pay: Money
    household_income: Money | None
    income_ratio: str | None
    by_self_pay: bool
    by_income_ratio: bool
    sources: list[RiskSource] = Field(
        description="找到此人的部门数据 The departments' data the person was found in"
    )
    source_details: dict[str, dict[str, Any]] = Field(
        description="各部门数据中此人的字段 What each department's feed says of the person"
    )
    feeds_missing: list[RiskSource] = Field(description="未加载的部门数据 Feeds never loaded")
    feeds_stale: list[RiskSource] = Field(description="已过期的部门数据 Feeds older than allowed")
    finding: FindingOut


class HospitalShareOut(BaseModel):
    hospital: str
    total_cost: Money
    out_of_catalogue_cost: Money
    share: str = Field(description="目录外费用占比（4位小数） Out-of-catalogue share")
    maximum: str
    within: bool
    finding: FindingOut


class SelfPayShareOut(BaseModel):
    date_from: date
    date_to: date
    region: str | None
    hospitals: list[HospitalShareOut]


# ---- import -----------------------------------------------------------------------------------


class ImportRowError(BaseModel):
    row: int = Field(description="行号（CSV 含表头为第1行；JSON 为数组下标+1） Row number")
    field: str | None
    detail: str


class ImportOut(BaseModel):
    batch_id: uuid.UUID | None = Field(description="null for a dry run")
    status: Literal["applied", "no_changes", "already_imported", "dry_run"]
    content_sha256: str
    filename: str | None
    format: Literal["csv", "json"]
    encoding: str
    valid_rows_only: bool
    rows_total: int
    rows_valid: int
    rows_invalid: int
    persons_created: int
    persons_updated: int
    records_created: int
    records_updated: int
    records_unchanged: int
    errors: list[ImportRowError]
    original_batch_id: uuid.UUID | None = Field(
        None, description="already_imported: the batch that imported this file"
    )
    created_at: datetime | None
