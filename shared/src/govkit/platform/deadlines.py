"""`GET /<service>/v1/calendar/deadline`: the shared calendar's legal periods over HTTP.

Front-ends and other departments' systems compute a statutory deadline exactly as the services do
(CAL-WD-AFTER, CAL-WD-PERIOD, CAL-CAL-DAYS with CAL-HOLIDAY-SHIFT); a year whose notice is not
loaded answers `calendar-year-not-published`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from govkit.calendar import (
    add_working_days,
    is_working_day,
    period_end,
    working_days_between,
    working_period_end,
)
from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION, ProblemError
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED, problem_doc

Rule = Literal["CAL-WD-AFTER", "CAL-WD-PERIOD", "CAL-CAL-DAYS"]


class DeadlineOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rule_id": "CAL-WD-AFTER",
                    "start": "2024-09-27",
                    "due": "2024-10-10",
                    "due_is_working_day": True,
                    "working_days_from_start": 5,
                    "n": 5,
                    "days": 0,
                    "months": 0,
                    "years": 0,
                }
            ]
        }
    )

    rule_id: Rule
    start: date
    due: date = Field(description="The last day; the period ends at 24:00 of it (CAL-END-OF-DAY).")
    due_is_working_day: bool
    working_days_from_start: int = Field(description="Working days d with start < d ≤ due.")
    n: int | None = None
    days: int = 0
    months: int = 0
    years: int = 0


def deadline_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1", tags=["calendar"])

    @router.get(
        "/calendar/deadline",
        response_model=DeadlineOut,
        summary="计算期限 Compute a statutory deadline",
        description="CAL-WD-AFTER：事件后第N个工作日；CAL-WD-PERIOD：自start起N个工作日的期间；"
        "CAL-CAL-DAYS：按日/月/年计算的期间（民法典第201–203条，末日遇休息日顺延）。 "
        "N working days after an event; a period of N working days from a start; or a "
        "calendar period of days, months or years (Civil Code arts. 201–203).",
        responses=problem_doc(CALENDAR_YEAR_NOT_PUBLISHED),
    )
    async def compute_deadline(
        rule: Annotated[Rule, Query(description="Which rule counts the period.")],
        start: Annotated[date, Query(description="The event (or first day) as an ISO date.")],
        n: Annotated[int | None, Query(ge=0, le=3650, description="Working days.")] = None,
        days: Annotated[int, Query(ge=0, le=36500)] = 0,
        months: Annotated[int, Query(ge=0, le=1200)] = 0,
        years: Annotated[int, Query(ge=0, le=100)] = 0,
        _: Principal = requires(f"{service}:read"),
    ) -> DeadlineOut:
        if rule == "CAL-CAL-DAYS":
            if n is not None or not (days or months or years) or (days and (months or years)):
                raise ProblemError(
                    VALIDATION,
                    "CAL-CAL-DAYS takes days, or months and/or years (and no n).",
                    errors=[
                        {
                            "in": "query",
                            "name": "days",
                            "pointer": "#/days",
                            "detail": "give days, or months/years",
                            "type": "value_error",
                        }
                    ],
                )
            due = period_end(start, days=days, months=months, years=years)
        else:
            if n is None or days or months or years or (rule == "CAL-WD-PERIOD" and n < 1):
                raise ProblemError(
                    VALIDATION,
                    f"{rule} takes n working days (n ≥ 1 for a period) and no days/months/years.",
                    errors=[
                        {
                            "in": "query",
                            "name": "n",
                            "pointer": "#/n",
                            "detail": "n is required",
                            "type": "missing",
                        }
                    ],
                )
            due = (
                add_working_days(start, n)
                if rule == "CAL-WD-AFTER"
                else working_period_end(start, n)
            )
        return DeadlineOut(
            rule_id=rule,
            start=start,
            due=due,
            due_is_working_day=is_working_day(due),
            working_days_from_start=working_days_between(start, due),
            n=n,
            days=days,
            months=months,
            years=years,
        )

    return router
