"""Bodies of the duties (AD-DUTIES), the counties' measures (AD-COUNTY-MEASURES) and the
due-items listing."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from airdefence.api.fields import STRICT, County, Day, Name, Note, WorksParty
from airdefence.domain import AreaKind, DutyKind
from govkit.http.pagination import Page
from govkit.platform.due_items import DueItemOut

_WORKS_ID = "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
_KEEPER: Any = {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"}


class WorksDutyScheduleCreate(BaseModel):
    """A duty's schedule: every `interval_months` from `starts_on`."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "kind": "maintenance",
                    "interval_months": 1,
                    "starts_on": "2024-06-18",
                    "note": "每月日常维护保养",
                },
                {"kind": "emergency_drill", "interval_months": 12, "starts_on": "2024-06-18"},
            ]
        },
    )

    kind: DutyKind = Field(
        description="maintenance 日常维护保养, professional_repair 专业维修, "
        "peace_war_conversion 平战转换, emergency_drill 应急演练"
    )
    interval_months: int = Field(ge=1, le=120, description="周期（月）")
    starts_on: Day = Field(description="起始日 (not before completion acceptance)")
    note: Note = ""


_DUTY_EXAMPLE: Any = {
    "duty_id": "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e",
    "schedule_id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
    "works_id": _WORKS_ID,
    "works_name": "某某花园防空地下室",
    "kind": "maintenance",
    "n": 1,
    "due": "2024-07-18",
    "provisional": False,
    "status": "open",
    "done_on": None,
    "report": None,
    "county": "330302",
    "responsible": _KEEPER,
    "version": 1,
    "overdue": True,
    "days_overdue": 13,
    "working_days_overdue": 9,
}


class WorksDutyOut(BaseModel):
    """One occurrence of a duty, with how late it is on the as-of day."""

    model_config = ConfigDict(json_schema_extra={"examples": [_DUTY_EXAMPLE]})

    duty_id: uuid.UUID
    schedule_id: uuid.UUID
    works_id: uuid.UUID
    works_name: str
    kind: DutyKind
    n: int = Field(description="第n次 The occurrence's number in its schedule")
    due: date = Field(description="最后一日 The last day (24:00)")
    provisional: bool = Field(
        description="Computed with weekends only: the due day's year has no published holiday "
        "calendar yet; recomputed when it is"
    )
    status: str = Field(description="open, met or cancelled")
    done_on: date | None
    report: str | None
    county: str
    responsible: WorksParty = Field(description="Who answers for it")
    version: int = Field(description="Its ETag: send as If-Match with the completion")
    overdue: bool
    days_overdue: int
    working_days_overdue: int | None


class WorksDutyPage(Page[WorksDutyOut]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [_DUTY_EXAMPLE],
                    "next_cursor": None,
                    "limit": 50,
                }
            ]
        }
    )


class WorksDutyScheduleOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "schedule_id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
                    "works_id": _WORKS_ID,
                    "kind": "maintenance",
                    "kind_zh": "日常维护保养",
                    "interval_months": 1,
                    "starts_on": "2024-06-18",
                    "note": "每月日常维护保养",
                    "duties": [_DUTY_EXAMPLE],
                    "created_at": "2024-06-18T02:00:00Z",
                    "created_by": "asset-operator",
                }
            ]
        }
    )

    schedule_id: uuid.UUID
    works_id: uuid.UUID
    kind: DutyKind
    kind_zh: str
    interval_months: int
    starts_on: date
    note: str
    duties: list[WorksDutyOut] = Field(description="Its occurrences, the next one open")
    created_at: datetime
    created_by: str


class WorksDutySchedulesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": _WORKS_ID,
                    "items": WorksDutyScheduleOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[WorksDutyScheduleOut]


