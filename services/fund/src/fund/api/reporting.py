"""Reporting duties and submissions (六（七）: FUND-REPORT-QUARTERLY, -ANNUAL, -MAJOR)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from fund.api.deps import PREFIX, READ, WRITE, documented, examples
from fund.api.reporting_schemas import (
    MajorEventCreate,
    MajorEventOut,
    ReportCreate,
    ReportKind,
    ReportOut,
    ScheduleExtend,
    ScheduleExtended,
    ScheduleOut,
)
from fund.service import reporting as svc
from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep, create_once
from govkit.http.pagination import CursorQuery, LimitQuery, Page
from govkit.http.problem import (
    CONFLICT,
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    NOT_FOUND,
    VALIDATION,
)
from govkit.http.request_id import current_request_id
from govkit.platform.parameters import ParametersDep
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED
from govkit.store.paging import dated_after, seq_after

router = APIRouter(prefix=PREFIX, tags=["reporting"])

_IDEM = (IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH)
IDEM_NOTE = " `Idempotency-Key` is honoured: a retry with the same key replays the first answer."
SubFundIdPath = Annotated[uuid.UUID, Path(description="子基金 ID")]


@router.get(
    "/sub-funds/{sub_fund_id}/reporting-schedule",
    response_model=ScheduleOut,
    summary="报送义务 Reporting duties with their status and days overdue",
    description="季度报告（季度结束后1个月内）、年度报告（年度结束后4个月内）、重大事项（发生后10日内），"
    "按到期日排序。 Quarterly, annual and major-event duties by due day, each open, met or "
    "cancelled, with `overdue` and days overdue (Asia/Shanghai today).",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def get_reporting_schedule(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    limit: LimitQuery = 100,
    cursor: CursorQuery = None,
    kind: Annotated[ReportKind | None, Query()] = None,
    status: Annotated[str | None, Query(pattern="^(open|met|cancelled)$")] = None,
    overdue: Annotated[bool | None, Query(description="Open and past due (true)")] = None,
    _: Principal = requires(READ),
) -> ScheduleOut:
    items, next_cursor = await svc.list_duties(
        session,
        sub_fund_id,
        kind=kind.deadline_kind if kind else None,
        status=status,
        overdue=overdue,
        today=today_shanghai(),
        after=dated_after(cursor, "due", date.fromisoformat),
        limit=limit,
    )
    return ScheduleOut.model_validate({"items": items, "next_cursor": next_cursor, "limit": limit})


@router.post(
    "/sub-funds/{sub_fund_id}/reporting-schedule",
    response_model=ScheduleExtended,
    summary="延展报送义务 Add the duties of later periods",
    description="为截至 `through` 结束的各期补充季度、年度报送义务（已有的不重复），以已发布节假日安排的"
    "年度为限。 Records the quarterly and annual duties of periods ending up to `through` that "
    "are not on record yet, as far as the holiday calendar is published "
    "(`calendar_year_missing` names the year that stopped it).",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def extend_reporting_schedule(
    sub_fund_id: SubFundIdPath,
    body: Annotated[ScheduleExtend, examples(ScheduleExtend)],
    session: SessionDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> ScheduleExtended:
    data = await svc.extend_schedule(
        session,
        sub_fund_id,
        body.through,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    return ScheduleExtended.model_validate(data)


@router.post(
    "/sub-funds/{sub_fund_id}/major-events",
    status_code=201,
    response_model=MajorEventOut,
    summary="重大事项 Record a major event: its disclosure is due within 10 days",
    description="记录重大事项并生成披露义务（FUND-REPORT-MAJOR：发生后10日内，遇法定节假日顺延）。 "
    "Records the event and its disclosure duty (10 calendar days, shifted off rest days)."
    + IDEM_NOTE,
    responses=documented(
        MajorEventOut, 201, "Recorded", NOT_FOUND, CALENDAR_YEAR_NOT_PUBLISHED, *_IDEM
    ),
)
async def record_major_event(
    sub_fund_id: SubFundIdPath,
    body: Annotated[MajorEventCreate, examples(MajorEventCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[MajorEventOut, None]:
        event = await svc.record_major_event(
            session,
            sub_fund_id,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        return MajorEventOut.model_validate(event), None

    return await create_once(idem, principal, body, create)


@router.post(
    "/sub-funds/{sub_fund_id}/reports",
    status_code=201,
    response_model=ReportOut,
    summary="报送 Record a submitted report; it meets its duty",
    description='记录报送（季度 `period`="2024Q1"，年度 "2024"，重大事项 `event_id`），对应义务记为'
    "已履行（逾期的标明逾期天数）。同一义务只能报送一次（409）。 Records the submission and marks "
    "the matching duty met on `submitted_on` (`on_time`, `days_late`). One submission per duty "
    "(409)." + IDEM_NOTE,
    responses=documented(ReportOut, 201, "Recorded", NOT_FOUND, CONFLICT, VALIDATION, *_IDEM),
)
async def submit_report(
    sub_fund_id: SubFundIdPath,
    body: Annotated[ReportCreate, examples(ReportCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[ReportOut, None]:
        report = await svc.submit_report(
            session,
            sub_fund_id,
            body,
            principal=principal,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        return ReportOut.model_validate(report), None

    return await create_once(idem, principal, body, create)


@router.get(
    "/sub-funds/{sub_fund_id}/reports",
    response_model=Page[ReportOut],
    summary="报送记录 Submitted reports",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def list_reports(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    kind: Annotated[ReportKind | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[ReportOut]:
    items, next_cursor = await svc.list_reports(
        session,
        sub_fund_id,
        kind=kind.value if kind else None,
        after=seq_after(cursor),
        limit=limit,
    )
    return Page[ReportOut](
        items=[ReportOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )
