"""Tenant applications: stored with their check, re-checked on review, allocated by a lease,
ended by an exit.

The resident ID is validated by the schema and kept only as a keyed hash (for look-ups) and a
masked form; the facts stored (and audited) carry no resident ID. A person has at most one live
application (submitted, eligible, ineligible or allocated) — a second is a 409 naming the first.
Statuses: submitted → (review) eligible | ineligible → (lease) allocated → (exit) exited;
submitted, eligible or ineligible → withdrawn. Facts may be corrected until allocation; the
application is then checked again and waits for review.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.http.request_id import current_request_id
from govkit.http.versions import parse_if_match, require_version
from govkit.identity import resident_key
from govkit.ids import lookup_hash
from govkit.platform.decisions import load_decision, store_decision
from govkit.rules import Decision, ParameterSet
from govkit.store.paging import newest_first
from govkit.store.rows import fetch_row, first_version, name_contains, not_found
from govkit.store.steps import not_in_future
from housing.api.check_schemas import HousingTenantFactsIn
from housing.api.record_schemas import HousingTenantApplicationCreate
from housing.db.tables import leases, tenant_applications
from housing.domain import check_tenant
from housing.domain.policy import law_date
from housing.service.reference import load_registry, require_district

SUBMITTED, ELIGIBLE, INELIGIBLE = "submitted", "eligible", "ineligible"
ALLOCATED, EXITED, WITHDRAWN = "allocated", "exited", "withdrawn"
EDITABLE = frozenset({SUBMITTED, ELIGIBLE, INELIGIBLE})
T = tenant_applications


def _facts(body: HousingTenantFactsIn) -> dict[str, Any]:
    return body.model_dump(mode="json", include=set(HousingTenantFactsIn.model_fields))


_AUDITED = (
    "resident_id_masked",
    "work_district",
    "employer_name",
    "status",
    "check_decision_id",
    "check_outcome",
    "checked_as_of",
    "reviewed_on",
    "version",
)


def _audit_view(row: Any) -> dict[str, Any]:
    """What the audit log keeps of an application: no name, the resident ID masked."""
    values = row if isinstance(row, dict) else row._asdict()
    return {k: values.get(k) for k in _AUDITED}


async def _check(
    session: AsyncSession,
    facts: HousingTenantFactsIn,
    as_of: date,
    params: ParameterSet,
    principal: Principal,
) -> Decision:
    registry = await load_registry(session)
    require_district(registry, facts.work_district, law_date(as_of), "#/work_district")
    decision = check_tenant(facts.to_domain(), params, as_of)
    await store_decision(session, decision, principal)
    return decision


async def _row(session: AsyncSession, application_id: uuid.UUID, *, lock: bool = False) -> Any:
    missing = not_found("tenant application", "application_id", application_id)
    return await fetch_row(session, T.c.application_id, application_id, missing, lock=lock)


async def create(
    session: AsyncSession,
    body: HousingTenantApplicationCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    pii_key: bytes,
    today: date,
) -> uuid.UUID:
    as_of = body.as_of or today
    key = resident_key(body.resident_id, pii_key)
    live = (
        await session.execute(
            sa.select(T.c.application_id).where(
                T.c.resident_id_hash == key.hash,
                T.c.status.in_((SUBMITTED, ELIGIBLE, INELIGIBLE, ALLOCATED)),
            )
        )
    ).scalar_one_or_none()
    if live is not None:
        raise _exists(live)
    decision = await _check(session, body, as_of, params, principal)
    application_id = uuid.uuid4()
    now = datetime.now(UTC)
    values = {
        "application_id": application_id,
        "resident_id_hash": key.hash,
        "resident_id_masked": key.masked,
        "name": body.name,
        "work_district": body.work_district,
        "employer_name": body.labour_contract.employer_name,
        "employer_uscc_hash": lookup_hash(body.labour_contract.employer_uscc, pii_key),
        "status": SUBMITTED,
        "facts": _facts(body),
        "check_decision_id": uuid.UUID(decision.decision_id),
        "check_outcome": decision.outcome.value,
        "checked_as_of": as_of,
        "reviewed_on": None,
        **first_version(principal, current_request_id(), now),
    }
    try:
        async with session.begin_nested():
            await session.execute(sa.insert(T).values(**values))
    except IntegrityError:  # a concurrent application of the same person won the race
        raise _exists(None) from None
    await audit.append(
        session,
        principal,
        None,
        "tenant_application.create",
        "tenant_application",
        application_id,
        None,
        _audit_view(values),
    )
    return application_id


def _exists(application_id: uuid.UUID | None) -> ProblemError:
    return ProblemError(
        CONFLICT,
        "This person has a live application already; correct its facts or withdraw it.",
        application_id=str(application_id) if application_id else None,
    )


async def _update(
    session: AsyncSession,
    row: Any,
    changes: dict[str, Any],
    action: str,
    principal: Principal,
) -> int:
    version = int(row.version) + 1
    changes = {**changes, "version": version, "updated_at": datetime.now(UTC)}
    await session.execute(
        sa.update(T).where(T.c.application_id == row.application_id).values(**changes)
    )
    await audit.append(
        session,
        principal,
        None,
        f"tenant_application.{action}",
        "tenant_application",
        row.application_id,
        _audit_view(row),
        _audit_view({**row._asdict(), **changes}),
    )
    return version


def _editable(row: Any, action: str) -> None:
    """409 for a step the application's status no longer allows (allocated, exited…)."""
    if row.status not in EDITABLE:
        raise ProblemError(
            CONFLICT,
            f"The application is {row.status}: it can no longer be {action}.",
            current_status=row.status,
        )


