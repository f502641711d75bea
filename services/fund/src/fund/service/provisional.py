"""Provisional deadlines: recording what happened when a deadline runs into an unpublished year.

CAL-COVERAGE refuses to guess a year whose holiday notice is not published. A workflow step,
though, happened and must be recorded: its deadlines are then computed with a provisional
calendar in which the unpublished years have Saturdays and Sundays as rest days, no public
holidays and no make-up working days. Such deadlines are stored with `provisional = true` and
announced as warnings; when the year is published, `recompute_on_publication` recomputes each
open one with the published calendar from the same origin and steps (audited). The stateless
`GET /fund/v1/calendar/deadline` keeps refusing unpublished years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.db.tables import deadlines
from fund.domain import Deadline
from fund.domain.deadlines import recompute
from govkit import audit
from govkit.calendar import (
    CalendarYearNotPublished,
    WorkingCalendar,
    YearNotice,
    get_calendar,
    using_calendar,
)
from govkit.http.auth import Principal


def provisional_warning(year: int) -> str:
    """The warning of a result computed with the provisional calendar."""
    return (
        f"{year}年节假日安排尚未发布，涉及该年的期间按仅周六周日休息暂定计算。 / The {year} "
        f"holiday calendar is not published: periods in {year} are provisional (weekends only, "
        f"no public holidays); publish it with PUT /fund/v1/admin/calendar/{year}."
    )


def is_provisional(deadline: Deadline) -> bool:
    """Whether the published calendar cannot compute this deadline (it needs an unpublished
    year)."""
    if not deadline.steps:
        return False
    try:
        recompute(_origin(deadline), deadline.steps, deadline.basis_steps)
    except CalendarYearNotPublished:
        return True
    return False


def _origin(deadline: Deadline) -> date:
    return deadline.origin if deadline.origin is not None else deadline.basis_date


def computation(deadline: Deadline) -> dict[str, Any] | None:
    """The stored form of how the deadline was computed."""
    if not deadline.steps:
        return None
    return {
        "origin": _origin(deadline).isoformat(),
        "steps": [[m, n] for m, n in deadline.steps],
        "basis_steps": deadline.basis_steps,
    }


def unpublished_years(row: Mapping[str, Any]) -> list[int]:
    """The years between a provisional deadline's origin and its due date not yet published."""
    comp = row.get("computation") or {}
    start = date.fromisoformat(comp["origin"]) if "origin" in comp else row["basis_date"]
    loaded = set(get_calendar().years())
    return [y for y in range(start.year, row["due"].year + 1) if y not in loaded]


def warnings_for(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """One warning naming the open provisional deadlines and the years to publish (none if
    there are none)."""
    listed = [r for r in rows if r.get("provisional") and r.get("status") == "open"]
    if not listed:
        return []
    years = sorted({y for r in listed for y in unpublished_years(r)}) or [listed[0]["due"].year]
    names = ", ".join(
        f"{r['kind']} {r['due']}" + (f" ({r['subject']})" if r["subject"] else "") for r in listed
    )
    zh_years = "、".join(str(y) for y in years)
    en_years = ", ".join(str(y) for y in years)
    return [
        f"以下期限为暂定（{zh_years}年节假日安排尚未发布，按仅周六周日休息、无法定节假日和调休计算，"
        f"发布后自动重新计算）：{names}。 / Provisional deadlines (the holiday calendar of "
        f"{en_years} is not published: computed with Saturdays and Sundays as the only rest "
        f"days, no public holidays or make-up working days; recomputed when it is published "
        f"with PUT /fund/v1/admin/calendar/{years[0]}): {names}."
    ]


async def provisional_open(session: AsyncSession, sub_fund_id: Any) -> list[dict[str, Any]]:
    """A sub-fund's open provisional deadlines, by due date."""
    rows = await session.execute(
        sa.select(deadlines)
        .where(
            deadlines.c.sub_fund_id == sub_fund_id,
            deadlines.c.status == "open",
            deadlines.c.provisional.is_(True),
        )
        .order_by(deadlines.c.due, deadlines.c.deadline_id)
    )
    return [dict(r._asdict()) for r in rows]


async def recompute_on_publication(
    session: AsyncSession, notice: YearNotice, calendar: WorkingCalendar, principal: Principal
) -> None:
    """After a year's publication (same transaction): recompute every open provisional
    deadline with `calendar`; those it can now compute get their due (and basis) date and lose
    `provisional`. Audited before/after."""
    rows = (
        await session.execute(
            sa.select(deadlines).where(
                deadlines.c.status == "open",
                deadlines.c.provisional.is_(True),
                deadlines.c.computation.is_not(None),
            )
        )
    ).all()
    now = datetime.now(UTC)
    for r in rows:
        comp = r.computation
        steps = tuple((str(m), int(n)) for m, n in comp["steps"])
        try:
            with using_calendar(calendar):
                basis, due = recompute(
                    date.fromisoformat(comp["origin"]), steps, int(comp["basis_steps"])
                )
        except CalendarYearNotPublished:
            continue  # needs a further year still unpublished: stays provisional
        await session.execute(
            sa.update(deadlines)
            .where(deadlines.c.deadline_id == r.deadline_id)
            .values(due=due, basis_date=basis, provisional=False, updated_at=now)
        )
        before = {"due": str(r.due), "basis_date": str(r.basis_date), "provisional": True}
        after = {"due": str(due), "basis_date": str(basis), "provisional": False}
        await audit.append(
            session,
            principal,
            None,
            "deadline.recomputed",
            "deadline",
            r.deadline_id,
            before,
            {**after, "calendar_year": notice.year, "notice_no": notice.notice_no},
        )
