"""Duties (AD-DUTIES): each works' maintenance, professional repair, peace-to-war conversion and
drill schedules, their occurrences due from the shared calendar, and the records that meet them.

A schedule records its first occurrence; completing one records the next, so each schedule
always has its next duty open. A due day in a year whose holiday calendar is not yet published
is computed provisionally (weekends only, `govkit.calendar.provisional`) and recomputed,
audited, when the year is published. Who answers for a duty is the works' keeper when it falls
due: the builder, then the enterprise it was handed over to, then the registered owner, then
the receiver of a transfer (AD-TRANSFER) — open duties move with each step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.duty_schemas import WorksDutyCompletion, WorksDutyScheduleCreate
from airdefence.db.tables import duties, duty_schedules, works
from airdefence.domain import (
    DUTY_ZH,
    DutyKind,
    occurrence_due,
    require_completion,
    require_schedule,
)
from airdefence.service.works import get_row, handover_of, responsible
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.calendar import CalendarYearNotPublished, WorkingCalendar, YearNotice, using_calendar
from govkit.calendar.provisional import allowing_provisional
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.http.versions import parse_if_match, require_version
from govkit.platform.due_items import lateness
from govkit.store.paging import dated_after, dated_cursor, keyset_page
from govkit.store.rows import created_stamp, fetch_row, not_found

OPEN, MET = "open", "met"


def _due(starts_on: date, interval: int, n: int) -> tuple[date, bool]:
    due, unpublished = allowing_provisional(lambda: occurrence_due(starts_on, interval, n))
    return due, unpublished is not None


async def _record_occurrence(
    session: AsyncSession,
    schedule: Any,
    n: int,
    keeper: dict[str, str],
    county: str,
    *,
    principal: Principal,
    request_id: str | None,
    now: datetime,
) -> uuid.UUID:
    due, provisional = _due(schedule.starts_on, schedule.interval_months, n)
    duty_id = uuid.uuid4()
    values = {
        "duty_id": duty_id,
        "schedule_id": schedule.schedule_id,
        "works_id": schedule.works_id,
        "kind": schedule.kind,
        "n": n,
        "due": due,
        "provisional": provisional,
        "status": OPEN,
        "done_on": None,
        "report": None,
        "county": county,
        "responsible_uscc": keeper["uscc"],
        "responsible_name": keeper["name"],
        "version": 1,
        "updated_at": now,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(duties).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "duty.recorded",
        "duty",
        duty_id,
        None,
        jsonable(
            {
                k: values[k]
                for k in (
                    "schedule_id",
                    "works_id",
                    "kind",
                    "n",
                    "due",
                    "provisional",
                    "responsible_uscc",
                )
            }
        ),
    )
    return duty_id


async def create_schedule(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksDutyScheduleCreate,
    *,
    principal: Principal,
    request_id: str | None,
) -> uuid.UUID:
    row = await get_row(session, works_id, lock=True)
    require_schedule(body.starts_on, body.interval_months, row.accepted_on)
    now = datetime.now(UTC)
    schedule_id = uuid.uuid4()
    values = {
        "schedule_id": schedule_id,
        "works_id": works_id,
        "kind": body.kind.value,
        "interval_months": body.interval_months,
        "starts_on": body.starts_on,
        "note": body.note,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(duty_schedules).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "duty_schedule.create",
        "duty_schedule",
        schedule_id,
        None,
        jsonable(
            {k: values[k] for k in ("works_id", "kind", "interval_months", "starts_on", "note")}
        ),
    )
    schedule = (
        await session.execute(
            sa.select(duty_schedules).where(duty_schedules.c.schedule_id == schedule_id)
        )
    ).one()
    keeper = responsible(row, await handover_of(session, works_id))
    await _record_occurrence(
        session,
        schedule,
        1,
        keeper,
        row.county,
        principal=principal,
        request_id=request_id,
        now=now,
    )
    return schedule_id


async def complete(
    session: AsyncSession,
    duty_id: uuid.UUID,
    body: WorksDutyCompletion,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
    request_id: str | None,
) -> tuple[uuid.UUID, uuid.UUID]:
    """Record the duty met on `done_on` and the schedule's next occurrence; (met, next)."""
    expected = parse_if_match(if_match)
    missing = not_found("duty", "duty_id", duty_id)
    duty = await fetch_row(session, duties.c.duty_id, duty_id, missing, lock=True)
    require_version("duty", duty.version, expected)
    if duty.status != OPEN:
        raise ProblemError(CONFLICT, f"The duty is {duty.status} already ({duty.done_on}).")
    row = await get_row(session, duty.works_id, lock=True)
    schedule = (
        await session.execute(
            sa.select(duty_schedules).where(duty_schedules.c.schedule_id == duty.schedule_id)
        )
    ).one()
    require_completion(
        body.done_on, accepted_on=row.accepted_on, starts_on=schedule.starts_on, today=today
    )
    now = datetime.now(UTC)
    await session.execute(
        sa.update(duties)
        .where(duties.c.duty_id == duty_id)
        .values(
            status=MET,
            done_on=body.done_on,
            report=body.report,
            version=duty.version + 1,
            updated_at=now,
        )
    )
    await audit.append(
        session,
        principal,
        request_id,
        "duty.met",
        "duty",
        duty_id,
        {"status": OPEN},
        jsonable({"status": MET, "done_on": body.done_on, "report": body.report}),
    )
    keeper = responsible(row, await handover_of(session, duty.works_id))
    next_id = await _record_occurrence(
        session,
        schedule,
        duty.n + 1,
        keeper,
        row.county,
        principal=principal,
        request_id=request_id,
        now=now,
    )
    return duty_id, next_id


