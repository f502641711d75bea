"""Bodies of peacetime use: leases (AD-LEASE-FEE), the parking allocation (AD-PARK-PRIORITY),
the income ledger (AD-INCOME-USE) and transfers (AD-TRANSFER).

Money is yuan as a decimal string (`govkit.money.Money`), areas square metres
(`govkit.area`), days ISO dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal, Self, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from airdefence.api.fields import STRICT, Day, Name, Note, Ref, Uscc, WorksParty
from airdefence.domain import FeePayer, IncomeSource, TransferKind
from airdefence.domain import examples as ex
from govkit.area import Area, PositiveArea
from govkit.http.pagination import Page
from govkit.money import Money
from govkit.platform.decisions import FindingOut

_WORKS_ID = "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
_OWNER: Any = {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"}
_STAMP = {"created_at": "2024-07-01T02:00:00Z", "created_by": "asset-operator"}

# ---- leases -------------------------------------------------------------------------------------


class WorksTenantIn(BaseModel):
    model_config = STRICT

    uscc: Uscc | None = Field(None, description="统一社会信用代码 (organisations)")
    name: Name = Field(description="承租人名称")


EXAMPLE_LEASE: dict[str, Any] = {
    "tenant": {"uscc": "91330381MA2R7T8U95", "name": "瑞安市某某仓储有限公司"},
    "leased_area": "1200.00",
    "starts_on": "2024-07-01",
    "ends_on": "2027-06-30",
    "monthly_rent": "36000.00",
    "property_service_fee_payer": "tenant",
    "monthly_property_service_fee": "3600.00",
    "contract_no": "温人防租〔2024〕007号",
    "note": "",
}


class WorksLeaseCreate(BaseModel):
    """A lease of (part of) a registered state-owned works."""

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE_LEASE]})

    tenant: WorksTenantIn
    leased_area: PositiveArea = Field(description="租赁面积 m² (> 0)")
    starts_on: Day = Field(description="起租日")
    ends_on: Day = Field(description="租期届满日 (inclusive)")
    monthly_rent: Money = Field(ge=0, description="月租金（元）")
    property_service_fee_payer: FeePayer = Field(
        FeePayer.TENANT,
        description="物业服务费承担方: tenant (AD-LEASE-FEE: a lease putting it on the owner is "
        "refused)",
    )
    monthly_property_service_fee: Money | None = Field(
        None, ge=0, description="月物业服务费（元），由承租人承担"
    )
    contract_no: Name = Field(description="租赁合同编号")
    note: Note = ""

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class WorksLeaseOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "lease_id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
                    "works_id": _WORKS_ID,
                    "lessor": _OWNER,
                    **EXAMPLE_LEASE,
                    "finding": {
                        "rule_id": "AD-LEASE-FEE",
                        "clause": "温政办〔2021〕71号 四（四）",
                        "outcome": "pass",
                        "message_zh": "人防国有资产实施租赁的，相应物业服务费由承租人承担。",
                        "message_en": "The tenant pays the property service fee of the leased works.",
                        "facts": {"property_service_fee_payer": "tenant"},
                        "parameters": {},
                    },
                    **_STAMP,
                }
            ]
        }
    )

    lease_id: uuid.UUID
    works_id: uuid.UUID
    lessor: WorksParty = Field(description="出租方 The registered owner")
    tenant: WorksTenantIn
    leased_area: Area
    starts_on: date
    ends_on: date
    monthly_rent: Money
    property_service_fee_payer: FeePayer
    monthly_property_service_fee: Money | None
    contract_no: str
    note: str
    finding: FindingOut
    created_at: datetime
    created_by: str


class WorksLeasesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": _WORKS_ID,
                    "items": WorksLeaseOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[WorksLeaseOut]


# ---- parking allocation -------------------------------------------------------------------------


class ParkingAllocationRequestIn(BaseModel):
    model_config = STRICT

    ref: Ref = Field(description="申请编号（房号、车牌等，按运营方台账）; unique in the request")
    community_owner: bool = Field(description="所在小区业主")


class ParkingAllocationCreate(BaseModel):
    """The spaces to allocate and the requests in the order they came."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "allocated_on": "2024-07-01",
                    "spaces": ex.ALLOCATION_SPACES,
                    "requests": cast(Any, ex.allocation_requests()),
                    "note": "2024年第三季度车位分配",
                }
            ]
        },
    )

    allocated_on: Day | None = Field(None, description="分配日 (default today)")
    spaces: int = Field(ge=0, le=100_000, description="可分配车位数")
    requests: list[ParkingAllocationRequestIn] = Field(
        max_length=10_000, description="停车申请，按提交顺序"
    )
    note: Note = ""


