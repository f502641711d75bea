"""Market rents, the rent cap, leases (allocations), renewals and exits (二（三）, 五（三）).

A market-rent record belongs to a recognised project and applies to all its units, a unit type
or one type and area; for a unit on a day the most specific record valued on or before the day
applies (then the latest valued). A lease allocates a unit of a recognised project (HOUS-CERT)
to an eligible tenant: it is checked (HOUS-MARKET-RENT, HOUS-RENT-CAP, HOUS-LEASE-TERM) and
stored with its Decision, or refused naming the rules — nothing is stored then. A unit label is
let to one active lease at a time and a unit group no more often than the project has units.
Renewals and exits take If-Match; the lease's end is tracked as a due item.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, RULE_VIOLATION, VALIDATION, ProblemError
from govkit.http.request_id import current_request_id
from govkit.http.versions import parse_if_match, require_version
from govkit.platform.decisions import store_decision
from govkit.rules import Decision, ParameterSet
from govkit.store.paging import newest_first
from govkit.store.rows import created_stamp, fetch_row, first_version, not_found
from govkit.store.steps import not_in_future
from housing.api.record_schemas import (
    HousingExitCreate,
    HousingLeaseCreate,
    HousingMarketRentCreate,
    HousingRenewalCreate,
)
from housing.db.tables import deadlines, lease_renewals, leases, market_rents
from housing.domain import (
    CLAUSES,
    RULES,
    Commissioner,
    LeaseTerms,
    MarketRent,
    RenewalTerms,
    RentBasis,
    RentSource,
    Term,
    check_lease,
    check_renewal,
    decide_exit,
)
from housing.domain.evaluation import HousingEvaluation
from housing.domain.exits import EXIT_ZH
from housing.domain.rent import market_rent_finding, rent_limits
from housing.service import deadlines as dl
from housing.service import projects as projects_svc
from housing.service import supervision
from housing.service import tenants as tenants_svc

PREFIX = "/housing/v1"
L = leases


def _refuse(decision: Decision, zh: str, en: str) -> ProblemError:
    failed = decision.failed_rules
    first = failed[0]
    return ProblemError(
        RULE_VIOLATION,
        en,
        rule_id=first,
        clause=RULES[first].clause,
        failed_rules=failed,
        findings=[jsonable(f.as_dict()) for f in decision.findings if f.outcome.value == "fail"],
        message_zh=zh,
        message_en=en,
    )


def _require_recognised(project: Any, what: str) -> None:
    if project.stage != projects_svc.RECOGNISED:
        raise ProblemError(
            RULE_VIOLATION,
            f"The project has no recognition certificate (stage '{project.stage}'): no {what}.",
            rule_id="HOUS-CERT",
            clause=CLAUSES["HOUS-CERT"],
            stage=project.stage,
            message_zh="项目未取得保障性租赁住房项目认定书，不享受支持政策，不得配租或登记市场租金。",
        )


# ---- market rents --------------------------------------------------------------------------


def _market(row: Any) -> MarketRent:
    return MarketRent(
        row.amount,
        RentBasis(row.basis),
        RentSource(row.source),
        row.valued_on,
        row.appraiser,
        Commissioner(row.commissioned_by) if row.commissioned_by else None,
        row.reference,
    )


def market_rent_view(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "market_rent_id",
            "project_id",
            "unit_type",
            "unit_area",
            "amount",
            "basis",
            "source",
            "valued_on",
            "appraiser",
            "commissioned_by",
            "reference",
            "created_at",
            "created_by",
        )
    }


async def record_market_rent(
    session: AsyncSession,
    project_id: uuid.UUID,
    body: HousingMarketRentCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> dict[str, Any]:
    """HOUS-MARKET-RENT: a record with its source and date; one that lacks them is refused."""
    not_in_future(body.valued_on, today, "#/valued_on")
    project = await projects_svc.get(session, project_id)
    _require_recognised(project, "market rent")
    ev = HousingEvaluation(params, body.valued_on, project.district)
    if not market_rent_finding(ev, body.to_domain(), body.valued_on):
        raise _refuse(
            ev.decision("housing.market_rent"),
            "市场租金来源或日期不符合规定。",
            "The market rent's source or date does not meet HOUS-MARKET-RENT.",
        )
    now = datetime.now(UTC)
    values = {
        "market_rent_id": uuid.uuid4(),
        "project_id": project_id,
        "unit_type": body.unit_type.value if body.unit_type else None,
        "unit_area": body.unit_area,
        "amount": body.amount,
        "basis": body.basis.value,
        "source": body.source.value,
        "valued_on": body.valued_on,
        "appraiser": body.appraiser,
        "commissioned_by": body.commissioned_by.value if body.commissioned_by else None,
        "reference": body.reference,
    }
    await session.execute(
        sa.insert(market_rents).values(
            **values, **created_stamp(principal, current_request_id(), now)
        )
    )
    await audit.append(
        session,
        principal,
        None,
        "market_rent.record",
        "market_rent",
        values["market_rent_id"],
        None,
        values,
    )
    row = (
        await session.execute(
            sa.select(market_rents).where(market_rents.c.market_rent_id == values["market_rent_id"])
        )
    ).one()
    return market_rent_view(row)


async def market_rents_of(session: AsyncSession, project_id: uuid.UUID) -> list[dict[str, Any]]:
    await projects_svc.get(session, project_id)
    rows = await session.execute(
        sa.select(market_rents)
        .where(market_rents.c.project_id == project_id)
        .order_by(market_rents.c.valued_on, market_rents.c.created_at)
    )
    return [market_rent_view(r) for r in rows]


async def market_rent_for(
    session: AsyncSession, project_id: uuid.UUID, unit_type: str, area: Decimal, on: date
) -> Any | None:
    """The most specific record for the unit valued on or before `on`, the latest of those."""
    c = market_rents.c
    rows = (
        await session.execute(
            sa.select(market_rents).where(
                c.project_id == project_id,
                c.valued_on <= on,
                sa.or_(c.unit_type.is_(None), c.unit_type == unit_type),
                sa.or_(c.unit_area.is_(None), c.unit_area == area),
            )
        )
    ).all()
    if not rows:
        return None

    def rank(r: Any) -> tuple[int, date, datetime]:
        specificity = (r.unit_type is not None) + (r.unit_area is not None)
        return specificity, r.valued_on, r.created_at

    return max(rows, key=rank)


def _no_market_rent(unit_type: str, area: Decimal, on: date) -> ProblemError:
    return ProblemError(
        RULE_VIOLATION,
        f"No market rent is recorded for a {unit_type} unit of {area} m² valued on or before {on}.",
        rule_id="HOUS-MARKET-RENT",
        clause=CLAUSES["HOUS-MARKET-RENT"],
        message_zh="该户型未登记评估日在此之前的市场租金，无法确定租金上限。",
    )


async def rent_cap(
    session: AsyncSession,
    project_id: uuid.UUID,
    unit_type: str,
    area: Decimal,
    on: date,
    params: ParameterSet,
) -> dict[str, Any]:
    project = await projects_svc.get(session, project_id)
    record = await market_rent_for(session, project_id, unit_type, area, on)
    if record is None:
        raise _no_market_rent(unit_type, area, on)
    ev = HousingEvaluation(params, on, project.district)
    market = _market(record)
    market_rent_finding(ev, market, on)
    limits = rent_limits(ev, market, area)
    decision = ev.decision("housing.rent_cap")
    return {
        "project_id": project_id,
        "unit_type": unit_type,
        "unit_area": area,
        "on": on,
        "market_rent": limits.market,
        "rent_cap": limits.cap,
        "renewal_floor": limits.renewal_floor,
        "cap_ratio": str(limits.cap_ratio),
        "renewal_floor_ratio": str(limits.floor_ratio),
        "market_rent_record": market_rent_view(record),
        "findings": [f.as_dict() for f in decision.findings],
        "parameters_used": dict(decision.parameters_used),
    }


# ---- leases --------------------------------------------------------------------------------


def _unit_groups(project: Any) -> dict[tuple[str, Decimal], int]:
    groups: dict[tuple[str, Decimal], int] = {}
    for u in project.facts["units"]:
        key = (u["type"], Decimal(str(u["area"])))
        groups[key] = groups.get(key, 0) + int(u["count"])
    return groups


def _lease_audit(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "project_id",
        "application_id",
        "resident_id_masked",
        "unit_label",
        "unit_type",
        "unit_area",
        "starts_on",
        "original_ends_on",
        "ends_on",
        "monthly_rent",
        "market_rent_id",
        "renewals",
        "status",
        "ended_on",
        "end_reason",
        "decision_id",
        "version",
    )
    return {k: row.get(k) for k in keys}


async def _track_end(
    session: AsyncSession, lease: dict[str, Any], unit_label: str, principal: Principal
) -> None:
    await dl.record(
        session,
        kind="lease_end",
        rule_id="HOUS-LEASE-TERM" if not lease["renewals"] else "HOUS-LEASE-RENEWAL",
        subject=f"租赁{unit_label}（{lease['resident_id_masked']}）租期届满",
        due=lease["ends_on"],
        county=lease["county"],
        entity=f"{PREFIX}/leases/{lease['lease_id']}",
        principal=principal,
        project_id=lease["project_id"],
        lease_id=lease["lease_id"],
    )


async def create_lease(
    session: AsyncSession,
    body: HousingLeaseCreate,
    *,
    params: ParameterSet,
    principal: Principal,
) -> uuid.UUID:
    application = await tenants_svc.locked(session, body.application_id)
    if application.status != tenants_svc.ELIGIBLE:
        raise ProblemError(
            CONFLICT,
            f"The application is {application.status}: only an eligible (reviewed) applicant "
            "is allocated a unit.",
            application_id=str(body.application_id),
            current_status=application.status,
        )
    project = await projects_svc.locked(session, body.project_id)
    _require_recognised(project, "allocation")
    unit = body.unit
    groups = _unit_groups(project)
    capacity = groups.get((unit.type.value, unit.area))
    if capacity is None:
        raise ProblemError(
            VALIDATION,
            f"The project has no {unit.type.value} units of {unit.area} m².",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/unit",
                    "detail": "type and area must be one of the project's unit groups",
                    "type": "unknown_unit",
                }
            ],
        )
    let = (
        await session.execute(
            sa.select(sa.func.count()).where(
                L.c.project_id == body.project_id,
                L.c.status == "active",
                L.c.unit_type == unit.type.value,
                L.c.unit_area == unit.area,
            )
        )
    ).scalar_one()
    if let >= capacity:
        raise ProblemError(
            CONFLICT,
            f"All {capacity} {unit.type.value} units of {unit.area} m² are let.",
            capacity=capacity,
        )
    record = await market_rent_for(
        session, body.project_id, unit.type.value, unit.area, body.starts_on
    )
    if record is None:
        raise _no_market_rent(unit.type.value, unit.area, body.starts_on)
    terms = LeaseTerms(
        Term(body.starts_on, body.term_months, body.ends_on), body.monthly_rent, unit.area
    )
    decision = check_lease(terms, _market(record), params, body.starts_on, project.district)
    if decision.failed_rules:
        raise _refuse(
            decision, "租赁不符合规定，未配租。", "The lease breaks the rules: not allocated."
        )
    await store_decision(session, decision, principal)
    now = datetime.now(UTC)
    lease_id = uuid.uuid4()
    values = {
        "lease_id": lease_id,
        "project_id": body.project_id,
        "application_id": body.application_id,
        "resident_id_hash": application.resident_id_hash,
        "resident_id_masked": application.resident_id_masked,
        "county": project.district,
        "unit_label": unit.label,
        "unit_type": unit.type.value,
        "unit_area": unit.area,
        "starts_on": body.starts_on,
        "original_ends_on": terms.term.end,
        "ends_on": terms.term.end,
        "monthly_rent": body.monthly_rent,
        "market_rent_id": record.market_rent_id,
        "renewals": 0,
        "status": "active",
        "decision_id": uuid.UUID(decision.decision_id),
        **first_version(principal, current_request_id(), now),
    }
    try:
        async with session.begin_nested():
            await session.execute(sa.insert(L).values(**values))
    except IntegrityError:
        raise ProblemError(
            CONFLICT, f"Unit {unit.label} of the project is let to an active lease."
        ) from None
    await audit.append(
        session, principal, None, "lease.create", "lease", lease_id, None, _lease_audit(values)
    )
    await tenants_svc.set_status(session, application, tenants_svc.ALLOCATED, "allocate", principal)
    await _track_end(session, values, unit.label, principal)
    return lease_id


async def _lease_row(session: AsyncSession, lease_id: uuid.UUID, *, lock: bool = False) -> Any:
    return await fetch_row(
        session, L.c.lease_id, lease_id, not_found("lease", "lease_id", lease_id), lock=lock
    )


async def _begin(
    session: AsyncSession, lease_id: uuid.UUID, if_match: str | None, what: str
) -> Any:
    expected = parse_if_match(if_match)
    row = await _lease_row(session, lease_id, lock=True)
    require_version("lease", row.version, expected)
    if row.status != "active":
        raise ProblemError(
            RULE_VIOLATION,
            f"The lease ended on {row.ended_on} ({row.end_reason}): no {what}.",
            rule_id="HOUS-TENANT-EXIT",
            clause=CLAUSES["HOUS-TENANT-EXIT"],
            ended_on=str(row.ended_on),
        )
    return row


async def _renewals_of(session: AsyncSession, lease_id: uuid.UUID) -> list[Any]:
    return list(
        await session.execute(
            sa.select(lease_renewals)
            .where(lease_renewals.c.lease_id == lease_id)
            .order_by(lease_renewals.c.seq)
        )
    )


async def renew(
    session: AsyncSession,
    lease_id: uuid.UUID,
    body: HousingRenewalCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> None:
    not_in_future(body.agreed_on, today, "#/agreed_on")
    row = await _begin(session, lease_id, if_match, "renewal")
    starts = row.ends_on + timedelta(days=1)
    record = await market_rent_for(session, row.project_id, row.unit_type, row.unit_area, starts)
    if record is None:
        raise _no_market_rent(row.unit_type, row.unit_area, starts)
    outcome = check_renewal(
        original_end=row.original_ends_on,
        current_end=row.ends_on,
        previous_renewals=row.renewals,
        renewal=RenewalTerms(
            body.term_months, body.ends_on, body.monthly_rent, body.special_reason
        ),
        market=_market(record),
        unit_area=row.unit_area,
        params=params,
        as_of=body.agreed_on,
        region=row.county,
    )
    if outcome.decision.failed_rules:
        raise _refuse(
            outcome.decision, "续租不符合规定。", "The renewal breaks the rules: not renewed."
        )
    await store_decision(session, outcome.decision, principal)
    now = datetime.now(UTC)
    rid = current_request_id()
    renewal = {
        "renewal_id": uuid.uuid4(),
        "lease_id": lease_id,
        "seq": row.renewals + 1,
        "agreed_on": body.agreed_on,
        "starts_on": outcome.starts_on,
        "ends_on": outcome.ends_on,
        "monthly_rent": body.monthly_rent,
        "special_reason": body.special_reason,
        "market_rent_id": record.market_rent_id,
        "decision_id": uuid.UUID(outcome.decision.decision_id),
    }
    await session.execute(
        sa.insert(lease_renewals).values(**renewal, **created_stamp(principal, rid, now))
    )
    changes = {
        "ends_on": outcome.ends_on,
        "monthly_rent": body.monthly_rent,
        "renewals": row.renewals + 1,
        "version": row.version + 1,
        "updated_at": now,
    }
    await session.execute(sa.update(L).where(L.c.lease_id == lease_id).values(**changes))
    after = {**row._asdict(), **changes}
    await audit.append(
        session,
        principal,
        rid,
        "lease.renew",
        "lease",
        lease_id,
        _lease_audit(row._asdict()),
        {**_lease_audit(after), "renewal": renewal},
    )
    await dl.close(
        session,
        [deadlines.c.lease_id == lease_id, deadlines.c.kind == "lease_end"],
        status=dl.MET,
        on=body.agreed_on,
        principal=principal,
        note="renewed",
    )
    await _track_end(session, after, row.unit_label, principal)


async def exit_lease(
    session: AsyncSession,
    lease_id: uuid.UUID,
    body: HousingExitCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> None:
    """HOUS-TENANT-EXIT: the tenancy ends on `on`; a violation is recorded against the tenant."""
    not_in_future(body.on, today)
    row = await _begin(session, lease_id, if_match, "exit")
    outcome = decide_exit(
        body.reason,
        body.on,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        params=params,
        region=row.county,
    )
    await store_decision(session, outcome.decision, principal)
    now = datetime.now(UTC)
    changes = {
        "status": "ended",
        "ended_on": body.on,
        "end_reason": body.reason.value,
        "end_note": body.note or None,
        "version": row.version + 1,
        "updated_at": now,
    }
    await session.execute(sa.update(L).where(L.c.lease_id == lease_id).values(**changes))
    await audit.append(
        session,
        principal,
        None,
        "lease.exit",
        "lease",
        lease_id,
        _lease_audit(row._asdict()),
        {
            **_lease_audit({**row._asdict(), **changes}),
            "exit_decision_id": outcome.decision.decision_id,
        },
    )
    await dl.close(
        session,
        [deadlines.c.lease_id == lease_id, deadlines.c.kind == "lease_end"],
        status=dl.MET,
        on=body.on,
        principal=principal,
        note=body.reason.value,
    )
    application = await tenants_svc.locked(session, row.application_id)
    await tenants_svc.set_status(session, application, tenants_svc.EXITED, "exit", principal)
    if outcome.violation:
        await supervision.record_tenant_violation(
            session,
            resident_hash=row.resident_id_hash,
            resident_masked=row.resident_id_masked,
            occurred_on=body.on,
            description=f"{EXIT_ZH[body.reason]}" + (f"：{body.note}" if body.note else ""),
            project_id=row.project_id,
            lease_id=lease_id,
            county=row.county,
            params=params,
            principal=principal,
        )


# ---- views ---------------------------------------------------------------------------------


async def lease_out(session: AsyncSession, lease_id: uuid.UUID) -> dict[str, Any]:
    row = await _lease_row(session, lease_id)
    renewals = await _renewals_of(session, lease_id)
    return {
        "lease_id": row.lease_id,
        "project_id": row.project_id,
        "application_id": row.application_id,
        "resident_id_masked": row.resident_id_masked,
        "county": row.county,
        "unit": {"label": row.unit_label, "type": row.unit_type, "area": row.unit_area},
        "starts_on": row.starts_on,
        "original_ends_on": row.original_ends_on,
        "ends_on": row.ends_on,
        "monthly_rent": row.monthly_rent,
        "market_rent_id": row.market_rent_id,
        "renewals": [{k: getattr(r, k) for k in _RENEWAL_FIELDS} for r in renewals],
        "status": row.status,
        "ended_on": row.ended_on,
        "end_reason": row.end_reason,
        "end_note": row.end_note,
        "decision_id": row.decision_id,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


_RENEWAL_FIELDS = (
    "renewal_id",
    "seq",
    "agreed_on",
    "starts_on",
    "ends_on",
    "monthly_rent",
    "special_reason",
    "market_rent_id",
    "decision_id",
)


def summary(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "lease_id",
            "project_id",
            "application_id",
            "resident_id_masked",
            "unit_label",
            "starts_on",
            "ends_on",
            "monthly_rent",
            "status",
            "end_reason",
            "created_at",
        )
    }


async def list_leases(
    session: AsyncSession,
    *,
    project_id: uuid.UUID | None,
    status: str | None,
    county: str | None,
    ends_before: date | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    if project_id is not None:
        cond.append(L.c.project_id == project_id)
    if status is not None:
        cond.append(L.c.status == status)
    if county is not None:
        cond.append(L.c.county == county)
    if ends_before is not None:
        cond.append(L.c.ends_on < ends_before)
    rows, cursor = await newest_first(session, L, cond, after, limit=limit)
    return [summary(r) for r in rows], cursor


async def of_person(
    session: AsyncSession, resident_hash: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A person's leases, and the exits among them."""
    rows = list(
        await session.execute(
            sa.select(L).where(L.c.resident_id_hash == resident_hash).order_by(L.c.starts_on)
        )
    )
    exits = [
        {
            "lease_id": r.lease_id,
            "project_id": r.project_id,
            "unit_label": r.unit_label,
            "reason": r.end_reason,
            "on": r.ended_on,
            "note": r.end_note,
        }
        for r in rows
        if r.status == "ended"
    ]
    return [summary(r) for r in rows], exits