async def move_open_duties(
    session: AsyncSession,
    works_id: uuid.UUID,
    keeper: dict[str, str],
    *,
    principal: Principal,
    request_id: str | None,
) -> int:
    """The works' open duties become `keeper`'s (handover, registration, transfer); how many."""
    rows = (
        await session.execute(
            sa.update(duties)
            .where(
                duties.c.works_id == works_id,
                duties.c.status == OPEN,
                duties.c.responsible_uscc != keeper["uscc"],
            )
            .values(
                responsible_uscc=keeper["uscc"],
                responsible_name=keeper["name"],
                version=duties.c.version + 1,
                updated_at=datetime.now(UTC),
            )
            .returning(duties.c.duty_id)
        )
    ).all()
    for (duty_id,) in rows:
        await audit.append(
            session,
            principal,
            request_id,
            "duty.responsible",
            "duty",
            duty_id,
            None,
            jsonable({"responsible_uscc": keeper["uscc"], "responsible_name": keeper["name"]}),
        )
    return len(rows)


# ---- reading ------------------------------------------------------------------------------------


def duty_view(r: Any, today: date) -> dict[str, Any]:
    late = lateness(r.due, r.status, today)
    return {
        "duty_id": r.duty_id,
        "schedule_id": r.schedule_id,
        "works_id": r.works_id,
        "works_name": r.works_name,
        "kind": r.kind,
        "n": r.n,
        "due": r.due,
        "provisional": r.provisional,
        "status": r.status,
        "done_on": r.done_on,
        "report": r.report,
        "county": r.county,
        "responsible": {"uscc": r.responsible_uscc, "name": r.responsible_name},
        "version": r.version,
        "overdue": late.overdue,
        "days_overdue": late.days_overdue,
        "working_days_overdue": late.working_days_overdue,
    }


def _duties_with_names() -> sa.Select[Any]:
    return sa.select(duties, works.c.name.label("works_name")).join(
        works, works.c.works_id == duties.c.works_id
    )


async def duty_by_id(session: AsyncSession, duty_id: uuid.UUID, today: date) -> dict[str, Any]:
    r = (await session.execute(_duties_with_names().where(duties.c.duty_id == duty_id))).first()
    if r is None:
        raise not_found("duty", "duty_id", duty_id)
    return duty_view(r, today)


@dataclass(frozen=True, slots=True)
class DutyFilter:
    works_id: uuid.UUID | None = None
    kind: str | None = None
    status: str | None = None
    overdue: bool | None = None
    county: str | None = None
    responsible: str | None = None
    due_before: date | None = None