class ParkingPlacementOut(BaseModel):
    position: int = Field(description="1-based place among those served, or in the waiting list")
    request_index: int = Field(description="0-based position of the request as submitted")
    ref: str
    community_owner: bool


class ParkingAllocationSummaryOut(BaseModel):
    spaces: int
    requests: int
    owner_requests: int
    served: int
    served_owners: int
    served_others: int
    waiting: int
    waiting_owners: int
    waiting_others: int
    spaces_left: int


_EXAMPLE_SUMMARY: Any = {
    "spaces": 100,
    "requests": 120,
    "owner_requests": 80,
    "served": 100,
    "served_owners": 80,
    "served_others": 20,
    "waiting": 20,
    "waiting_owners": 0,
    "waiting_others": 20,
    "spaces_left": 0,
}


class ParkingAllocationOut(BaseModel):
    """Who is served, in order, and who waits, in order (stored, with its Decision)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "allocation_id": "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
                    "works_id": _WORKS_ID,
                    "allocated_on": "2024-07-01",
                    "community": "鹿城区某某花园",
                    "summary": _EXAMPLE_SUMMARY,
                    "served": [
                        {
                            "position": 1,
                            "request_index": 0,
                            "ref": "owner-001",
                            "community_owner": True,
                        }
                    ],
                    "waiting": [
                        {
                            "position": 1,
                            "request_index": 62,
                            "ref": "other-021",
                            "community_owner": False,
                        }
                    ],
                    "decision_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "findings": [
                        {
                            "rule_id": "AD-PARK-PRIORITY",
                            "clause": "温政办〔2021〕71号 四（四）",
                            "outcome": "pass",
                            "message_zh": "首先满足鹿城区某某花园业主的停车需要：80位业主申请，80位获配；"
                            "其他申请20位获配，20位轮候。",
                            "message_en": "The owners of 鹿城区某某花园 first: 80 of 80 owners "
                            "served; 20 other requests served, 20 waiting.",
                            "facts": _EXAMPLE_SUMMARY,
                            "parameters": {},
                        }
                    ],
                    "note": "",
                    **_STAMP,
                }
            ]
        }
    )

    allocation_id: uuid.UUID
    works_id: uuid.UUID
    allocated_on: date
    community: str | None
    summary: ParkingAllocationSummaryOut
    served: list[ParkingPlacementOut]
    waiting: list[ParkingPlacementOut]
    decision_id: uuid.UUID
    findings: list[FindingOut]
    note: str
    created_at: datetime
    created_by: str


class ParkingAllocationsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": _WORKS_ID,
                    "items": ParkingAllocationOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[ParkingAllocationOut]


# ---- income ledger ------------------------------------------------------------------------------


class IncomeLedgerEntryCreate(BaseModel):
    """An operating income, or a use of it (AD-INCOME-USE)."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "entry_type": "income",
                    "on": "2024-07-31",
                    "amount": "36000.00",
                    "source": "lease",
                },
                {
                    "entry_type": "use",
                    "on": "2024-08-15",
                    "amount": "12800.00",
                    "purpose": "maintenance",
                    "note": "防护密闭门维护保养",
                },
            ]
        },
    )

    entry_type: Literal["income", "use"] = Field(description="income 经营收益 or use 收益使用")
    on: Day = Field(description="发生日期")
    amount: Money = Field(gt=0, description="金额（元） > 0")
    source: IncomeSource | None = Field(None, description="income: lease, parking or other")
    purpose: Name | None = Field(
        None,
        description="use: maintenance, professional_repair, peace_war_conversion, "
        "emergency_drill, maintenance_team or conversion_team; any other is refused "
        "(AD-INCOME-USE)",
    )
    lease_id: uuid.UUID | None = Field(None, description="income: the lease it comes from")
    note: Note = ""

    @model_validator(mode="after")
    def _kind(self) -> Self:
        if self.entry_type == "income":
            if self.source is None:
                raise ValueError("an income needs its source")
            if self.purpose is not None:
                raise ValueError("an income has no purpose")
        else:
            if self.purpose is None:
                raise ValueError("a use needs its purpose")
            if self.source is not None or self.lease_id is not None:
                raise ValueError("a use has no source or lease")
        return self


