"""Peacetime use of a works: leases (AD-LEASE-FEE), the parking allocation (AD-PARK-PRIORITY)
and the operating income ledger (AD-INCOME-USE).

The owner (产权人) leases and earns; so leases and ledger entries need a registered works and
are dated on or after its registration. A lease, an allocation or an entry locks the works row
first, so concurrent ones see each other (overlapping leases cannot together exceed the
basement).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.peacetime_schemas import (
    IncomeLedgerEntryCreate,
    ParkingAllocationCreate,
    WorksLeaseCreate,
)
from airdefence.db.tables import leases, ledger_entries, parking_allocations, registrations
from airdefence.domain import (
    FeePayer,
    IncomeSource,
    IncomeUse,
    ParkingRequest,
    PeacetimeUse,
    evaluate_allocation,
    income_use,
    lease_fee_finding,
    require_lease_fee,
)
from airdefence.domain.evaluation import AirDefenceEvaluation
from airdefence.service.works import get_row, invalid, not_in_future
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.platform.decisions import load_decision, store_decision
from govkit.rules import ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import created_stamp, fetch_row, not_found

ZERO = Decimal("0.00")


def require_registered(row: Any, what: str) -> None:
    if row.registered_on is None:
        raise ProblemError(
            CONFLICT,
            f"The works is not registered: it has no owner (产权人) to {what}.",
            status_of_works=row.status,
        )


def require_after_registration(day: date, row: Any, pointer: str) -> None:
    if day < row.registered_on:
        raise invalid(
            pointer, f"{day} precedes the works' registration ({row.registered_on}): no owner yet."
        )


# ---- leases -------------------------------------------------------------------------------------


def _lease_finding(payer: FeePayer, params: ParameterSet, on: date) -> dict[str, Any]:
    ev = AirDefenceEvaluation(params, on)
    return lease_fee_finding(ev, payer).as_dict()


def lease_out(r: Any, params: ParameterSet) -> dict[str, Any]:
    return {
        "lease_id": r.lease_id,
        "works_id": r.works_id,
        "lessor": {"uscc": r.lessor_uscc, "name": r.lessor_name},
        "tenant": {"uscc": r.tenant_uscc, "name": r.tenant_name},
        "leased_area": r.leased_area,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "monthly_rent": r.monthly_rent,
        "property_service_fee_payer": r.property_service_fee_payer,
        "monthly_property_service_fee": r.monthly_property_service_fee,
        "contract_no": r.contract_no,
        "note": r.note,
        "finding": _lease_finding(FeePayer(r.property_service_fee_payer), params, r.starts_on),
        "created_at": r.created_at,
        "created_by": r.created_by,
    }


async def create_lease(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksLeaseCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    request_id: str | None,
) -> uuid.UUID:
    require_lease_fee(body.property_service_fee_payer)
    row = await get_row(session, works_id, lock=True)
    require_registered(row, "lease it")
    require_after_registration(body.starts_on, row, "#/starts_on")
    if body.leased_area > row.basement_floor_area:
        raise invalid(
            "#/leased_area",
            f"The leased area ({body.leased_area} m²) exceeds the basement ({row.basement_floor_area} m²).",
        )
    overlapping = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(leases.c.leased_area), 0)).where(
            leases.c.works_id == works_id,
            leases.c.starts_on <= body.ends_on,
            leases.c.ends_on >= body.starts_on,
        )
    )
    if Decimal(overlapping or 0) + body.leased_area > row.basement_floor_area:
        raise invalid(
            "#/leased_area",
            f"With the leases overlapping {body.starts_on}–{body.ends_on} ({overlapping} m²) "
            f"the leased area would exceed the basement ({row.basement_floor_area} m²).",
        )
    lease_id = uuid.uuid4()
    values = {
        "lease_id": lease_id,
        "works_id": works_id,
        "lessor_uscc": row.owner_uscc,
        "lessor_name": row.owner_name,
        "tenant_uscc": body.tenant.uscc,
        "tenant_name": body.tenant.name,
        "leased_area": body.leased_area,
        "starts_on": body.starts_on,
        "ends_on": body.ends_on,
        "monthly_rent": body.monthly_rent,
        "property_service_fee_payer": body.property_service_fee_payer.value,
        "monthly_property_service_fee": body.monthly_property_service_fee,
        "contract_no": body.contract_no,
        "note": body.note,
        **created_stamp(principal, request_id, datetime.now(UTC)),
    }
    await session.execute(sa.insert(leases).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "works.lease",
        "lease",
        lease_id,
        None,
        jsonable({k: v for k, v in values.items() if k not in ("created_at", "request_id")}),
    )
    return lease_id


async def lease_by_id(
    session: AsyncSession, lease_id: uuid.UUID, params: ParameterSet
) -> dict[str, Any]:
    row = await fetch_row(
        session, leases.c.lease_id, lease_id, not_found("lease", "lease_id", lease_id)
    )
    return lease_out(row, params)


async def leases_of(
    session: AsyncSession, works_id: uuid.UUID, params: ParameterSet
) -> list[dict[str, Any]]:
    await get_row(session, works_id)
    rows = await session.execute(
        sa.select(leases)
        .where(leases.c.works_id == works_id)
        .order_by(leases.c.starts_on, leases.c.seq)
    )
    return [lease_out(r, params) for r in rows]


# ---- parking allocation -------------------------------------------------------------------------


async def allocate(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: ParkingAllocationCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    on = body.allocated_on or today
    not_in_future(on, today, "#/allocated_on")
    row = await get_row(session, works_id, lock=True)
    allocation, decision = evaluate_allocation(
        body.spaces,
        [ParkingRequest(r.ref, r.community_owner) for r in body.requests],
        use=PeacetimeUse(row.peacetime_use),
        community=row.community,
        params=params,
        as_of=on,
        region=row.county,
    )
    decision_id = await store_decision(session, decision, principal, audited=False)
    allocation_id = uuid.uuid4()
    values = {
        "allocation_id": allocation_id,
        "works_id": works_id,
        "allocated_on": on,
        "community": row.community,
        "spaces": body.spaces,
        "requests": [r.model_dump(mode="json") for r in body.requests],
        "served": [p.as_dict() for p in allocation.served],
        "waiting": [p.as_dict() for p in allocation.waiting],
        "summary": allocation.summary(),
        "decision_id": decision_id,
        "note": body.note,
        **created_stamp(principal, request_id, datetime.now(UTC)),
    }
    await session.execute(sa.insert(parking_allocations).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "works.parking_allocation",
        "works",
        works_id,
        None,
        jsonable(
            {
                "allocation_id": allocation_id,
                "allocated_on": on,
                "summary": values["summary"],
                "decision_id": decision_id,
            }
        ),
    )
    return allocation_id


async def allocation_out(session: AsyncSession, r: Any) -> dict[str, Any]:
    decision = await load_decision(session, r.decision_id)
    return {
        "allocation_id": r.allocation_id,
        "works_id": r.works_id,
        "allocated_on": r.allocated_on,
        "community": r.community,
        "summary": r.summary,
        "served": r.served,
        "waiting": r.waiting,
        "decision_id": r.decision_id,
        "findings": [] if decision is None else [f.model_dump() for f in decision.findings],
        "note": r.note,
        "created_at": r.created_at,
        "created_by": r.created_by,
    }


async def allocation_by_id(session: AsyncSession, allocation_id: uuid.UUID) -> dict[str, Any]:
    missing = not_found("parking allocation", "allocation_id", allocation_id)
    row = await fetch_row(session, parking_allocations.c.allocation_id, allocation_id, missing)
    return await allocation_out(session, row)


async def allocations_of(session: AsyncSession, works_id: uuid.UUID) -> list[dict[str, Any]]:
    await get_row(session, works_id)
    rows = await session.execute(
        sa.select(parking_allocations)
        .where(parking_allocations.c.works_id == works_id)
        .order_by(parking_allocations.c.seq)
    )
    return [await allocation_out(session, r) for r in rows]


# ---- income ledger ------------------------------------------------------------------------------


async def owner_on(session: AsyncSession, works_id: uuid.UUID, on: date) -> tuple[str, str]:
    """The registered owner on `on`: the latest registration (first or transfer) by then."""
    r = (
        await session.execute(
            sa.select(registrations.c.owner_uscc, registrations.c.owner_name)
            .where(registrations.c.works_id == works_id, registrations.c.registered_on <= on)
            .order_by(registrations.c.registered_on.desc(), registrations.c.seq.desc())
            .limit(1)
        )
    ).first()
    assert r is not None  # `on` is on or after the first registration
    return r.owner_uscc, r.owner_name


async def record_entry(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: IncomeLedgerEntryCreate,
    *,
    principal: Principal,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    purpose = income_use(body.purpose).value if body.purpose is not None else None
    not_in_future(body.on, today, "#/on")
    row = await get_row(session, works_id, lock=True)
    require_registered(row, "earn or spend operating income")
    require_after_registration(body.on, row, "#/on")
    if body.lease_id is not None:
        lease = (
            await session.execute(
                sa.select(leases.c.works_id).where(leases.c.lease_id == body.lease_id)
            )
        ).first()
        if lease is None or lease.works_id != works_id:
            raise invalid("#/lease_id", f"No lease {body.lease_id} of this works.")
        if body.source is not IncomeSource.LEASE:
            raise invalid("#/source", "Income from a lease has source `lease`.")
    owner_uscc, owner_name = await owner_on(session, works_id, body.on)
    entry_id = uuid.uuid4()
    values = {
        "entry_id": entry_id,
        "works_id": works_id,
        "entry_type": body.entry_type,
        "on": body.on,
        "year": body.on.year,
        "amount": body.amount,
        "source": body.source.value if body.source else None,
        "purpose": purpose,
        "lease_id": body.lease_id,
        "owner_uscc": owner_uscc,
        "owner_name": owner_name,
        "note": body.note,
        **created_stamp(principal, request_id, datetime.now(UTC)),
    }
    await session.execute(sa.insert(ledger_entries).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        f"ledger.{body.entry_type}",
        "ledger_entry",
        entry_id,
        None,
        jsonable({k: v for k, v in values.items() if k not in ("created_at", "request_id")}),
    )
    return entry_id


def entry_out(r: Any) -> dict[str, Any]:
    return {
        **{
            k: getattr(r, k)
            for k in (
                "entry_id",
                "works_id",
                "entry_type",
                "on",
                "year",
                "amount",
                "source",
                "purpose",
                "lease_id",
                "note",
                "created_at",
                "created_by",
            )
        },
        "owner": {"uscc": r.owner_uscc, "name": r.owner_name},
    }


async def entry_by_id(session: AsyncSession, entry_id: uuid.UUID) -> dict[str, Any]:
    missing = not_found("ledger entry", "entry_id", entry_id)
    return entry_out(await fetch_row(session, ledger_entries.c.entry_id, entry_id, missing))


@dataclass(frozen=True, slots=True)
class EntryFilter:
    works_id: uuid.UUID
    year: int | None = None
    entry_type: str | None = None


async def list_entries(
    session: AsyncSession, f: EntryFilter, *, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    await get_row(session, f.works_id)
    cond = [ledger_entries.c.works_id == f.works_id]
    if f.year is not None:
        cond.append(ledger_entries.c.year == f.year)
    if f.entry_type is not None:
        cond.append(ledger_entries.c.entry_type == f.entry_type)
    page, cursor = await seq_page(
        session, sa.select(ledger_entries).where(*cond), ledger_entries.c.seq, after, limit=limit
    )
    return [entry_out(r) for r in page], cursor


async def totals(
    session: AsyncSession,
    *,
    year: int,
    works_id: uuid.UUID | None = None,
    owner_uscc: str | None = None,
) -> dict[str, Any]:
    """A year's income by source and uses by purpose, for one works or pooled over the works
    of one owner (entries count under the owner on their day)."""
    e = ledger_entries.c
    cond = [e.year == year]
    if works_id is not None:
        await get_row(session, works_id)
        cond.append(e.works_id == works_id)
    if owner_uscc is not None:
        cond.append(e.owner_uscc == owner_uscc)
    rows = await session.execute(
        sa.select(e.entry_type, e.source, e.purpose, sa.func.sum(e.amount), sa.func.count())
        .where(*cond)
        .group_by(e.entry_type, e.source, e.purpose)
    )
    by_source = {s.value: ZERO for s in IncomeSource}
    by_purpose = {u.value: ZERO for u in IncomeUse}
    for kind, source, purpose, amount, _ in rows:
        if kind == "income":
            by_source[source] += Decimal(amount)
        else:
            by_purpose[purpose] += Decimal(amount)
    count = await session.scalar(sa.select(sa.func.count(sa.distinct(e.works_id))).where(*cond))
    income, uses = sum(by_source.values(), ZERO), sum(by_purpose.values(), ZERO)
    return {
        "works_id": works_id,
        "owner_uscc": owner_uscc,
        "year": year,
        "works_count": int(count or 0) if works_id is None else 1,
        "income_total": income,
        "income_by_source": by_source,
        "uses_total": uses,
        "uses_by_purpose": by_purpose,
        "balance": f"{income - uses:.2f}",
    }
