"""The deadlines register: every statutory deadline stored with the rule that set it.

Each part of the service records the deadlines its events start (a notice, an objection, an
approval, a signing, a concession step, a reporting period) and marks them met or cancelled
when the event that answers them happens. "Overdue" is computed when listed, against the
Asia/Shanghai date, never stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.db.tables import deadlines
from fund.domain import Deadline
from fund.service.provisional import computation, is_provisional
from govkit import audit
from govkit.http.auth import Principal
from govkit.platform.due_items import lateness
from govkit.store.paging import dated_cursor, keyset_page
from govkit.store.rows import created_stamp

OPEN, MET, CANCELLED = "open", "met", "cancelled"
# A deadline's own facts and its owners' columns, as audited and shown.
_FACTS = ("kind", "rule_id", "due", "basis_date", "subject", "status", "done_on", "provisional")
_OWNERS = ("application_id", "sub_fund_id", "concession_id")


@dataclass(frozen=True, slots=True)
class Owner:
    """What a deadline belongs to; at least one is set."""

    application_id: uuid.UUID | None = None
    sub_fund_id: uuid.UUID | None = None
    concession_id: uuid.UUID | None = None


async def record(
    session: AsyncSession,
    deadline: Deadline,
    owner: Owner,
    *,
    principal: Principal,
    request_id: str | None,
    now: datetime,
) -> uuid.UUID:
    """Store one computed deadline as open; audited. It is provisional when the published
    calendar cannot compute it (see `fund.service.provisional`)."""
    deadline_id = uuid.uuid4()
    row = {
        "deadline_id": deadline_id,
        "kind": deadline.kind.value,
        "rule_id": deadline.rule_id,
        "due": deadline.due,
        "basis_date": deadline.basis_date,
        "subject": deadline.subject,
        "application_id": owner.application_id,
        "sub_fund_id": owner.sub_fund_id,
        "concession_id": owner.concession_id,
        "status": OPEN,
        "done_on": None,
        "note": None,
        "provisional": is_provisional(deadline),
        "computation": computation(deadline),
        "updated_at": now,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(deadlines).values(**row))
    await audit.append(
        session,
        principal,
        request_id,
        "deadline.recorded",
        "deadline",
        deadline_id,
        None,
        _audit_view(row),
    )
    return deadline_id


async def close(
    session: AsyncSession,
    owner: Owner,
    kinds: tuple[str, ...],
    *,
    status: str,
    on: date,
    principal: Principal,
    request_id: str | None,
    now: datetime,
    note: str | None = None,
    subject: str | None = None,
) -> list[uuid.UUID]:
    """Mark the owner's open deadlines of these kinds (and `subject`, when given) met (done
    `on`) or cancelled; audited."""
    assert status in (MET, CANCELLED)
    cond = [deadlines.c.status == OPEN, deadlines.c.kind.in_(kinds), *_owner_filter(owner)]
    if subject is not None:
        cond.append(deadlines.c.subject == subject)
    rows = (
        await session.execute(
            sa.update(deadlines)
            .where(*cond)
            .values(
                status=status,
                done_on=on if status == MET else None,
                note=note,
                updated_at=now,
            )
            .returning(*deadlines.c)
        )
    ).all()
    for r in rows:
        await audit.append(
            session,
            principal,
            request_id,
            f"deadline.{status}",
            "deadline",
            r.deadline_id,
            {"status": OPEN},
            _audit_view(r._asdict()),
        )
    return [r.deadline_id for r in rows]


def _owner_filter(owner: Owner) -> list[sa.ColumnElement[bool]]:
    out: list[sa.ColumnElement[bool]] = []
    if owner.application_id is not None:
        out.append(deadlines.c.application_id == owner.application_id)
    if owner.sub_fund_id is not None:
        out.append(deadlines.c.sub_fund_id == owner.sub_fund_id)
    if owner.concession_id is not None:
        out.append(deadlines.c.concession_id == owner.concession_id)
    if not out:
        raise ValueError("a deadline owner needs at least one ID")
    return out


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    keys = (*_FACTS, *_OWNERS)
    return {k: (str(row[k]) if row.get(k) is not None else None) for k in keys}


@dataclass(frozen=True, slots=True)
class DeadlineFilter:
    due_before: date | None = None  # exclusive
    overdue: bool | None = None
    status: str | None = None
    application_id: uuid.UUID | None = None
    sub_fund_id: uuid.UUID | None = None
    concession_id: uuid.UUID | None = None
    rule_id: str | None = None
    kind: str | None = None


async def list_deadlines(
    session: AsyncSession,
    f: DeadlineFilter,
    *,
    today: date,
    after: tuple[date, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Deadlines by due date then ID, each with `overdue`, days and working days overdue."""
    cond: list[sa.ColumnElement[bool]] = []
    if f.due_before is not None:
        cond.append(deadlines.c.due < f.due_before)
    if f.status is not None:
        cond.append(deadlines.c.status == f.status)
    if f.overdue is True:
        cond += [deadlines.c.status == OPEN, deadlines.c.due < today]
    elif f.overdue is False:
        cond.append(sa.or_(deadlines.c.status != OPEN, deadlines.c.due >= today))
    for col, value in (
        (deadlines.c.application_id, f.application_id),
        (deadlines.c.sub_fund_id, f.sub_fund_id),
        (deadlines.c.concession_id, f.concession_id),
        (deadlines.c.rule_id, f.rule_id),
        (deadlines.c.kind, f.kind),
    ):
        if value is not None:
            cond.append(col == value)
    return await page_by_due(session, cond, after, limit=limit, today=today, as_view=view)


async def page_by_due(
    session: AsyncSession,
    cond: Sequence[sa.ColumnElement[bool]],
    after: tuple[date, uuid.UUID] | None,
    *,
    limit: int,
    today: date,
    as_view: Callable[[dict[str, Any], date], dict[str, Any]],
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the register in due order, each row as `as_view` shows it, and the next cursor."""
    page, last = await keyset_page(
        session,
        sa.select(deadlines).where(*cond),
        (deadlines.c.due, deadlines.c.deadline_id),
        after,
        limit=limit,
    )
    cursor = None if last is None else dated_cursor("due", last.due, last.deadline_id)
    return [as_view(r._asdict(), today) for r in page], cursor


def view(row: dict[str, Any], today: date) -> dict[str, Any]:
    """The API's view of a deadline row: overdue, and by how many calendar and working days."""
    late = lateness(row["due"], row["status"], today)
    return {
        **{k: row[k] for k in ("deadline_id", *_FACTS, "note", *_OWNERS)},
        "overdue": late.overdue,
        "days_overdue": late.days_overdue,
        "working_days_overdue": late.working_days_overdue,
    }


async def of_owner(session: AsyncSession, owner: Owner, *, today: date) -> list[dict[str, Any]]:
    """Every deadline of one application, sub-fund or concession, by due date."""
    rows = (
        await session.execute(
            sa.select(deadlines)
            .where(*_owner_filter(owner))
            .order_by(deadlines.c.due, deadlines.c.created_at, deadlines.c.deadline_id)
        )
    ).all()
    return [view(r._asdict(), today) for r in rows]


async def open_kinds(session: AsyncSession, owner: Owner) -> dict[str, date]:
    """The owner's open deadlines: kind → due."""
    rows = await session.execute(
        sa.select(deadlines.c.kind, deadlines.c.due).where(
            deadlines.c.status == OPEN, *_owner_filter(owner)
        )
    )
    return {r.kind: r.due for r in rows}