def duty_conditions(f: DutyFilter, today: date) -> list[sa.ColumnElement[bool]]:
    cond: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (duties.c.works_id, f.works_id),
        (duties.c.kind, f.kind),
        (duties.c.status, f.status),
        (duties.c.county, f.county),
        (duties.c.responsible_uscc, f.responsible),
    ):
        if value is not None:
            cond.append(column == value)
    if f.due_before is not None:
        cond.append(duties.c.due < f.due_before)
    if f.overdue is True:
        cond += [duties.c.status == OPEN, duties.c.due < today]
    elif f.overdue is False:
        cond.append(sa.or_(duties.c.status != OPEN, duties.c.due >= today))
    return cond


async def list_duties(
    session: AsyncSession, f: DutyFilter, *, today: date, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    after = dated_after(cursor, "due", date.fromisoformat)
    page, last = await keyset_page(
        session,
        _duties_with_names().where(*duty_conditions(f, today)),
        (duties.c.due, duties.c.duty_id),
        after,
        limit=limit,
    )
    next_cursor = None if last is None else dated_cursor("due", last.due, last.duty_id)
    return [duty_view(r, today) for r in page], next_cursor


async def schedules_of(
    session: AsyncSession, works_id: uuid.UUID, today: date
) -> list[dict[str, Any]]:
    await get_row(session, works_id)
    schedules = (
        await session.execute(
            sa.select(duty_schedules)
            .where(duty_schedules.c.works_id == works_id)
            .order_by(duty_schedules.c.seq)
        )
    ).all()
    occurrences = (
        await session.execute(
            _duties_with_names().where(duties.c.works_id == works_id).order_by(duties.c.n)
        )
    ).all()
    return [
        schedule_view(s, [o for o in occurrences if o.schedule_id == s.schedule_id], today)
        for s in schedules
    ]


def schedule_view(s: Any, occurrences: list[Any], today: date) -> dict[str, Any]:
    return {
        "schedule_id": s.schedule_id,
        "works_id": s.works_id,
        "kind": s.kind,
        "kind_zh": DUTY_ZH[DutyKind(s.kind)],
        "interval_months": s.interval_months,
        "starts_on": s.starts_on,
        "note": s.note,
        "duties": [duty_view(o, today) for o in occurrences],
        "created_at": s.created_at,
        "created_by": s.created_by,
    }


async def schedule_by_id(
    session: AsyncSession, schedule_id: uuid.UUID, today: date
) -> dict[str, Any]:
    s = (
        await session.execute(
            sa.select(duty_schedules).where(duty_schedules.c.schedule_id == schedule_id)
        )
    ).one()
    occurrences = (
        await session.execute(
            _duties_with_names().where(duties.c.schedule_id == schedule_id).order_by(duties.c.n)
        )
    ).all()
    return schedule_view(s, list(occurrences), today)


# ---- calendar publication ---------------------------------------------------------------------


async def recompute_on_publication(
    session: AsyncSession, notice: YearNotice, calendar: WorkingCalendar, principal: Principal
) -> None:
    """After a year's publication (same transaction): every open provisional duty whose due
    day the published calendar can now compute gets it, audited; the others stay provisional."""
    rows = (
        await session.execute(
            sa.select(duties, duty_schedules.c.starts_on, duty_schedules.c.interval_months)
            .join(duty_schedules, duty_schedules.c.schedule_id == duties.c.schedule_id)
            .where(duties.c.status == OPEN, duties.c.provisional.is_(True))
        )
    ).all()
    now = datetime.now(UTC)
    for r in rows:
        try:
            with using_calendar(calendar):
                due = occurrence_due(r.starts_on, r.interval_months, r.n)
        except CalendarYearNotPublished:
            continue
        await session.execute(
            sa.update(duties)
            .where(duties.c.duty_id == r.duty_id)
            .values(due=due, provisional=False, version=duties.c.version + 1, updated_at=now)
        )
        await audit.append(
            session,
            principal,
            None,
            "duty.recomputed",
            "duty",
            r.duty_id,
            {"due": str(r.due), "provisional": True},
            {"due": str(due), "provisional": False, "calendar_year": notice.year},
        )