class WorksDutyCompletion(BaseModel):
    """The record that meets a duty."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "done_on": "2024-07-16",
                    "report": "防护密闭门、通风设备例行保养，记录编号WB-2024-07",
                }
            ]
        },
    )

    done_on: Day = Field(description="完成日期 (not after today, not before the works existed)")
    report: Note = Field("", description="记录 What was done, the record's reference")


class WorksDutyCompletionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "met": {
                        **_DUTY_EXAMPLE,
                        "status": "met",
                        "done_on": "2024-07-16",
                        "version": 2,
                        "overdue": False,
                        "days_overdue": 0,
                        "working_days_overdue": 0,
                    },
                    "next": {
                        **_DUTY_EXAMPLE,
                        "duty_id": "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                        "n": 2,
                        "due": "2024-08-19",
                        "overdue": False,
                        "days_overdue": 0,
                        "working_days_overdue": 0,
                    },
                }
            ]
        }
    )

    met: WorksDutyOut
    next: WorksDutyOut = Field(description="The schedule's next occurrence, now open")


# ---- county measures ----------------------------------------------------------------------------


class AirDefenceCountyMeasuresOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "area_code": "330302",
                    "name": "鹿城区",
                    "kind": "county",
                    "due": "2021-12-31",
                    "issued_on": "2021-12-28",
                    "document_no": "鹿政办〔2021〕88号",
                    "title": "鹿城区国有人民防空工程资产平时使用管理办法",
                    "status": "met",
                    "issued_late_days": 0,
                    "overdue": False,
                    "days_overdue": 0,
                    "working_days_overdue": 0,
                    "version": 2,
                }
            ]
        }
    )

    area_code: str
    name: str
    kind: AreaKind
    due: date
    issued_on: date | None
    document_no: str | None
    title: str | None
    status: str = Field(description="met (issued) or open")
    issued_late_days: int = Field(description="Days after the due day it was issued (0 if on time)")
    overdue: bool = Field(description="Not issued and the due day has passed (as of `on`)")
    days_overdue: int
    working_days_overdue: int | None
    version: int


class AirDefenceCountyMeasuresListOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "on": "2026-12-03",
                    "rule_id": "AD-COUNTY-MEASURES",
                    "clause": "温政办〔2021〕71号 五（二）",
                    "issued": 1,
                    "not_issued": 11,
                    "overdue": 11,
                    "items": AirDefenceCountyMeasuresOut.model_config["json_schema_extra"][
                        "examples"
                    ],  # type: ignore[index]
                }
            ]
        }
    )

    on: date
    rule_id: str
    clause: str
    issued: int
    not_issued: int
    overdue: int
    items: list[AirDefenceCountyMeasuresOut]


class AirDefenceCountyMeasuresAreaCreate(BaseModel):
    """A functional zone (功能区) to track, by its statistical division code."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {"area_code": "330371", "name": "温州经济技术开发区", "kind": "functional_zone"}
            ]
        },
    )

    area_code: County
    name: Name
    kind: AreaKind = AreaKind.FUNCTIONAL_ZONE


class AirDefenceCountyMeasuresIssuance(BaseModel):
    """The measures a county or zone issued."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "issued_on": "2021-12-28",
                    "document_no": "鹿政办〔2021〕88号",
                    "title": "鹿城区国有人民防空工程资产平时使用管理办法",
                }
            ]
        },
    )

    issued_on: Day = Field(description="印发日期")
    document_no: Name = Field(description="文号")
    title: Name = Field(description="名称")


# ---- due items ----------------------------------------------------------------------------------

_DUE_EXAMPLE: dict[str, Any] = {
    "service": "airdefence",
    "item_id": "county-measures-330324",
    "kind": "county_measures",
    "rule_id": "AD-COUNTY-MEASURES",
    "subject": "永嘉县制定国有人民防空工程资产平时使用管理办法",
    "due": "2021-12-31",
    "status": "open",
    "done_on": None,
    "county": "330324",
    "entity": "/airdefence/v1/county-measures/330324",
    "overdue": True,
    "days_overdue": 1798,
    "working_days_overdue": 1225,
}


class AirDefenceDueItemsPage(Page[DueItemOut]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_DUE_EXAMPLE], "next_cursor": None, "limit": 50}]
        }
    )
