"""The works register: record a works, change its facts, record its completion acceptance.

Each write locks the works row (changes compare `If-Match` with its version first), evaluates
the ownership rules on the facts it would leave, and appends to the audit log with the row
before and after. `ownership` and `registration_subject` are stored as the rules give them, so
the register can be listed by them; `registrable_now` is evaluated when read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.works_schemas import WorksCreate, WorksUpdate
from airdefence.db.tables import handovers, registrations, works
from airdefence.domain import (
    BuilderCategory,
    LandKind,
    OwnershipFacts,
    PeacetimeUse,
    evaluate_ownership,
    require_consistent,
    require_parking_areas,
)
from airdefence.domain.errors import AirDefenceDomainError
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, VALIDATION, ProblemError
from govkit.http.versions import parse_if_match, require_version
from govkit.rules import ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import fetch_row, first_version, name_contains, not_found

# Facts the ownership rules read: fixed once a handover or registration is recorded.
OWNERSHIP_FACTS = (
    "land",
    "jiejian",
    "builder_uscc",
    "builder_name",
    "builder_category",
    "in_enclosed_area",
)
# Everything the register records about a works, as audited.
FACTS = (
    "name",
    "project_name",
    "county",
    *OWNERSHIP_FACTS,
    "land_supply_plan_states_state_ownership",
    "community",
    "basement_floor_area",
    "net_parking_area",
    "public_spaces_in_air_defence_area",
    "peacetime_use",
    "zones",
    "quality",
)
STATE = (
    "accepted_on",
    "acceptance_certificate",
    "handed_over_on",
    "registered_on",
    "registration_certificate",
    "owner_uscc",
    "owner_name",
    "status",
    "ownership",
    "registration_subject",
    "version",
)


def invalid(pointer: str, detail: str) -> ProblemError:
    return ProblemError(
        VALIDATION,
        detail,
        errors=[{"in": "body", "pointer": pointer, "detail": detail, "type": "value_error"}],
    )


def not_in_future(day: date, today: date, pointer: str) -> None:
    if day > today:
        raise invalid(
            pointer, f"{day} is after today ({today}, Asia/Shanghai): record it once it happened."
        )


def status_of(
    accepted_on: date | None, handed_over_on: date | None, registered_on: date | None
) -> str:
    if registered_on is not None:
        return "registered"
    if accepted_on is None:
        return "under_construction"
    return "handed_over" if handed_over_on is not None else "accepted"


def ownership_facts(row: dict[str, Any]) -> OwnershipFacts:
    return OwnershipFacts(
        land=LandKind(row["land"]),
        jiejian=row["jiejian"],
        land_supply_plan_states_state_ownership=row["land_supply_plan_states_state_ownership"],
        builder_category=BuilderCategory(row["builder_category"]),
        in_enclosed_area=row["in_enclosed_area"],
        accepted_on=row["accepted_on"],
        handed_over_on=row["handed_over_on"],
    )


def _derived(row: dict[str, Any], params: ParameterSet, today: date) -> dict[str, Any]:
    """The columns the rules derive from the facts: ownership, subject, status."""
    result, _ = evaluate_ownership(ownership_facts(row), params, today, row["county"])
    return {
        "ownership": result.ownership.value,
        "registration_subject": result.subject.value if result.subject else None,
        "status": status_of(row["accepted_on"], row["handed_over_on"], row["registered_on"]),
    }


def _check_facts(row: dict[str, Any]) -> None:
    """The facts must make sense together: land and builder, areas, zones within the basement."""
    require_consistent(
        LandKind(row["land"]), BuilderCategory(row["builder_category"]), "#/builder/category"
    )
    require_parking_areas(
        row["basement_floor_area"], row["net_parking_area"], PeacetimeUse(row["peacetime_use"])
    )
    zoned = sum((Decimal(z["floor_area"]) for z in row["zones"]), start=Decimal("0.00"))
    if zoned > row["basement_floor_area"]:
        raise AirDefenceDomainError(
            None,
            f"人防独立区域面积合计{zoned}平方米，超过防空地下室建筑面积{row['basement_floor_area']}平方米。",
            f"The zones total {zoned} m², more than the basement's {row['basement_floor_area']} m².",
            pointer="#/zones",
        )


def _zones_json(zones: list[Any]) -> list[dict[str, Any]]:
    return [z.model_dump(mode="json") for z in zones]


def _facts_of(body: WorksCreate | WorksUpdate, fields: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(body, f)
        if f == "builder":
            out.update(
                builder_uscc=value.uscc,
                builder_name=value.name,
                builder_category=value.category.value,
            )
        elif f == "zones":
            out["zones"] = _zones_json(value)
        elif f == "quality":
            out["quality"] = None if value is None else value.model_dump(mode="json")
        elif hasattr(value, "value"):
            out[f] = value.value
        else:
            out[f] = value
    return out


def audit_view(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in (*FACTS, *STATE)}


async def get_row(session: AsyncSession, works_id: uuid.UUID, *, lock: bool = False) -> Any:
    missing = not_found("works", "works_id", works_id)
    return await fetch_row(session, works.c.works_id, works_id, missing, lock=lock)


async def locked_at_version(
    session: AsyncSession, works_id: uuid.UUID, if_match: str | None
) -> dict[str, Any]:
    """The works row, locked, after `If-Match` named its current version (428/412 otherwise)."""
    expected = parse_if_match(if_match)
    row = await get_row(session, works_id, lock=True)
    require_version("works", row.version, expected)
    return dict(row._asdict())


async def save(
    session: AsyncSession,
    before: dict[str, Any],
    changes: dict[str, Any],
    *,
    action: str,
    principal: Principal,
    request_id: str | None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Write `changes` to the locked row as its next version; audited. The new version."""
    now = datetime.now(UTC)
    values = {**changes, "version": before["version"] + 1, "updated_at": now}
    await session.execute(
        sa.update(works).where(works.c.works_id == before["works_id"]).values(**values)
    )
    after = {**before, **values}
    await audit.append(
        session,
        principal,
        request_id,
        action,
        "works",
        before["works_id"],
        jsonable(audit_view(before)),
        jsonable({**audit_view(after), **(detail or {})}),
    )
    return int(values["version"])


