"""Bodies of the reporting endpoints (六（七）: FUND-REPORT-QUARTERLY, -ANNUAL, -MAJOR)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]

QUARTER = re.compile(r"^(20\d{2})Q([1-4])$")
YEAR = re.compile(r"^(20\d{2})$")


class ReportKind(StrEnum):
    QUARTERLY = "quarterly"  # 上季度子基金业务运作报告
    ANNUAL = "annual"  # 上年度运营报告、经审计的财务报告和银行托管报告
    MAJOR_EVENT = "major_event"  # 重大事项披露

    @property
    def deadline_kind(self) -> str:
        return f"report_{self.value}"


class MajorEventCreate(BaseModel):
    """A major event: it must be disclosed within 10 days (FUND-REPORT-MAJOR)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "occurred_on": "2024-05-06",
                    "description": "子基金管理机构核心团队成员2人离职",
                }
            ]
        },
    )

    occurred_on: Day = Field(description="重大事项发生日")
    description: Text


class ReportCreate(BaseModel):
    """A submitted report; it meets the matching duty (`period`, or the major event)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "quarterly",
                    "period": "2024Q1",
                    "submitted_on": "2024-04-25",
                    "title": "2024年第一季度子基金业务运作报告",
                },
                {"kind": "annual", "period": "2023", "submitted_on": "2024-04-28"},
                {
                    "kind": "major_event",
                    "event_id": "9b2d7c1e-4f3a-4e8b-a6d5-0c1e2f3a4b5c",
                    "submitted_on": "2024-05-10",
                },
            ]
        },
    )

    kind: ReportKind
    period: str | None = Field(
        None,
        description='"2024Q1" for a quarterly report, "2024" for an annual one; none for a '
        "major event",
    )
    event_id: uuid.UUID | None = Field(None, description="The major event (kind major_event)")
    submitted_on: Day = Field(description="报送日")
    title: Title | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.kind is ReportKind.MAJOR_EVENT:
            if self.event_id is None or self.period is not None:
                raise ValueError("a major-event report names its event_id and no period")
        else:
            pattern = QUARTER if self.kind is ReportKind.QUARTERLY else YEAR
            if self.event_id is not None or self.period is None or not pattern.match(self.period):
                raise ValueError(
                    'period is "YYYYQn" for a quarterly report, "YYYY" for an annual one'
                )
        return self

    def period_end(self) -> date | None:
        """The last day of the reported period."""
        if self.period is None:
            return None
        if m := QUARTER.match(self.period):
            year, quarter = int(m[1]), int(m[2])
            return date(year, quarter * 3, 31 if quarter in (1, 4) else 30)
        return date(int(self.period), 12, 31)


class ScheduleExtend(BaseModel):
    """Add the duties of periods ending up to `through` (as far as the calendar is published)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"through": "2026-12-31"}]}
    )

    through: Day


class DutyOut(BaseModel):
    """A reporting duty: a deadline of the register with its status today."""

    deadline_id: uuid.UUID
    kind: str
    rule_id: str
    due: date
    basis_date: date = Field(description="期末或事项发生日 Period end or event day")
    subject: str
    status: str = Field(description="open, met or cancelled")
    done_on: date | None
    met_late: bool
    overdue: bool
    days_overdue: int
    working_days_overdue: int | None
    provisional: bool = Field(
        False,
        description="暂定：所在年度节假日安排未发布，按仅周六周日休息计算（无法定节假日、无调休），"
        "发布后重新计算 Computed while its year's holiday calendar was unpublished, with "
        "Saturdays and Sundays as the only rest days (no public holidays, no make-up working "
        "days); recomputed when the year is published",
    )


class ScheduleOut(BaseModel):
    items: list[DutyOut]
    next_cursor: str | None
    limit: int


class ScheduleExtended(BaseModel):
    created: list[DutyOut]
    computed_through: date | None = Field(
        description="The last period end with a computable due day"
    )
    calendar_year_missing: int | None = Field(
        description="The first year whose holiday notice is not published, if any duty needed "
        "it (those duties are provisional)"
    )
    warnings: list[str] = Field(default_factory=list, description="Provisional duties")


class MajorEventOut(BaseModel):
    event_id: uuid.UUID
    sub_fund_id: uuid.UUID
    number: int
    occurred_on: date
    description: str
    duty: DutyOut
    created_at: datetime
    created_by: str


class ReportOut(BaseModel):
    report_id: uuid.UUID
    sub_fund_id: uuid.UUID
    kind: ReportKind
    subject: str = Field(description="The period, or the major event's duty subject")
    event_id: uuid.UUID | None
    submitted_on: date
    title: str | None
    note: str | None
    deadline_id: uuid.UUID | None
    due: date | None
    on_time: bool | None = Field(description="null when no duty was on record")
    days_late: int
    created_at: datetime
    created_by: str
