"""The deadlines register over HTTP: what is due, what is overdue and by how much."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from fund.api.application_schemas import DeadlineOut
from fund.api.deps import PREFIX, READ
from fund.domain import DeadlineKind
from fund.service import deadlines as dl
from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.pagination import CursorQuery, LimitQuery, Page
from govkit.store.paging import dated_after

router = APIRouter(prefix=PREFIX, tags=["deadlines"])


@router.get(
    "/deadlines",
    response_model=Page[DeadlineOut],
    summary="法定期限 Statutory deadlines, due and overdue",
    description="每个期限均由共享工作日历计算，并记录设定它的规则。 Every deadline the "
    "procedures set (FUND-PROC-NOTICE, -SIGN-6M, -FILING, FUND-CONC-PROC, FUND-REPORT-*), by "
    "due date. `overdue` is computed as of `on` (default today, Asia/Shanghai): open and due "
    "before it, with calendar and working days overdue. `due_before` is exclusive.",
)
async def list_deadlines(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    on: Annotated[
        date | None, Query(description="As-of day for `overdue` (default: today, Asia/Shanghai)")
    ] = None,
    due_before: Annotated[date | None, Query(description="Due before this day")] = None,
    overdue: Annotated[bool | None, Query(description="Only overdue (true) or not (false)")] = None,
    status: Annotated[
        str | None, Query(pattern="^(open|met|cancelled)$", description="open, met, cancelled")
    ] = None,
    application: Annotated[uuid.UUID | None, Query(description="Of this application")] = None,
    sub_fund: Annotated[uuid.UUID | None, Query(description="Of this sub-fund")] = None,
    concession: Annotated[uuid.UUID | None, Query(description="Of this concession")] = None,
    rule_id: Annotated[
        str | None, Query(pattern=r"^[A-Z0-9-]{1,60}$", description="Set by this rule")
    ] = None,
    kind: Annotated[DeadlineKind | None, Query(description="Of this kind")] = None,
    _: Principal = requires(READ),
) -> Page[DeadlineOut]:
    after = dated_after(cursor, "due", date.fromisoformat)
    today = on or today_shanghai()
    items, next_cursor = await dl.list_deadlines(
        session,
        dl.DeadlineFilter(
            due_before=due_before,
            overdue=overdue,
            status=status,
            application_id=application,
            sub_fund_id=sub_fund,
            concession_id=concession,
            rule_id=rule_id,
            kind=kind.value if kind else None,
        ),
        today=today,
        after=after,
        limit=limit,
    )
    return Page[DeadlineOut](
        items=[DeadlineOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )
