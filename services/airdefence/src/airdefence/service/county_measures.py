"""The counties' measures register (AD-COUNTY-MEASURES): which counties and functional zones
have issued their measures for state-owned works, when, and who is overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.duty_schemas import (
    AirDefenceCountyMeasuresAreaCreate,
    AirDefenceCountyMeasuresIssuance,
)
from airdefence.db.tables import county_measures
from airdefence.domain import RULES
from airdefence.domain import parameters as p
from airdefence.service.works import invalid, not_in_future
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, NOT_FOUND, ProblemError
from govkit.http.versions import parse_if_match, require_version
from govkit.platform.due_items import lateness
from govkit.rules import ParameterSet
from govkit.store.rows import first_version

RULE = "AD-COUNTY-MEASURES"


def view(r: Any, today: date) -> dict[str, Any]:
    status = "met" if r.issued_on is not None else "open"
    late = lateness(r.due, status, today)
    return {
        "area_code": r.area_code,
        "name": r.name,
        "kind": r.kind,
        "due": r.due,
        "issued_on": r.issued_on,
        "document_no": r.document_no,
        "title": r.title,
        "status": status,
        "issued_late_days": max(0, (r.issued_on - r.due).days) if r.issued_on else 0,
        "overdue": late.overdue,
        "days_overdue": late.days_overdue,
        "working_days_overdue": late.working_days_overdue,
        "version": r.version,
    }


def _missing(area_code: str) -> ProblemError:
    return ProblemError(
        NOT_FOUND, f"No county or functional zone {area_code} is tracked.", area_code=area_code
    )


async def one(session: AsyncSession, area_code: str, today: date) -> dict[str, Any]:
    r = (
        await session.execute(
            sa.select(county_measures).where(county_measures.c.area_code == area_code)
        )
    ).first()
    if r is None:
        raise _missing(area_code)
    return view(r, today)


async def listing(
    session: AsyncSession,
    *,
    today: date,
    kind: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
) -> dict[str, Any]:
    q = sa.select(county_measures).order_by(county_measures.c.area_code)
    if kind is not None:
        q = q.where(county_measures.c.kind == kind)
    items = [view(r, today) for r in await session.execute(q)]
    counts = {
        "issued": sum(1 for i in items if i["status"] == "met"),
        "not_issued": sum(1 for i in items if i["status"] == "open"),
        "overdue": sum(1 for i in items if i["overdue"]),
    }
    if status is not None:
        items = [i for i in items if i["status"] == status]
    if overdue is not None:
        items = [i for i in items if i["overdue"] is overdue]
    return {"on": today, "rule_id": RULE, "clause": RULES[RULE].clause, **counts, "items": items}


async def add_area(
    session: AsyncSession,
    body: AirDefenceCountyMeasuresAreaCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> None:
    exists = await session.scalar(
        sa.select(county_measures.c.area_code).where(county_measures.c.area_code == body.area_code)
    )
    if exists is not None:
        raise ProblemError(
            CONFLICT, f"{body.area_code} is tracked already.", area_code=body.area_code
        )
    due = params.get(p.COUNTY_MEASURES_DUE, today, body.area_code)
    values = {
        "area_code": body.area_code,
        "name": body.name,
        "kind": body.kind.value,
        "due": due,
        "issued_on": None,
        "document_no": None,
        "title": None,
        **first_version(principal, request_id, datetime.now(UTC)),
    }
    await session.execute(sa.insert(county_measures).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "county_measures.track",
        "county_measures",
        body.area_code,
        None,
        jsonable({k: values[k] for k in ("area_code", "name", "kind", "due")}),
    )


async def record_issuance(
    session: AsyncSession,
    area_code: str,
    body: AirDefenceCountyMeasuresIssuance,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
    request_id: str | None,
) -> None:
    not_in_future(body.issued_on, today, "#/issued_on")
    expected = parse_if_match(if_match)
    r = (
        await session.execute(
            sa.select(county_measures)
            .where(county_measures.c.area_code == area_code)
            .with_for_update()
        )
    ).first()
    if r is None:
        raise _missing(area_code)
    require_version("county measures", r.version, expected)
    if body.issued_on.year < 2021:
        raise invalid("#/issued_on", "The measures answer a notice of 2021-11-11: not before it.")
    changes = {
        "issued_on": body.issued_on,
        "document_no": body.document_no,
        "title": body.title,
        "version": r.version + 1,
        "updated_at": datetime.now(UTC),
    }
    await session.execute(
        sa.update(county_measures).where(county_measures.c.area_code == area_code).values(**changes)
    )
    await audit.append(
        session,
        principal,
        request_id,
        "county_measures.issued",
        "county_measures",
        area_code,
        jsonable({k: getattr(r, k) for k in ("issued_on", "document_no", "title")}),
        jsonable({k: changes[k] for k in ("issued_on", "document_no", "title")}),
    )
