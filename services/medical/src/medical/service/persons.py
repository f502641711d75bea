"""Register use cases: persons (resident ID validated, stored masked and hashed), recognitions
with effective dates, gradual exits and exits, status on a day, enrolment subsidy."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.calendar import today_shanghai
from govkit.http.auth import Principal
from govkit.http.problem import (
    NOT_FOUND,
    VALIDATION,
    VERSION_MISMATCH,
    ProblemError,
)
from govkit.http.versions import parse_if_match
from govkit.identity import resident_key
from govkit.rules import Decision, ParameterSet
from medical.api.schemas import NeedyRecordCreate, PersonCreate
from medical.db import repository as repo
from medical.domain import (
    NeedyCategory,
    NeedyRecord,
    NeedyStatus,
    enrolment_subsidy,
    needy_status_on,
)
from medical.problems import PERSON_EXISTS, RECORD_EXISTS


def person_not_found(person_id: uuid.UUID | str) -> ProblemError:
    return ProblemError(NOT_FOUND, f"No person {person_id}.", person_id=str(person_id))


def status_out(s: NeedyStatus) -> dict[str, Any]:
    return {
        "on": s.on,
        "needy": s.needy,
        "recognised": s.recognised,
        "category": s.category,
        "categories": sorted(s.categories),
        "recognised_since": s.recognised_since,
        "benefits_from": s.benefits_from,
        "gradual_exit": s.gradual_exit,
        "last_exit": s.last_exit,
        "reason_zh": s.reason_zh,
        "reason_en": s.reason_en,
    }


def record_out(r: Any) -> dict[str, Any]:
    return {
        "record_id": r.record_id,
        "category": r.category,
        "recognised_on": r.recognised_on,
        "exited_on": r.exited_on,
        "gradual_exit_from": r.gradual_exit_from,
        "source": r.source,
        "version": r.version,
        "updated_at": r.updated_at,
    }


def domain_record(r: NeedyRecordCreate | Mapping[str, Any]) -> NeedyRecord:
    """The recognition as the domain checks it (raises MedicalDomainError → 422 with rule ID)."""
    if isinstance(r, NeedyRecordCreate):
        return NeedyRecord(r.category, r.recognised_on, r.exited_on, r.gradual_exit_from)
    return NeedyRecord(
        NeedyCategory(r["category"]), r["recognised_on"], r["exited_on"], r["gradual_exit_from"]
    )


def _snapshot(person: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What the audit log keeps of a person: no name, the resident ID masked."""
    return {
        "resident_id_masked": person["resident_id_masked"],
        "county": person.get("county"),
        "household_income": person.get("household_income"),
        "records": [
            {k: r[k] for k in ("category", "recognised_on", "exited_on", "gradual_exit_from")}
            for r in records
        ],
    }


async def person_out(
    session: AsyncSession, person_id: uuid.UUID, *, today: date | None = None
) -> dict[str, Any]:
    row = await repo.person_by_id(session, person_id)
    if row is None:
        raise person_not_found(person_id)
    records = await repo.records_of(session, person_id)
    status = needy_status_on(repo.as_domain(records), today or today_shanghai())
    return {
        "person_id": row.person_id,
        "resident_id_masked": row.resident_id_masked,
        "name": row.name,
        "county": row.county,
        "household_income": row.household_income,
        "source": row.source,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "records": [record_out(r) for r in records],
        "status_today": status_out(status),
    }


async def register_person(
    session: AsyncSession, body: PersonCreate, *, principal: Principal, pii_key: bytes
) -> uuid.UUID:
    key = resident_key(body.resident_id, pii_key)
    seen: set[tuple[str, date]] = set()
    for i, r in enumerate(body.records):
        domain_record(r)
        if (r.category, r.recognised_on) in seen:
            raise ProblemError(
                VALIDATION,
                "The same recognition is listed twice.",
                errors=[
                    {
                        "in": "body",
                        "pointer": f"#/records/{i}",
                        "detail": "duplicate category and recognised_on",
                        "type": "value_error",
                    }
                ],
            )
        seen.add((r.category, r.recognised_on))
    person_id = uuid.uuid4()
    values = {
        "person_id": person_id,
        "resident_id_hash": key.hash,
        "resident_id_masked": key.masked,
        "name": body.name,
        "county": body.county,
        "household_income": body.household_income,
        "source": "api",
    }
    if await repo.insert_person(session, values, principal) is None:
        existing = await repo.person_by_hash(session, key.hash)
        raise ProblemError(
            PERSON_EXISTS,
            "A person with this resident ID is registered already.",
            person_id=str(existing.person_id) if existing else None,
        )
    records = [
        {
            "record_id": uuid.uuid4(),
            "person_id": person_id,
            "category": r.category.value,
            "recognised_on": r.recognised_on,
            "exited_on": r.exited_on,
            "gradual_exit_from": r.gradual_exit_from,
            "source": "api",
        }
        for r in body.records
    ]
    await repo.insert_records(session, records, principal)
    snapshot = _snapshot(values, records)
    await audit.append(
        session, principal, None, "person.register", "person", person_id, None, snapshot
    )
    return person_id


