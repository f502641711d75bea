"""A sub-fund's reporting duties (六（七）): quarterly and annual reports, major events.

Duties are deadlines of the shared register (`fund.service.deadlines`) owned by the sub-fund,
computed by the domain's `reporting_schedule` with the shared calendar. Duties in a year whose
holiday notice is not published yet are recorded as provisional (weekends only) and recomputed
when it is (`fund.service.provisional`). A submission meets its
duty (closed as met on the day it was submitted, late or not).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.reporting_schemas import MajorEventCreate, ReportCreate, ReportKind
from fund.db.portfolio import major_events, report_submissions, sub_funds
from fund.db.tables import deadlines
from fund.domain import DeadlineKind, reporting_schedule
from fund.service import deadlines as register
from fund.service.provisional import warnings_for
from govkit import audit
from govkit.calendar import CalendarYearNotPublished
from govkit.calendar.provisional import allowing_provisional
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, VALIDATION, ProblemError
from govkit.rules import ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import created_stamp, fetch_row, not_found

PERIODIC = ("report_quarterly", "report_annual")
KINDS = (*PERIODIC, "report_major_event")
_QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def _invalid(pointer: str, detail: str) -> ProblemError:
    return ProblemError(
        VALIDATION,
        detail,
        errors=[{"in": "body", "pointer": pointer, "detail": detail, "type": "value_error"}],
    )


async def _sub_fund(session: AsyncSession, sub_fund_id: uuid.UUID, *, lock: bool = False) -> Any:
    missing = not_found("sub-fund", "sub_fund_id", sub_fund_id)
    return await fetch_row(session, sub_funds.c.sub_fund_id, sub_fund_id, missing, lock=lock)


def duty_view(row: dict[str, Any], today: date) -> dict[str, Any]:
    v = register.view(row, today)
    v["met_late"] = v["status"] == register.MET and v["done_on"] > v["due"]
    return v


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    created: list[dict[str, Any]]
    computed_through: date | None
    calendar_year_missing: int | None


def _period_ends(start: date, through: date) -> list[date]:
    return [
        date(year, m, d)
        for year in range(start.year, through.year + 1)
        for m, d in _QUARTER_ENDS
        if start <= date(year, m, d) <= through
    ]


async def generate_schedule(
    session: AsyncSession,
    row: Any,
    *,
    through: date,
    principal: Principal,
    params: ParameterSet,
    request_id: str | None,
    now: datetime,
) -> ScheduleResult:
    """Record the quarterly and annual duties of periods ending from `reporting_from` to
    `through` that are not recorded yet; those needing an unpublished calendar year are
    provisional (`fund.service.provisional`) and `calendar_year_missing` names the first."""
    existing = {
        (r.kind, r.subject)
        for r in await session.execute(
            sa.select(deadlines.c.kind, deadlines.c.subject).where(
                deadlines.c.sub_fund_id == row.sub_fund_id, deadlines.c.kind.in_(PERIODIC)
            )
        )
    }
    owner = register.Owner(sub_fund_id=row.sub_fund_id)
    created: list[dict[str, Any]] = []
    computed: date | None = None
    missing: int | None = None
    for end in _period_ends(row.reporting_from, through):
        try:
            # A year not yet published gives provisional duties (weekends only), never none.
            duties, unpublished = allowing_provisional(
                partial(
                    reporting_schedule,
                    registered_on=end,
                    through=end,
                    params=params,
                    region=row.region,
                )
            )
        except CalendarYearNotPublished:
            continue  # a year before the calendar's first: skip its periods, never guess
        if unpublished is not None and missing is None:
            missing = unpublished
        for d in duties:
            if (d.kind.value, d.subject) in existing:
                continue
            deadline_id = await register.record(
                session, d, owner, principal=principal, request_id=request_id, now=now
            )
            created.append({"deadline_id": deadline_id})
        computed = end
    ids = [c["deadline_id"] for c in created]
    rows = (
        await session.execute(
            sa.select(deadlines).where(deadlines.c.deadline_id.in_(ids)).order_by(deadlines.c.due)
        )
    ).all()
    return ScheduleResult([r._asdict() for r in rows], computed, missing)


async def extend_schedule(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    through: date,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    row = await _sub_fund(session, sub_fund_id, lock=True)
    result = await generate_schedule(
        session,
        row,
        through=through,
        principal=principal,
        params=params,
        request_id=request_id,
        now=datetime.now(UTC),
    )
    return {
        "created": [duty_view(r, today) for r in result.created],
        "computed_through": result.computed_through,
        "calendar_year_missing": result.calendar_year_missing,
        "warnings": warnings_for(result.created),
    }


async def list_duties(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    *,
    kind: str | None,
    status: str | None,
    overdue: bool | None,
    today: date,
    after: tuple[date, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    await _sub_fund(session, sub_fund_id)
    cond = [
        deadlines.c.sub_fund_id == sub_fund_id,
        deadlines.c.kind.in_((kind,) if kind else KINDS),
    ]
    if status:
        cond.append(deadlines.c.status == status)
    if overdue is True:
        cond += [deadlines.c.status == register.OPEN, deadlines.c.due < today]
    elif overdue is False:
        cond.append(sa.or_(deadlines.c.status != register.OPEN, deadlines.c.due >= today))
    return await register.page_by_due(
        session, cond, after, limit=limit, today=today, as_view=duty_view
    )


async def _deadline(session: AsyncSession, deadline_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await session.execute(sa.select(deadlines).where(deadlines.c.deadline_id == deadline_id))
    ).one()
    return dict(row._asdict())


async def record_major_event(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    body: MajorEventCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    row = await _sub_fund(session, sub_fund_id, lock=True)
    if body.occurred_on > today:
        raise _invalid("#/occurred_on", "occurred_on is in the future.")
    if body.occurred_on < row.registered_on:
        raise _invalid("#/occurred_on", "occurred_on precedes the sub-fund's registration.")
    number = 1 + (
        await session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(major_events.c.number), 0)).where(
                major_events.c.sub_fund_id == sub_fund_id
            )
        )
        or 0
    )
    schedule, _ = allowing_provisional(
        partial(
            reporting_schedule,
            registered_on=body.occurred_on,
            through=body.occurred_on,
            major_events=(body.occurred_on,),
            params=params,
            region=row.region,
        )
    )
    duty = next(d for d in schedule if d.kind is DeadlineKind.REPORT_MAJOR_EVENT)
    # The subject names the event uniquely, so its report meets exactly this duty.
    duty = replace(duty, subject=f"major event #{number} ({body.occurred_on})")
    now = datetime.now(UTC)
    deadline_id = await register.record(
        session,
        duty,
        register.Owner(sub_fund_id=sub_fund_id),
        principal=principal,
        request_id=request_id,
        now=now,
    )
    event_id = uuid.uuid4()
    values = {
        "event_id": event_id,
        "sub_fund_id": sub_fund_id,
        "number": number,
        "occurred_on": body.occurred_on,
        "description": body.description,
        "deadline_id": deadline_id,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(major_events).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "sub_fund.major_event",
        "major_event",
        event_id,
        None,
        {k: v for k, v in values.items() if k not in ("created_at", "created_by", "request_id")},
    )
    out = {k: v for k, v in values.items() if k != "request_id"}
    out["duty"] = duty_view(await _deadline(session, deadline_id), today)
    return out


async def submit_report(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    body: ReportCreate,
    *,
    principal: Principal,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    row = await _sub_fund(session, sub_fund_id, lock=True)
    if body.submitted_on > today:
        raise _invalid("#/submitted_on", "submitted_on is in the future.")
    if body.kind is ReportKind.MAJOR_EVENT:
        event = (
            await session.execute(
                sa.select(major_events).where(
                    major_events.c.event_id == body.event_id,
                    major_events.c.sub_fund_id == sub_fund_id,
                )
            )
        ).first()
        if event is None:
            raise _invalid("#/event_id", f"No major event {body.event_id} of this sub-fund.")
        basis = event.occurred_on
        subject = (await _deadline(session, event.deadline_id))["subject"]
    else:
        basis = body.period_end()
        assert basis is not None
        assert body.period is not None
        subject = body.period
        if basis < row.registered_on:
            raise _invalid("#/period", "The period ended before the sub-fund was registered.")
    if body.submitted_on < basis:
        raise _invalid("#/submitted_on", f"The report is submitted before {basis}.")
    existing = await session.scalar(
        sa.select(report_submissions.c.report_id).where(
            report_submissions.c.sub_fund_id == sub_fund_id,
            report_submissions.c.kind == body.kind.value,
            report_submissions.c.subject == subject,
        )
    )
    if existing is not None:
        raise ProblemError(
            CONFLICT,
            f"A {body.kind.value} report for {subject} is recorded already.",
            report_id=str(existing),
        )
    duty = (
        await session.execute(
            sa.select(deadlines).where(
                deadlines.c.sub_fund_id == sub_fund_id,
                deadlines.c.kind == body.kind.deadline_kind,
                deadlines.c.subject == subject,
            )
        )
    ).first()
    now = datetime.now(UTC)
    if duty is not None and duty.status == register.OPEN:
        await register.close(
            session,
            register.Owner(sub_fund_id=sub_fund_id),
            (body.kind.deadline_kind,),
            status=register.MET,
            on=body.submitted_on,
            principal=principal,
            request_id=request_id,
            now=now,
            subject=subject,
        )
    report_id = uuid.uuid4()
    values = {
        "report_id": report_id,
        "sub_fund_id": sub_fund_id,
        "kind": body.kind.value,
        "subject": subject,
        "event_id": body.event_id,
        "submitted_on": body.submitted_on,
        "deadline_id": duty.deadline_id if duty else None,
        "due": duty.due if duty else None,
        "title": body.title,
        "note": body.note,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(report_submissions).values(**values))
    out = report_out(values)
    await audit.append(
        session,
        principal,
        request_id,
        "sub_fund.report",
        "report",
        report_id,
        None,
        {k: v for k, v in out.items() if k not in ("created_at", "created_by")},
    )
    return out


def report_out(r: dict[str, Any]) -> dict[str, Any]:
    due = r["due"]
    late = max((r["submitted_on"] - due).days, 0) if due else 0
    return {
        **{k: v for k, v in r.items() if k not in ("request_id", "seq")},
        "on_time": None if due is None else late == 0,
        "days_late": late,
    }


async def list_reports(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    *,
    kind: str | None,
    after: int | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    await _sub_fund(session, sub_fund_id)
    cond = [report_submissions.c.sub_fund_id == sub_fund_id]
    if kind:
        cond.append(report_submissions.c.kind == kind)
    page, cursor = await seq_page(
        session,
        sa.select(report_submissions).where(*cond),
        report_submissions.c.seq,
        after,
        limit=limit,
    )
    return [report_out(r._asdict()) for r in page], cursor
