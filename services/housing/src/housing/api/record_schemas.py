"""Bodies of the stored records: tenant applications, projects and their joint review, market
rents, leases, renewals and exits, title acts and integrity records (XCreate / XOut).

Resident IDs come in bodies only (validated, kept as a keyed hash and a masked form); USCCs of
entities are validated and shown. Money is a decimal string in yuan, days ISO dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govkit.identity import EXAMPLE_RESIDENT_ID, ResidentId, Uscc
from govkit.platform.decisions import FindingOut
from housing.api.check_schemas import (
    EXAMPLE_PROJECT,
    EXAMPLE_TENANT,
    EXAMPLE_TRANSFER,
    HousingMarketRentIn,
    HousingProjectFactsIn,
    HousingTenantFactsIn,
    HousingTitleFactsIn,
)
from housing.api.fields import (
    STRICT,
    Area,
    ExitReasonValue,
    Months,
    Name,
    PartyRoleValue,
    RecordKindValue,
    Rent,
    RentBasisValue,
    RentSourceValue,
    Text,
    UnitTypeValue,
)
from housing.domain import PartyRole, RecordKind
from housing.domain.credit import ROLE_ZH

_DECISION_REF = Field(description="The stored Decision: GET …/decisions/{decision_id}")

# ---- tenant applications -------------------------------------------------------------------

ApplicationStatus = Literal[
    "submitted", "eligible", "ineligible", "allocated", "exited", "withdrawn"
]


class HousingTenantApplicationCreate(HousingTenantFactsIn):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "resident_id": EXAMPLE_RESIDENT_ID,
                    "name": "张三",
                    **EXAMPLE_TENANT,
                    "as_of": "2024-03-20",
                }
            ]
        },
    )

    resident_id: ResidentId
    name: str | None = Field(None, max_length=100, description="姓名 Name")
    as_of: date | None = Field(
        None, description="检查日（缺省今天） The day the check applies the law"
    )


class HousingTenantFactsUpdate(HousingTenantFactsIn):
    """Corrected facts (e.g. a newer register answer); re-checked on `as_of`."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{**EXAMPLE_TENANT, "as_of": "2024-03-25"}]},
    )

    as_of: date | None = None


class HousingStepIn(BaseModel):
    """A step dated `on` (it has happened: not after today), with an optional note."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"on": "2024-03-25", "note": "资格复核"}]},
    )

    on: date
    note: Text = ""


class HousingTenantApplicationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "application_id": "7d0c7f5e-3d0a-4d7c-9f51-2a4c1b8e9f00",
                    "resident_id_masked": "330302********1235",
                    "name": "张三",
                    "work_district": "330302",
                    "employer_name": "温州瓯江智造科技有限公司",
                    "status": "eligible",
                    "facts": {**EXAMPLE_TENANT},
                    "check": {
                        "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                        "outcome": "pass",
                        "failed_rules": [],
                        "as_of": "2024-03-25",
                    },
                    "reviewed_on": "2024-03-25",
                    "leases": [],
                    "version": 2,
                    "created_at": "2024-03-20T02:00:00Z",
                    "updated_at": "2024-03-25T02:00:00Z",
                }
            ]
        }
    )

    application_id: uuid.UUID
    resident_id_masked: str
    name: str | None
    work_district: str
    employer_name: str
    status: ApplicationStatus = Field(
        description="submitted 已受理, eligible 审核通过, ineligible 不符合, allocated 已配租, "
        "exited 已退出, withdrawn 已撤回"
    )
    facts: dict[str, Any]
    check: HousingCheckRefOut
    reviewed_on: date | None
    leases: list[uuid.UUID]
    version: int
    created_at: datetime
    updated_at: datetime


class HousingCheckRefOut(BaseModel):
    """The latest stored check: its Decision's ID, outcome and failing rules."""

    decision_id: uuid.UUID = _DECISION_REF
    outcome: str
    failed_rules: list[str]
    as_of: date


class HousingTenantApplicationSummary(BaseModel):
    application_id: uuid.UUID
    resident_id_masked: str
    name: str | None
    work_district: str
    employer_name: str
    status: ApplicationStatus
    check_outcome: str
    created_at: datetime


# ---- projects and the joint review ---------------------------------------------------------

ProjectStage = Literal["draft", "under_review", "recognised", "refused", "withdrawn"]


class HousingPartyIn(BaseModel):
    model_config = STRICT

    name: Name
    uscc: Uscc


_INVESTOR: dict[str, Any] = {"name": "温州城发保障房投资有限公司", "uscc": "91330300MA2CD3E4FE"}
_OPERATOR: dict[str, Any] = {"name": "温州安居运营管理有限公司", "uscc": "91330302MA2GH7J8KQ"}


class HousingProjectCreate(HousingProjectFactsIn):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "鹿城区滨江人才公寓",
                    "investor": _INVESTOR,
                    "operator": _OPERATOR,
                    **EXAMPLE_PROJECT,
                    "as_of": "2024-03-20",
                }
            ]
        },
    )

    name: Name = Field(description="项目名称")
    investor: HousingPartyIn = Field(description="投资主体")
    operator: HousingPartyIn | None = Field(None, description="运营管理单位")
    builder: HousingPartyIn | None = Field(None, description="建设单位")
    as_of: date | None = Field(None, description="检查日（缺省今天）")


class HousingProjectFactsUpdate(HousingProjectFactsIn):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{**EXAMPLE_PROJECT, "as_of": "2024-03-25"}]},
    )

    as_of: date | None = None


class HousingOpinionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "department": "natural_resources_planning",
                    "reviewer": "李某（区自然资源和规划分局）",
                    "given_on": "2024-04-08",
                    "agrees": True,
                },
                {
                    "department": "ecology_environment",
                    "reviewer": "赵某（区生态环境分局）",
                    "given_on": "2024-04-09",
                    "agrees": False,
                    "reasons": "环评手续未完备",
                },
            ]
        },
    )

    department: str = Field(
        pattern=r"^[a-z][a-z_]{1,59}$",
        description="部门：housing_construction 住建, development_reform 发改, economy_information "
        "经信, natural_resources_planning 自然资源和规划, ecology_environment 生态环境（及县（市、区）"
        "增列的部门）",
    )
    reviewer: Name = Field(description="审查人")
    given_on: date = Field(description="意见日期")
    agrees: bool = Field(description="同意（true）或不同意（false）")
    reasons: Text = Field("", description="理由（不同意时必填）")

    @model_validator(mode="after")
    def _reasons(self) -> HousingOpinionCreate:
        if not self.agrees and not self.reasons.strip():
            raise ValueError("reasons are required when the department disagrees")
        return self


class HousingCertificateCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"number": "鹿保租认〔2024〕12号", "issued_on": "2024-04-15"}]
        },
    )

    number: Name = Field(description="认定书编号")
    issued_on: date = Field(description="出具日期")


class HousingOpinionOut(BaseModel):
    opinion_id: uuid.UUID
    department: str
    department_name: str
    reviewer: str
    given_on: date
    agrees: bool
    reasons: str
    created_at: datetime
    created_by: str


class HousingReviewOut(BaseModel):
    plans: list[str] = Field(description="审查的方案 The plans reviewed")
    required_departments: list[str] | None = Field(description="Fixed when submitted")
    agreed: list[str]
    disagreed: list[str]
    missing_opinions: list[str]
    opinions: list[HousingOpinionOut]


class HousingStepOut(BaseModel):
    transition_id: uuid.UUID
    seq: int
    action: str
    from_stage: str
    to_stage: str
    on: date
    actor: str
    note: str
    created_at: datetime
    created_by: str


class HousingPartyOut(BaseModel):
    name: str
    uscc: str


class HousingDueRefOut(BaseModel):
    deadline_id: uuid.UUID
    kind: str
    rule_id: str
    subject: str
    due: date
    status: str
    done_on: date | None
    department: str | None


class HousingProjectOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                    "name": "鹿城区滨江人才公寓",
                    "district": "330302",
                    "construction_mode": "new_build",
                    "land_source": "new_state_land",
                    "investor": _INVESTOR,
                    "operator": _OPERATOR,
                    "builder": None,
                    "stage": "recognised",
                    "facts": EXAMPLE_PROJECT,
                    "check": {
                        "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                        "outcome": "pass",
                        "failed_rules": [],
                        "as_of": "2024-03-20",
                    },
                    "review": {
                        "plans": ["construction", "allocation", "operation"],
                        "required_departments": ["housing_construction"],
                        "agreed": ["housing_construction"],
                        "disagreed": [],
                        "missing_opinions": [],
                        "opinions": [],
                    },
                    "submitted_on": "2024-04-01",
                    "certificate": {
                        "number": "鹿保租认〔2024〕12号",
                        "issued_on": "2024-04-15",
                        "decision_id": "9a0c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                    },
                    "allowed_actions": [],
                    "steps": [],
                    "deadlines": [],
                    "version": 8,
                    "created_at": "2024-03-20T02:00:00Z",
                    "updated_at": "2024-04-15T02:00:00Z",
                }
            ]
        }
    )

    project_id: uuid.UUID
    name: str
    district: str
    construction_mode: str
    land_source: str
    investor: HousingPartyOut
    operator: HousingPartyOut | None
    builder: HousingPartyOut | None
    stage: ProjectStage = Field(
        description="draft 申报, under_review 联合审查中, recognised 已认定, refused 不予认定, "
        "withdrawn 已撤回"
    )
    facts: dict[str, Any]
    check: HousingCheckRefOut
    review: HousingReviewOut
    submitted_on: date | None
    certificate: HousingCertificateOut | None
    allowed_actions: list[str] = Field(description="下一步可执行的操作 What may be done next")
    steps: list[HousingStepOut]
    deadlines: list[HousingDueRefOut]
    version: int
    created_at: datetime
    updated_at: datetime


class HousingCertificateOut(BaseModel):
    number: str
    issued_on: date
    decision_id: uuid.UUID | None


class HousingProjectSummary(BaseModel):
    project_id: uuid.UUID
    name: str
    district: str
    construction_mode: str
    stage: ProjectStage
    check_outcome: str
    certificate_no: str | None
    created_at: datetime


# ---- market rents and the rent cap ---------------------------------------------------------


class HousingMarketRentCreate(HousingMarketRentIn):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "unit_type": "residential",
                    "amount": "2500.00",
                    "basis": "per_unit",
                    "source": "third_party_appraisal",
                    "valued_on": "2024-01-10",
                    "appraiser": "温州信诚房地产评估有限公司",
                    "commissioned_by": "operator",
                }
            ]
        },
    )

    unit_type: UnitTypeValue | None = Field(None, description="户型类别；null = 项目全部户型")
    unit_area: Area | None = Field(None, description="户型面积；null = 该类别全部面积")

    @model_validator(mode="after")
    def _area_needs_type(self) -> HousingMarketRentCreate:
        if self.unit_area is not None and self.unit_type is None:
            raise ValueError("unit_area needs unit_type")
        return self


_MARKET_RENT: dict[str, Any] = {
    "market_rent_id": "1a2b3c4d-0000-4000-8000-000000000001",
    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
    "unit_type": "residential",
    "unit_area": None,
    "amount": "2500.00",
    "basis": "per_unit",
    "source": "third_party_appraisal",
    "valued_on": "2024-01-10",
    "appraiser": "温州信诚房地产评估有限公司",
    "commissioned_by": "operator",
    "reference": None,
    "created_at": "2024-01-12T02:00:00Z",
    "created_by": "ops-console",
}


class HousingMarketRentOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _MARKET_RENT,
            ]
        }
    )

    market_rent_id: uuid.UUID
    project_id: uuid.UUID
    unit_type: str | None
    unit_area: Area | None
    amount: Rent
    basis: RentBasisValue
    source: RentSourceValue
    valued_on: date
    appraiser: str | None
    commissioned_by: str | None
    reference: str | None
    created_at: datetime
    created_by: str


class HousingMarketRentsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": []}]})

    items: list[HousingMarketRentOut]


class HousingRentCapOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                    "unit_type": "residential",
                    "unit_area": "65.00",
                    "on": "2024-03-01",
                    "market_rent": "2500.00",
                    "rent_cap": "2000.00",
                    "renewal_floor": "2000.00",
                    "cap_ratio": "0.80",
                    "renewal_floor_ratio": "0.80",
                    "market_rent_record": _MARKET_RENT,
                    "findings": [],
                    "parameters_used": {},
                }
            ]
        }
    )

    project_id: uuid.UUID
    unit_type: str
    unit_area: Area
    on: date
    market_rent: Rent = Field(description="该户型当月市场租金（元/月）")
    rent_cap: Rent = Field(description="HOUS-RENT-CAP：租金上限")
    renewal_floor: Rent = Field(description="HOUS-LEASE-RENEWAL：续租租金下限")
    cap_ratio: str
    renewal_floor_ratio: str
    market_rent_record: HousingMarketRentOut
    findings: list[FindingOut] = Field(description="HOUS-MARKET-RENT on the day")
    parameters_used: dict[str, Any]


# ---- leases --------------------------------------------------------------------------------


class HousingUnitRefIn(BaseModel):
    model_config = STRICT

    label: str = Field(min_length=1, max_length=60, description="房号 e.g. 3-1204")
    type: UnitTypeValue
    area: Area