async def find_person(session: AsyncSession, compact_id: str, *, pii_key: bytes) -> uuid.UUID:
    row = await repo.person_by_hash(session, resident_key(compact_id, pii_key).hash)
    if row is None:
        raise ProblemError(NOT_FOUND, "No person is registered with this resident ID.")
    return uuid.UUID(str(row.person_id))


async def add_record(
    session: AsyncSession, person_id: uuid.UUID, body: NeedyRecordCreate, *, principal: Principal
) -> dict[str, Any]:
    if await repo.person_by_id(session, person_id) is None:
        raise person_not_found(person_id)
    domain_record(body)
    existing = [
        r
        for r in await repo.records_of(session, person_id)
        if r.category == body.category.value and r.recognised_on == body.recognised_on
    ]
    if existing:
        raise ProblemError(
            RECORD_EXISTS,
            "This recognition is registered already.",
            record_id=str(existing[0].record_id),
        )
    record_id = uuid.uuid4()
    values = {
        "record_id": record_id,
        "person_id": person_id,
        "category": body.category.value,
        "recognised_on": body.recognised_on,
        "exited_on": body.exited_on,
        "gradual_exit_from": body.gradual_exit_from,
        "source": "api",
    }
    await repo.insert_records(session, [values], principal)
    await audit.append(
        session, principal, None, "needy_record.create", "needy_record", record_id, None, values
    )
    row = await repo.record_by_id(session, person_id, record_id)
    return record_out(row)


async def update_record(
    session: AsyncSession,
    person_id: uuid.UUID,
    record_id: uuid.UUID,
    changes: Mapping[str, date | None],
    *,
    if_match: str | None,
    principal: Principal,
) -> dict[str, Any]:
    expected = parse_if_match(if_match)
    row = await repo.record_by_id(session, person_id, record_id, lock=True)
    if row is None:
        raise ProblemError(NOT_FOUND, f"No record {record_id} of person {person_id}.")
    if row.version != expected:
        raise ProblemError(
            VERSION_MISMATCH,
            f"The record is at version {row.version}.",
            current_version=row.version,
        )
    before = record_out(row)
    after = {
        "category": row.category,
        "recognised_on": row.recognised_on,
        "exited_on": changes.get("exited_on", row.exited_on),
        "gradual_exit_from": changes.get("gradual_exit_from", row.gradual_exit_from),
    }
    domain_record(after)
    await repo.update_record_dates(
        session,
        [
            {
                "record_id": record_id,
                "exited_on": after["exited_on"],
                "gradual_exit_from": after["gradual_exit_from"],
                "source": "api",
                "import_batch_id": None,
            }
        ],
    )
    updated = await repo.record_by_id(session, person_id, record_id)
    out = record_out(updated)
    await audit.append(
        session, principal, None, "needy_record.update", "needy_record", record_id, before, out
    )
    return out


async def person_status(session: AsyncSession, person_id: uuid.UUID, on: date) -> dict[str, Any]:
    if await repo.person_by_id(session, person_id) is None:
        raise person_not_found(person_id)
    records = repo.as_domain(await repo.records_of(session, person_id))
    return status_out(needy_status_on(records, on))


async def enrolment(
    session: AsyncSession,
    person_id: uuid.UUID,
    *,
    year: int,
    month: int | None,
    params: ParameterSet,
) -> Decision:
    person = await repo.person_by_id(session, person_id)
    if person is None:
        raise person_not_found(person_id)
    records = repo.as_domain(await repo.records_of(session, person_id))
    return enrolment_subsidy(records, year, month=month, params=params, county=person.county)


def decision_out(d: Decision) -> dict[str, Any]:
    return d.as_dict()
