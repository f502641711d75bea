"""The deadlines register: the joint review's periods (where the county sets them) and every
lease's end, each stored with the rule that sets it; listed as due items.

A review period is counted in working days from the submission (CAL-WD-AFTER on the shared
calendar); it is met when the opinion (or the certificate) comes, cancelled when the review
ends otherwise. A lease's end is open while the lease runs: met when the tenant leaves or the
lease is renewed (a new end is then tracked), so an open end in the past is a tenant staying
beyond the term. "Overdue" is computed when listed, never stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id
from govkit.platform.due_items import lateness
from govkit.store.paging import dated_cursor, keyset_page
from govkit.store.rows import created_stamp
from housing.db.tables import deadlines

OPEN, MET, CANCELLED = "open", "met", "cancelled"
SERVICE = "housing"
_VIEW = ("kind", "rule_id", "subject", "due", "status", "done_on", "county", "department")


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    keys = (*_VIEW, "project_id", "lease_id")
    return {k: (str(row[k]) if row.get(k) is not None else None) for k in keys}


async def record(
    session: AsyncSession,
    *,
    kind: str,
    rule_id: str,
    subject: str,
    due: date,
    county: str | None,
    entity: str,
    principal: Principal,
    project_id: uuid.UUID | None = None,
    lease_id: uuid.UUID | None = None,
    department: str | None = None,
) -> uuid.UUID:
    """Store one deadline as open; audited."""
    now = datetime.now(UTC)
    rid = current_request_id()
    row = {
        "deadline_id": uuid.uuid4(),
        "kind": kind,
        "rule_id": rule_id,
        "subject": subject,
        "due": due,
        "status": OPEN,
        "done_on": None,
        "county": county,
        "entity": entity,
        "project_id": project_id,
        "lease_id": lease_id,
        "department": department,
        "note": None,
        "updated_at": now,
        **created_stamp(principal, rid, now),
    }
    await session.execute(sa.insert(deadlines).values(**row))
    await audit.append(
        session,
        principal,
        rid,
        "deadline.recorded",
        "deadline",
        row["deadline_id"],
        None,
        _audit_view(row),
    )
    return uuid.UUID(str(row["deadline_id"]))


async def close(
    session: AsyncSession,
    cond: Sequence[sa.ColumnElement[bool]],
    *,
    status: str,
    on: date,
    principal: Principal,
    note: str | None = None,
) -> int:
    """Mark the open deadlines meeting `cond` met (done `on`) or cancelled; audited."""
    assert status in (MET, CANCELLED)
    rows = (
        await session.execute(
            sa.update(deadlines)
            .where(deadlines.c.status == OPEN, *cond)
            .values(
                status=status,
                done_on=on if status == MET else None,
                note=note,
                updated_at=datetime.now(UTC),
            )
            .returning(*deadlines.c)
        )
    ).all()
    for r in rows:
        await audit.append(
            session,
            principal,
            current_request_id(),
            f"deadline.{status}",
            "deadline",
            r.deadline_id,
            {"status": OPEN},
            _audit_view(r._asdict()),
        )
    return len(rows)


def ref_view(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in ("deadline_id", *_VIEW[:-2], "department")}


async def of_project(session: AsyncSession, project_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        sa.select(deadlines)
        .where(deadlines.c.project_id == project_id)
        .order_by(deadlines.c.due, deadlines.c.deadline_id)
    )
    return [ref_view(r) for r in rows]


@dataclass(frozen=True, slots=True)
class DueFilter:
    status: str | None = None
    due_before: date | None = None  # exclusive
    overdue: bool | None = None
    county: str | None = None


def due_item(row: Any, today: date) -> dict[str, Any]:
    """A deadline as `govkit.platform.due_items.DueItemOut`."""
    late = lateness(row.due, row.status, today)
    return {
        "service": SERVICE,
        "item_id": str(row.deadline_id),
        "kind": row.kind,
        "rule_id": row.rule_id,
        "subject": row.subject,
        "due": row.due,
        "status": row.status,
        "done_on": row.done_on,
        "county": row.county,
        "entity": row.entity,
        "overdue": late.overdue,
        "days_overdue": late.days_overdue,
        "working_days_overdue": late.working_days_overdue,
    }


async def list_due_items(
    session: AsyncSession,
    f: DueFilter,
    *,
    today: date,
    after: tuple[date, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Due items by due date then ID, each with how late it is on `today`."""
    c = deadlines.c
    cond: list[sa.ColumnElement[bool]] = []
    if f.status is not None:
        cond.append(c.status == f.status)
    if f.due_before is not None:
        cond.append(c.due < f.due_before)
    if f.county is not None:
        cond.append(c.county == f.county)
    if f.overdue is True:
        cond += [c.status == OPEN, c.due < today]
    elif f.overdue is False:
        cond.append(sa.or_(c.status != OPEN, c.due >= today))
    page, last = await keyset_page(
        session, sa.select(deadlines).where(*cond), (c.due, c.deadline_id), after, limit=limit
    )
    cursor = None if last is None else dated_cursor("due", last.due, last.deadline_id)
    return [due_item(r, today) for r in page], cursor