class HousingLeaseCreate(BaseModel):
    """An allocation (配租): an eligible tenant, a unit of a recognised project, a lease."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "application_id": "7d0c7f5e-3d0a-4d7c-9f51-2a4c1b8e9f00",
                    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                    "unit": {"label": "3-1204", "type": "residential", "area": "65.00"},
                    "starts_on": "2024-05-01",
                    "term_months": 60,
                    "monthly_rent": "2000.00",
                }
            ]
        },
    )

    application_id: uuid.UUID
    project_id: uuid.UUID
    unit: HousingUnitRefIn
    starts_on: date = Field(description="起租日 First day of the tenancy")
    term_months: Months | None = None
    ends_on: date | None = Field(None, description="终止日（含）")
    monthly_rent: Rent

    @model_validator(mode="after")
    def _term(self) -> HousingLeaseCreate:
        if (self.term_months is None) == (self.ends_on is None):
            raise ValueError("give term_months or ends_on (exactly one)")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("the lease ends before it starts")
        return self


class HousingRenewalCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "agreed_on": "2029-01-15",
                    "term_months": 36,
                    "monthly_rent": "2000.00",
                    "special_reason": "子女在附近学校就读",
                }
            ]
        },
    )

    agreed_on: date = Field(description="续租约定日")
    term_months: Months | None = None
    ends_on: date | None = None
    monthly_rent: Rent
    special_reason: str = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _term(self) -> HousingRenewalCreate:
        if (self.term_months is None) == (self.ends_on is None):
            raise ValueError("give term_months or ends_on (exactly one)")
        return self


class HousingExitCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "reason": "public_rental_housing",
                    "on": "2025-07-01",
                    "note": "获得鹿城区公租房保障",
                },
                {"reason": "subletting", "on": "2025-07-01", "note": "经核查转租他人"},
            ]
        },
    )

    reason: ExitReasonValue = Field(
        description="term_ended 租期届满, voluntary 主动退租, public_rental_housing 获得公租房保障, "
        "property_housing 取得其他产权型住房, damage 破坏设施设备, unauthorised_renovation 擅自装修, "
        "subletting 转租, lending 转借, change_of_use 转变租住用途"
    )
    on: date = Field(description="退出之日（租赁的最后一日）")
    note: Text = ""


class HousingRenewalOut(BaseModel):
    renewal_id: uuid.UUID
    seq: int
    agreed_on: date
    starts_on: date
    ends_on: date
    monthly_rent: Rent
    special_reason: str
    market_rent_id: uuid.UUID
    decision_id: uuid.UUID


class HousingLeaseOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "lease_id": "5e6f7a8b-0000-4000-8000-000000000002",
                    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                    "application_id": "7d0c7f5e-3d0a-4d7c-9f51-2a4c1b8e9f00",
                    "resident_id_masked": "330302********1235",
                    "county": "330302",
                    "unit": {"label": "3-1204", "type": "residential", "area": "65.00"},
                    "starts_on": "2024-05-01",
                    "original_ends_on": "2029-04-30",
                    "ends_on": "2029-04-30",
                    "monthly_rent": "2000.00",
                    "rent_cap": "2000.00",
                    "market_rent_id": "1a2b3c4d-0000-4000-8000-000000000001",
                    "renewals": [],
                    "status": "active",
                    "ended_on": None,
                    "end_reason": None,
                    "end_note": None,
                    "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                    "version": 1,
                    "created_at": "2024-04-20T02:00:00Z",
                    "updated_at": "2024-04-20T02:00:00Z",
                }
            ]
        }
    )

    lease_id: uuid.UUID
    project_id: uuid.UUID
    application_id: uuid.UUID
    resident_id_masked: str
    county: str
    unit: HousingUnitOut
    starts_on: date
    original_ends_on: date
    ends_on: date = Field(description="租期末日（含续租） Last day, renewals included")
    monthly_rent: Rent
    market_rent_id: uuid.UUID
    renewals: list[HousingRenewalOut]
    status: Literal["active", "ended"]
    ended_on: date | None
    end_reason: str | None
    end_note: str | None
    decision_id: uuid.UUID = _DECISION_REF
    version: int
    created_at: datetime
    updated_at: datetime


class HousingUnitOut(BaseModel):
    label: str
    type: str
    area: Area


class HousingLeaseSummary(BaseModel):
    lease_id: uuid.UUID
    project_id: uuid.UUID
    application_id: uuid.UUID
    resident_id_masked: str
    unit_label: str
    starts_on: date
    ends_on: date
    monthly_rent: Rent
    status: Literal["active", "ended"]
    end_reason: str | None
    created_at: datetime


# ---- title acts ----------------------------------------------------------------------------


class HousingTitleActCreate(HousingTitleFactsIn):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{**EXAMPLE_TRANSFER, "on": "2024-06-03"}]},
    )

    on: date = Field(description="登记、转让、抵押之日")


class HousingTitleActOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "act_id": "2b3c4d5e-0000-4000-8000-000000000003",
                    "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                    "act": "transfer",
                    "on": "2024-06-03",
                    "facts": EXAMPLE_TRANSFER,
                    "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                    "created_at": "2024-06-03T02:00:00Z",
                    "created_by": "ops-console",
                }
            ]
        }
    )

    act_id: uuid.UUID
    project_id: uuid.UUID
    act: str
    on: date
    facts: dict[str, Any]
    decision_id: uuid.UUID = _DECISION_REF
    created_at: datetime
    created_by: str


class HousingTitleActsOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": []}]})

    items: list[HousingTitleActOut]


# ---- integrity records ---------------------------------------------------------------------


class HousingIntegrityRecordCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "role": "operator",
                    "uscc": "91330302MA2GH7J8KQ",
                    "name": "温州安居运营管理有限公司",
                    "kind": "violation",
                    "occurred_on": "2024-08-01",
                    "description": "租金高于市场租金的80%",
                    "rule_id": "HOUS-RENT-CAP",
                },
                {
                    "role": "tenant",
                    "resident_id": EXAMPLE_RESIDENT_ID,
                    "kind": "violation",
                    "occurred_on": "2024-08-01",
                    "description": "擅自转租",
                    "rule_id": "HOUS-TENANT-EXIT",
                },
            ]
        },
    )

    role: PartyRoleValue = Field(
        description=", ".join(f"{r.value} {z}" for r, z in ROLE_ZH.items())
    )
    uscc: Uscc | None = Field(None, description="单位：统一社会信用代码（承租对象以外必填）")
    resident_id: ResidentId | None = Field(None, description="承租对象：身份证号（仅存哈希与掩码）")
    name: Name | None = Field(None, description="单位名称（承租对象不填）")
    kind: RecordKindValue = Field(
        RecordKind.VIOLATION, description="violation 失信, commendation 守信"
    )
    occurred_on: date
    description: str = Field(min_length=1, max_length=2000)
    rule_id: str | None = Field(None, pattern=r"^HOUS-[A-Z-]{2,40}$")
    project_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _party(self) -> HousingIntegrityRecordCreate:
        if self.role is PartyRole.TENANT:
            if self.resident_id is None or self.uscc is not None or self.name is not None:
                raise ValueError("a tenant is named by resident_id only")
        elif self.uscc is None or self.resident_id is not None:
            raise ValueError(f"a party in the role {self.role.value} is named by uscc")
        return self


class HousingIntegrityRecordOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "record_id": "3c4d5e6f-0000-4000-8000-000000000004",
                    "role": "operator",
                    "party": "9133**********J8KQ",
                    "party_uscc": "91330302MA2GH7J8KQ",
                    "party_name": "温州安居运营管理有限公司",
                    "kind": "violation",
                    "occurred_on": "2024-08-01",
                    "description": "租金高于市场租金的80%",
                    "rule_id": "HOUS-RENT-CAP",
                    "project_id": None,
                    "lease_id": None,
                    "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                    "created_at": "2024-08-02T02:00:00Z",
                    "created_by": "ops-console",
                }
            ]
        }
    )

    record_id: uuid.UUID
    role: str
    party: str = Field(description="当事人（掩码） The party, masked")
    party_uscc: str | None
    party_name: str | None
    kind: str
    occurred_on: date
    description: str
    rule_id: str | None
    project_id: uuid.UUID | None
    lease_id: uuid.UUID | None
    decision_id: uuid.UUID = _DECISION_REF
    created_at: datetime
    created_by: str


# ---- look-ups ------------------------------------------------------------------------------


class HousingPersonLookup(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"resident_id": EXAMPLE_RESIDENT_ID}]}
    )

    resident_id: ResidentId


class HousingExitOut(BaseModel):
    lease_id: uuid.UUID
    project_id: uuid.UUID
    unit_label: str
    reason: str
    on: date
    note: str | None


class HousingPersonOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "resident_id_masked": "330302********1235",
                    "applications": [],
                    "leases": [],
                    "exits": [],
                    "integrity_records": [],
                }
            ]
        }
    )

    resident_id_masked: str
    applications: list[HousingTenantApplicationSummary]
    leases: list[HousingLeaseSummary]
    exits: list[HousingExitOut]
    integrity_records: list[HousingIntegrityRecordOut]


class HousingPartyProjectOut(BaseModel):
    project_id: uuid.UUID
    name: str
    district: str
    stage: str
    certificate_no: str | None
    roles: list[Literal["investor", "operator", "builder"]]


class HousingPartyLookupOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91330300MA2CD3E4FE",
                    "projects": [
                        {
                            "project_id": "0b6f2c4e-8a1d-4c3b-9e57-2f1a6d8c9b01",
                            "name": "鹿城区滨江人才公寓",
                            "district": "330302",
                            "stage": "recognised",
                            "certificate_no": "鹿保租认〔2024〕12号",
                            "roles": ["investor"],
                        }
                    ],
                    "integrity_records": [],
                }
            ]
        }
    )

    uscc: str
    projects: list[HousingPartyProjectOut]
    integrity_records: list[HousingIntegrityRecordOut]


HousingTenantApplicationOut.model_rebuild()
HousingProjectOut.model_rebuild()
HousingLeaseOut.model_rebuild()
