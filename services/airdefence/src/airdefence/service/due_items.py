"""`GET /airdefence/v1/due-items`: the duties (AD-DUTIES) and the counties' measures
(AD-COUNTY-MEASURES) in the one shape every service's deadlines take
(`govkit.platform.due_items.DueItemOut`), sorted by due day then item ID, paged by both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.db.tables import county_measures, duties, works
from airdefence.domain import DUTY_ZH
from govkit.http.pagination import encode_cursor, read_cursor
from govkit.platform.due_items import lateness
from govkit.store.paging import keyset_page

PREFIX = "/airdefence/v1"
_KIND_ZH = {k.value: v for k, v in DUTY_ZH.items()}


@dataclass(frozen=True, slots=True)
class DueFilter:
    status: str | None = None
    due_before: date | None = None  # exclusive
    overdue: bool | None = None
    county: str | None = None


def _sources() -> sa.Subquery:
    measures_status = sa.case((county_measures.c.issued_on.is_(None), "open"), else_="met")
    duty_items = sa.select(
        duties.c.due.label("due"),
        sa.cast(duties.c.duty_id, sa.String).label("item_id"),
        duties.c.kind.label("kind"),
        sa.literal("AD-DUTIES").label("rule_id"),
        works.c.name.label("works_name"),
        duties.c.n.label("n"),
        duties.c.status.label("status"),
        duties.c.done_on.label("done_on"),
        duties.c.county.label("county"),
        sa.cast(duties.c.works_id, sa.String).label("ref"),
    ).join(works, works.c.works_id == duties.c.works_id)
    measure_items = sa.select(
        county_measures.c.due.label("due"),
        sa.func.concat("county-measures-", county_measures.c.area_code).label("item_id"),
        sa.literal("county_measures").label("kind"),
        sa.literal("AD-COUNTY-MEASURES").label("rule_id"),
        county_measures.c.name.label("works_name"),
        sa.literal(0).label("n"),
        measures_status.label("status"),
        county_measures.c.issued_on.label("done_on"),
        county_measures.c.area_code.label("county"),
        county_measures.c.area_code.label("ref"),
    )
    return sa.union_all(duty_items, measure_items).subquery("due_items")


def _item(r: Any, today: date) -> dict[str, Any]:
    late = lateness(r.due, r.status, today)
    if r.rule_id == "AD-DUTIES":
        subject = f"{r.works_name}：{_KIND_ZH[r.kind]}（第{r.n}次）"
        entity = f"{PREFIX}/duties/{r.item_id}"
    else:
        subject = f"{r.works_name}制定国有人民防空工程资产平时使用管理办法"
        entity = f"{PREFIX}/county-measures/{r.ref}"
    return {
        "service": "airdefence",
        "item_id": r.item_id,
        "kind": r.kind,
        "rule_id": r.rule_id,
        "subject": subject,
        "due": r.due,
        "status": r.status,
        "done_on": r.done_on,
        "county": r.county,
        "entity": entity,
        "overdue": late.overdue,
        "days_overdue": late.days_overdue,
        "working_days_overdue": late.working_days_overdue,
    }


def _after(cursor: str | None) -> tuple[date, str] | None:
    def parse(position: dict[str, Any]) -> tuple[date, str]:
        item = position["id"]
        if not isinstance(item, str) or len(item) > 60:
            raise ValueError("not an item ID")
        return date.fromisoformat(position["due"]), item

    return read_cursor(cursor, parse)


async def due_items(
    session: AsyncSession, f: DueFilter, *, today: date, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    src = _sources()
    cond: list[sa.ColumnElement[bool]] = []
    if f.status is not None:
        cond.append(src.c.status == f.status)
    if f.due_before is not None:
        cond.append(src.c.due < f.due_before)
    if f.county is not None:
        cond.append(src.c.county == f.county)
    if f.overdue is True:
        cond += [src.c.status == "open", src.c.due < today]
    elif f.overdue is False:
        cond.append(sa.or_(src.c.status != "open", src.c.due >= today))
    page, last = await keyset_page(
        session,
        sa.select(src).where(*cond),
        (src.c.due, src.c.item_id.collate("C")),  # byte order: the same on every server
        _after(cursor),
        limit=limit,
    )
    next_cursor = (
        None if last is None else encode_cursor({"due": last.due.isoformat(), "id": last.item_id})
    )
    return [_item(r, today) for r in page], next_cursor