_EXAMPLE_ENTRY: Any = {
    "entry_id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
    "works_id": _WORKS_ID,
    "entry_type": "use",
    "on": "2024-08-15",
    "year": 2024,
    "amount": "12800.00",
    "source": None,
    "purpose": "maintenance",
    "lease_id": None,
    "owner": _OWNER,
    "note": "防护密闭门维护保养",
    **_STAMP,
}


class IncomeLedgerEntryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_ENTRY]})

    entry_id: uuid.UUID
    works_id: uuid.UUID
    entry_type: str
    on: date
    year: int
    amount: Money
    source: str | None
    purpose: str | None
    lease_id: uuid.UUID | None
    owner: WorksParty = Field(description="产权人 on that day")
    note: str
    created_at: datetime
    created_by: str


class IncomeLedgerEntryPage(Page[IncomeLedgerEntryOut]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_EXAMPLE_ENTRY], "next_cursor": None, "limit": 50}]
        }
    )


class IncomeLedgerTotalsOut(BaseModel):
    """Income and its uses in a year, for one works or pooled over an owner's works (统筹)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": _WORKS_ID,
                    "owner_uscc": None,
                    "year": 2024,
                    "works_count": 1,
                    "income_total": "216000.00",
                    "income_by_source": {"lease": "216000.00", "parking": "0.00", "other": "0.00"},
                    "uses_total": "12800.00",
                    "uses_by_purpose": {
                        "maintenance": "12800.00",
                        "professional_repair": "0.00",
                        "peace_war_conversion": "0.00",
                        "emergency_drill": "0.00",
                        "maintenance_team": "0.00",
                        "conversion_team": "0.00",
                    },
                    "balance": "203200.00",
                }
            ]
        }
    )

    works_id: uuid.UUID | None = Field(description="null for an owner's pooled totals")
    owner_uscc: str | None = Field(description="set for an owner's pooled totals")
    year: int
    works_count: int
    income_total: Money
    income_by_source: dict[str, Money]
    uses_total: Money
    uses_by_purpose: dict[str, Money]
    balance: str = Field(
        description="income − uses (yuan; negative when uses drew on other income)"
    )


# ---- transfers ----------------------------------------------------------------------------------


class WorksTransferCreate(BaseModel):
    """The owner's bankruptcy liquidation or a transfer of registration (AD-TRANSFER)."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "kind": "transfer_registration",
                    "transferred_on": "2025-03-01",
                    "receiver": {
                        "uscc": "91330300MA2H3J4K52",
                        "name": "温州市某某国有资产运营有限公司",
                    },
                    "document": "温国资〔2025〕8号",
                    "certificate_no": "浙（2025）温州市不动产权第0034567号",
                    "note": "",
                }
            ]
        },
    )

    kind: TransferKind = Field(
        description="bankruptcy_liquidation 产权人破产清算 or transfer_registration 转移登记"
    )
    transferred_on: Day = Field(description="转移（接受）日期")
    receiver: WorksParty = Field(description="人防资产接受方")
    document: Name = Field(description="依据文件：法院裁定书或转移登记申请编号")
    certificate_no: Name | None = Field(
        None, description="新不动产权证书号 (required for a transfer of registration)"
    )
    note: Note = ""

    @model_validator(mode="after")
    def _certificate(self) -> Self:
        if self.kind is TransferKind.TRANSFER_REGISTRATION and self.certificate_no is None:
            raise ValueError("a transfer of registration needs the new certificate_no")
        return self


class WorksTransferOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "transfer_id": "6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c",
                    "works_id": _WORKS_ID,
                    "kind": "transfer_registration",
                    "transferred_on": "2025-03-01",
                    "from_owner": _OWNER,
                    "receiver": {
                        "uscc": "91330300MA2H3J4K52",
                        "name": "温州市某某国有资产运营有限公司",
                    },
                    "document": "温国资〔2025〕8号",
                    "certificate_no": "浙（2025）温州市不动产权第0034567号",
                    "duties_moved": 2,
                    "decision_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "note": "",
                    **_STAMP,
                }
            ]
        }
    )

    transfer_id: uuid.UUID
    works_id: uuid.UUID
    kind: TransferKind
    transferred_on: date
    from_owner: WorksParty
    receiver: WorksParty
    document: str
    certificate_no: str | None
    duties_moved: int = Field(description="Open duties now the receiver's")
    decision_id: uuid.UUID
    note: str
    created_at: datetime
    created_by: str


class WorksTransfersOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": _WORKS_ID,
                    "items": WorksTransferOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[WorksTransferOut]