async def update_facts(
    session: AsyncSession,
    application_id: uuid.UUID,
    body: HousingTenantFactsIn,
    as_of: date,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
) -> int:
    expected = parse_if_match(if_match)
    row = await _row(session, application_id, lock=True)
    require_version("tenant application", row.version, expected)
    _editable(row, "corrected")
    decision = await _check(session, body, as_of, params, principal)
    return await _update(
        session,
        row,
        {
            "work_district": body.work_district,
            "employer_name": body.labour_contract.employer_name,
            "facts": _facts(body),
            "status": SUBMITTED,
            "check_decision_id": uuid.UUID(decision.decision_id),
            "check_outcome": decision.outcome.value,
            "checked_as_of": as_of,
        },
        "update_facts",
        principal,
    )


async def review(
    session: AsyncSession,
    application_id: uuid.UUID,
    on: date,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> int:
    """Re-check the stored facts on `on`: eligible or ineligible, the decision stored."""
    expected = parse_if_match(if_match)
    not_in_future(on, today)
    row = await _row(session, application_id, lock=True)
    require_version("tenant application", row.version, expected)
    _editable(row, "reviewed")
    facts = HousingTenantFactsIn.model_validate(row.facts)
    decision = await _check(session, facts, on, params, principal)
    status = INELIGIBLE if decision.outcome.value == "fail" else ELIGIBLE
    return await _update(
        session,
        row,
        {
            "status": status,
            "check_decision_id": uuid.UUID(decision.decision_id),
            "check_outcome": decision.outcome.value,
            "checked_as_of": on,
            "reviewed_on": on,
        },
        "review",
        principal,
    )


async def withdraw(
    session: AsyncSession,
    application_id: uuid.UUID,
    on: date,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
) -> int:
    expected = parse_if_match(if_match)
    not_in_future(on, today)
    row = await _row(session, application_id, lock=True)
    require_version("tenant application", row.version, expected)
    _editable(row, "withdrawn")
    return await _update(session, row, {"status": WITHDRAWN}, "withdraw", principal)


async def set_status(
    session: AsyncSession, row: Any, status: str, action: str, principal: Principal
) -> None:
    """Allocation and exit move the application with the lease (same transaction)."""
    await _update(session, row, {"status": status}, action, principal)


async def locked(session: AsyncSession, application_id: uuid.UUID) -> Any:
    return await _row(session, application_id, lock=True)


# ---- views ---------------------------------------------------------------------------------


async def application_out(session: AsyncSession, application_id: uuid.UUID) -> dict[str, Any]:
    row = await _row(session, application_id)
    decision = await load_decision(session, row.check_decision_id)
    lease_ids = (
        await session.execute(
            sa.select(leases.c.lease_id)
            .where(leases.c.application_id == application_id)
            .order_by(leases.c.created_at)
        )
    ).scalars()
    return {
        "application_id": row.application_id,
        "resident_id_masked": row.resident_id_masked,
        "name": row.name,
        "work_district": row.work_district,
        "employer_name": row.employer_name,
        "status": row.status,
        "facts": row.facts,
        "check": {
            "decision_id": row.check_decision_id,
            "outcome": row.check_outcome,
            "failed_rules": decision.failed_rules if decision else [],
            "as_of": row.checked_as_of,
        },
        "reviewed_on": row.reviewed_on,
        "leases": list(lease_ids),
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def summary(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "application_id",
            "resident_id_masked",
            "name",
            "work_district",
            "employer_name",
            "status",
            "check_outcome",
            "created_at",
        )
    }


async def list_applications(
    session: AsyncSession,
    *,
    status: str | None,
    work_district: str | None,
    employer: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    if status is not None:
        cond.append(T.c.status == status)
    if work_district is not None:
        cond.append(T.c.work_district == work_district)
    if employer is not None:
        cond.append(name_contains(T.c.employer_name, employer))
    rows, cursor = await newest_first(session, T, cond, after, limit=limit)
    return [summary(r) for r in rows], cursor


async def of_person(session: AsyncSession, resident_hash: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        sa.select(T).where(T.c.resident_id_hash == resident_hash).order_by(T.c.created_at)
    )
    return [summary(r) for r in rows]
