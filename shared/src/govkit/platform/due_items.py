"""Due items: one shape for every service's deadlines and duties, so the gateway can merge them.

Each service lists what it tracks as due — fund's statutory deadlines and reporting duties,
housing's review steps and lease ends, air-defence's maintenance duties and county measures — at
`GET /<service>/v1/due-items` as a `Page[DueItemOut]`, sorted by `due` then `item_id`, with the
filters of `DueItemFilters`. How late an open item is comes from `lateness`, once for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, Field

from govkit.calendar import CalendarYearNotPublished, working_days_between

DueStatus = Literal["open", "met", "cancelled"]
COUNTY_PATTERN = r"^\d{6}$"


class DueItemOut(BaseModel):
    """One thing a service tracks as due (a deadline, a duty, a review step, a lease end)."""

    service: str = Field(description="The service that tracks it, e.g. `airdefence`")
    item_id: str = Field(description="Its ID in that service")
    kind: str = Field(description="What is due, in the service's own terms, e.g. `maintenance`")
    rule_id: str = Field(description="设定该期限的规则 The rule that sets it")
    subject: str = Field(description="What it is about, in words (Chinese)")
    due: date = Field(description="最后一日（当日24时届满） The last day")
    status: DueStatus
    done_on: date | None = Field(None, description="完成之日 (met)")
    county: str | None = Field(None, description="县（市、区）代码 County code, where it has one")
    entity: str = Field(
        description="The path of the record it belongs to, e.g. `/airdefence/v1/works/…`"
    )
    overdue: bool = Field(description="Open and due before the as-of day")
    days_overdue: int = Field(description="自然日 Calendar days past due (0 unless overdue)")
    working_days_overdue: int | None = Field(
        description="工作日 Working days past due (0 unless overdue; null when the holiday "
        "calendar of a year in between is not published)"
    )


@dataclass(frozen=True, slots=True)
class Lateness:
    overdue: bool
    days_overdue: int
    working_days_overdue: int | None


def lateness(due: date, status: str, today: date) -> Lateness:
    """Whether an item is overdue on `today`, and by how many calendar and working days."""
    if status != "open" or due >= today:
        return Lateness(False, 0, 0)
    try:
        working: int | None = working_days_between(due, today)
    except CalendarYearNotPublished:  # an as-of day in an unpublished year still lists it
        working = None
    return Lateness(True, (today - due).days, working)


DueOnQuery = Annotated[
    date | None, Query(description="As-of day for `overdue` (default: today, Asia/Shanghai)")
]
DueBeforeQuery = Annotated[date | None, Query(description="Due before this day (exclusive)")]
OverdueQuery = Annotated[bool | None, Query(description="Only overdue (true) or not (false)")]
DueStatusQuery = Annotated[DueStatus | None, Query(description="open, met or cancelled")]
CountyQuery = Annotated[
    str | None, Query(pattern=COUNTY_PATTERN, description="县（市、区）代码 County code")
]