# ---- use cases ----------------------------------------------------------------------------------


async def create(
    session: AsyncSession,
    body: WorksCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    facts = _facts_of(body, set(WorksCreate.model_fields) - {"acceptance"})
    accepted_on = body.acceptance.accepted_on if body.acceptance else None
    if accepted_on is not None:
        not_in_future(accepted_on, today, "#/acceptance/accepted_on")
    row: dict[str, Any] = {
        **facts,
        "accepted_on": accepted_on,
        "acceptance_certificate": body.acceptance.certificate_no if body.acceptance else None,
        "handed_over_on": None,
        "registered_on": None,
        "registration_certificate": None,
        "owner_uscc": None,
        "owner_name": None,
    }
    _check_facts(row)
    works_id = uuid.uuid4()
    now = datetime.now(UTC)
    values = {
        "works_id": works_id,
        **row,
        **_derived(row, params, today),
        **first_version(principal, request_id, now),
    }
    await session.execute(sa.insert(works).values(**values))
    await audit.append(
        session,
        principal,
        request_id,
        "works.create",
        "works",
        works_id,
        None,
        jsonable(audit_view(values)),
    )
    return works_id


async def update(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksUpdate,
    *,
    if_match: str | None,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> int:
    before = await locked_at_version(session, works_id, if_match)
    changes = _facts_of(body, set(body.model_fields_set))
    fixed = [f for f in OWNERSHIP_FACTS if f in changes and changes[f] != before[f]]
    if fixed and (before["handed_over_on"] is not None or before["registered_on"] is not None):
        raise ProblemError(
            CONFLICT,
            "The land, builder and enclosed-area facts are fixed once a handover or registration "
            f"is recorded: {', '.join(fixed)} cannot change.",
            fields=fixed,
        )
    merged = {**before, **changes}
    _check_facts(merged)
    derived = _derived(merged, params, today)
    return await save(
        session,
        before,
        {**changes, **derived},
        action="works.update",
        principal=principal,
        request_id=request_id,
    )


async def record_acceptance(
    session: AsyncSession,
    works_id: uuid.UUID,
    *,
    accepted_on: date,
    certificate_no: str,
    if_match: str | None,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> int:
    not_in_future(accepted_on, today, "#/accepted_on")
    before = await locked_at_version(session, works_id, if_match)
    if before["accepted_on"] is not None:
        raise ProblemError(
            CONFLICT,
            f"Completion acceptance is recorded already ({before['accepted_on']}).",
            accepted_on=str(before["accepted_on"]),
        )
    changes = {"accepted_on": accepted_on, "acceptance_certificate": certificate_no}
    derived = _derived({**before, **changes}, params, today)
    return await save(
        session,
        before,
        {**changes, **derived},
        action="works.acceptance",
        principal=principal,
        request_id=request_id,
    )


# ---- reading ------------------------------------------------------------------------------------


def _party(uscc: str | None, name: str | None) -> dict[str, str] | None:
    return None if uscc is None or name is None else {"uscc": uscc, "name": name}


def handover_out(h: Any) -> dict[str, Any]:
    return {
        "handover_id": h.handover_id,
        "handed_over_on": h.handed_over_on,
        "builder": {"uscc": h.from_uscc, "name": h.from_name},
        "receiver": {"uscc": h.to_uscc, "name": h.to_name},
        "designation_document": h.designation_document,
        "free_of_charge": h.free_of_charge,
        "note": h.note,
        "created_at": h.created_at,
        "created_by": h.created_by,
    }


def registration_out(r: Any) -> dict[str, Any]:
    return {
        "registration_id": r.registration_id,
        "works_id": r.works_id,
        "kind": r.kind,
        "registered_on": r.registered_on,
        "certificate_no": r.certificate_no,
        "owner": {"uscc": r.owner_uscc, "name": r.owner_name},
        "subject": r.subject,
        "basis": r.basis,
        "decision_id": r.decision_id,
        "created_at": r.created_at,
        "created_by": r.created_by,
    }


async def handover_of(session: AsyncSession, works_id: uuid.UUID) -> Any:
    return (
        await session.execute(sa.select(handovers).where(handovers.c.works_id == works_id))
    ).first()


async def registrations_of(session: AsyncSession, works_id: uuid.UUID) -> list[Any]:
    q = (
        sa.select(registrations)
        .where(registrations.c.works_id == works_id)
        .order_by(registrations.c.seq)
    )
    return list((await session.execute(q)).all())


def responsible(row: Any, handover: Any) -> dict[str, str]:
    """Who keeps the works now: the registered owner, else the enterprise it was handed over
    to, else the builder."""
    if row.owner_uscc is not None:
        return {"uscc": row.owner_uscc, "name": row.owner_name}
    if handover is not None:
        return {"uscc": handover.to_uscc, "name": handover.to_name}
    return {"uscc": row.builder_uscc, "name": row.builder_name}


async def works_out(
    session: AsyncSession, works_id: uuid.UUID, *, params: ParameterSet, on: date
) -> dict[str, Any]:
    row = await get_row(session, works_id)
    handover = await handover_of(session, works_id)
    regs = await registrations_of(session, works_id)
    result, _ = evaluate_ownership(ownership_facts(row._asdict()), params, on, row.county)
    return {
        **{k: getattr(row, k) for k in ("works_id", *FACTS) if not k.startswith("builder_")},
        "builder": {
            "uscc": row.builder_uscc,
            "name": row.builder_name,
            "category": row.builder_category,
        },
        "acceptance": None
        if row.accepted_on is None
        else {"accepted_on": row.accepted_on, "certificate_no": row.acceptance_certificate},
        "handover": None if handover is None else handover_out(handover),
        "registration": registration_out(regs[-1]) if regs else None,
        "owner": _party(row.owner_uscc, row.owner_name),
        "responsible": responsible(row, handover),
        "status": row.status,
        "ownership": {
            "ownership": result.ownership.value,
            "registration_subject": result.subject.value if result.subject else None,
            "registrable_now": result.registrable_now and row.registered_on is None,
            "handover_required": result.handover_required,
        },
        "version": row.version,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "updated_at": row.updated_at,
    }


@dataclass(frozen=True, slots=True)
class WorksFilter:
    county: str | None = None
    owner: str | None = None
    builder: str | None = None
    use: str | None = None
    status: str | None = None
    ownership: str | None = None
    name: str | None = None
    community: str | None = None


def summary(row: Any) -> dict[str, Any]:
    return {
        "works_id": row.works_id,
        "name": row.name,
        "project_name": row.project_name,
        "county": row.county,
        "builder": {
            "uscc": row.builder_uscc,
            "name": row.builder_name,
            "category": row.builder_category,
        },
        "owner": _party(row.owner_uscc, row.owner_name),
        "peacetime_use": row.peacetime_use,
        "basement_floor_area": row.basement_floor_area,
        "status": row.status,
        "ownership": row.ownership,
        "registration_subject": row.registration_subject,
        "version": row.version,
    }


async def list_works(
    session: AsyncSession, f: WorksFilter, *, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (works.c.county, f.county),
        (works.c.owner_uscc, f.owner),
        (works.c.builder_uscc, f.builder),
        (works.c.peacetime_use, f.use),
        (works.c.status, f.status),
        (works.c.ownership, f.ownership),
    ):
        if value is not None:
            cond.append(column == value)
    if f.name:
        cond.append(name_contains(works.c.name, f.name))
    if f.community:
        cond.append(name_contains(works.c.community, f.community))
    page, cursor = await seq_page(
        session, sa.select(works).where(*cond), works.c.seq, after, limit=limit
    )
    return [summary(r) for r in page], cursor


async def works_of_party(session: AsyncSession, uscc: str, *, limit: int) -> dict[str, Any]:
    """The works `uscc` built and those registered to it now, each list in recording order."""
    out: dict[str, Any] = {"uscc": uscc, "name": None, "counts": {}, "truncated": False}
    for key, column in (("as_builder", works.c.builder_uscc), ("as_owner", works.c.owner_uscc)):
        rows = (
            await session.execute(
                sa.select(works).where(column == uscc).order_by(works.c.seq).limit(limit)
            )
        ).all()
        total = await session.scalar(sa.select(sa.func.count()).where(column == uscc))
        out[key] = [summary(r) for r in rows]
        out["counts"][key] = int(total or 0)
        out["truncated"] = out["truncated"] or int(total or 0) > limit
        if rows and out["name"] is None:
            out["name"] = rows[0].builder_name if key == "as_builder" else rows[0].owner_name
    return out
