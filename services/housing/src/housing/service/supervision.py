"""Title acts (五（四）, 六（三）) and integrity records (五（三）, HOUS-CREDIT).

A title act of a project is checked before it is recorded (HOUS-TITLE-WHOLE, -TRANSFER,
HOUS-NO-SALE): a failing one is refused naming the rules, nothing stored. Integrity records
are kept per party — entities by USCC (shown, and found by its keyed hash), tenants by resident
ID (kept only hashed and masked) — and never edited.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import RULE_VIOLATION, ProblemError
from govkit.http.request_id import current_request_id
from govkit.identity import resident_key, uscc_key
from govkit.platform.decisions import store_decision
from govkit.rules import ParameterSet
from govkit.store.paging import newest_first
from govkit.store.rows import created_stamp
from govkit.store.steps import not_in_future
from housing.api.record_schemas import HousingIntegrityRecordCreate, HousingTitleActCreate
from housing.db.tables import integrity_records, title_acts
from housing.domain import (
    RULES,
    IntegrityFacts,
    PartyRole,
    RecordKind,
    check_title,
    record_decision,
)
from housing.service import projects as projects_svc

R = integrity_records


async def record_title_act(
    session: AsyncSession,
    project_id: uuid.UUID,
    body: HousingTitleActCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> dict[str, Any]:
    not_in_future(body.on, today)
    project = await projects_svc.get(session, project_id)
    decision = check_title(body.to_domain(), params, body.on, project.district)
    if decision.failed_rules:
        first = decision.failed_rules[0]
        raise ProblemError(
            RULE_VIOLATION,
            f"The {body.act.value} breaks {', '.join(decision.failed_rules)}: not recorded.",
            rule_id=first,
            clause=RULES[first].clause,
            failed_rules=decision.failed_rules,
            findings=[
                jsonable(f.as_dict()) for f in decision.findings if f.outcome.value == "fail"
            ],
        )
    await store_decision(session, decision, principal)
    values = {
        "act_id": uuid.uuid4(),
        "project_id": project_id,
        "act": body.act.value,
        "on": body.on,
        "facts": body.model_dump(mode="json", exclude={"on"}),
        "decision_id": uuid.UUID(decision.decision_id),
    }
    now = datetime.now(UTC)
    await session.execute(
        sa.insert(title_acts).values(
            **values, **created_stamp(principal, current_request_id(), now)
        )
    )
    await audit.append(
        session, principal, None, "title_act.record", "title_act", values["act_id"], None, values
    )
    row = (
        await session.execute(sa.select(title_acts).where(title_acts.c.act_id == values["act_id"]))
    ).one()
    return title_view(row)


def title_view(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "act_id",
            "project_id",
            "act",
            "on",
            "facts",
            "decision_id",
            "created_at",
            "created_by",
        )
    }


async def title_acts_of(session: AsyncSession, project_id: uuid.UUID) -> list[dict[str, Any]]:
    await projects_svc.get(session, project_id)
    rows = await session.execute(
        sa.select(title_acts)
        .where(title_acts.c.project_id == project_id)
        .order_by(title_acts.c.on, title_acts.c.created_at)
    )
    return [title_view(r) for r in rows]


# ---- integrity records ---------------------------------------------------------------------


def record_view(row: Any) -> dict[str, Any]:
    return {
        "record_id": row.record_id,
        "role": row.role,
        "party": row.party_masked,
        "party_uscc": row.party_uscc,
        "party_name": row.party_name,
        "kind": row.kind,
        "occurred_on": row.occurred_on,
        "description": row.description,
        "rule_id": row.rule_id,
        "project_id": row.project_id,
        "lease_id": row.lease_id,
        "decision_id": row.decision_id,
        "created_at": row.created_at,
        "created_by": row.created_by,
    }


async def _insert(
    session: AsyncSession,
    values: dict[str, Any],
    facts: IntegrityFacts,
    county: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> uuid.UUID:
    decision = record_decision(facts, values["party_masked"], params, today, county)
    await store_decision(session, decision, principal)
    record_id = uuid.uuid4()
    row = {**values, "record_id": record_id, "decision_id": uuid.UUID(decision.decision_id)}
    now = datetime.now(UTC)
    await session.execute(
        sa.insert(R).values(**row, **created_stamp(principal, current_request_id(), now))
    )
    audited = {k: v for k, v in row.items() if k != "party_hash"}
    await audit.append(
        session, principal, None, "integrity.record", "integrity_record", record_id, None, audited
    )
    return record_id


async def create_record(
    session: AsyncSession,
    body: HousingIntegrityRecordCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    pii_key: bytes,
    today: date,
) -> dict[str, Any]:
    county = None
    if body.project_id is not None:
        county = (await projects_svc.get(session, body.project_id)).district
    if body.role is PartyRole.TENANT:
        assert body.resident_id is not None
        key = resident_key(body.resident_id, pii_key)
        party_uscc = None
    else:
        assert body.uscc is not None
        key = uscc_key(body.uscc, pii_key)
        party_uscc = body.uscc
    facts = IntegrityFacts(body.role, body.kind, body.occurred_on, body.description, body.rule_id)
    record_id = await _insert(
        session,
        {
            "role": body.role.value,
            "party_hash": key.hash,
            "party_masked": key.masked,
            "party_uscc": party_uscc,
            "party_name": body.name,
            "kind": body.kind.value,
            "occurred_on": body.occurred_on,
            "description": body.description,
            "rule_id": body.rule_id,
            "project_id": body.project_id,
            "lease_id": None,
        },
        facts,
        county,
        params,
        principal,
        today,
    )
    row = (await session.execute(sa.select(R).where(R.c.record_id == record_id))).one()
    return record_view(row)


async def record_tenant_violation(
    session: AsyncSession,
    *,
    resident_hash: str,
    resident_masked: str,
    occurred_on: date,
    description: str,
    project_id: uuid.UUID,
    lease_id: uuid.UUID,
    county: str,
    params: ParameterSet,
    principal: Principal,
) -> uuid.UUID:
    """The exit for a prohibited act is recorded against the tenant (HOUS-CREDIT)."""
    facts = IntegrityFacts(
        PartyRole.TENANT, RecordKind.VIOLATION, occurred_on, description, "HOUS-TENANT-EXIT"
    )
    return await _insert(
        session,
        {
            "role": PartyRole.TENANT.value,
            "party_hash": resident_hash,
            "party_masked": resident_masked,
            "party_uscc": None,
            "party_name": None,
            "kind": RecordKind.VIOLATION.value,
            "occurred_on": occurred_on,
            "description": description,
            "rule_id": "HOUS-TENANT-EXIT",
            "project_id": project_id,
            "lease_id": lease_id,
        },
        facts,
        county,
        params,
        principal,
        occurred_on,
    )


async def list_records(
    session: AsyncSession,
    *,
    role: str | None,
    kind: str | None,
    rule_id: str | None,
    project_id: uuid.UUID | None,
    party_hash: str | None,
    occurred_from: date | None,
    occurred_to: date | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (R.c.role, role),
        (R.c.kind, kind),
        (R.c.rule_id, rule_id),
        (R.c.project_id, project_id),
        (R.c.party_hash, party_hash),
    ):
        if value is not None:
            cond.append(column == value)
    if occurred_from is not None:
        cond.append(R.c.occurred_on >= occurred_from)
    if occurred_to is not None:
        cond.append(R.c.occurred_on <= occurred_to)
    rows, cursor = await newest_first(session, R, cond, after, limit=limit)
    return [record_view(r) for r in rows], cursor


async def of_party(session: AsyncSession, party_hash: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        sa.select(R).where(R.c.party_hash == party_hash).order_by(R.c.occurred_on, R.c.created_at)
    )
    return [record_view(r) for r in rows]
