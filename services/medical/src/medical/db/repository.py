"""SQL of the medical service: every statement the use cases run, over the caller's session.

Nothing here commits: the request's session dependency does (or the importer CLI, once).
Statements on the settlement path are written out and few, because that path runs under a row
lock and then under the audit chain's lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import driver_connection
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id
from medical.db.tables import (
    ADJUSTED_COLUMNS,
    LAYER_COLUMNS,
    TOTAL_COLUMNS,
    import_batches,
    needy_records,
    persons,
    risk_feed_entries,
    risk_feeds,
    settlement_adjustments,
    settlement_reversals,
    settlements,
    special_diseases,
    year_totals,
)
from medical.domain import NeedyCategory, NeedyRecord, YearTotals

ZERO = Decimal("0.00")
CHUNK = 2000


def now() -> datetime:
    return datetime.now(UTC)


def created(principal: Principal | None) -> dict[str, Any]:
    return {
        "created_at": now(),
        "created_by": principal.client_id if principal else "system",
        "created_by_user": principal.user if principal else None,
        "request_id": current_request_id(),
    }


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- persons and recognitions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRef:
    person_id: uuid.UUID
    resident_id_masked: str
    county: str | None


async def person_by_id(session: AsyncSession, person_id: uuid.UUID) -> sa.Row[Any] | None:
    return (
        await session.execute(sa.select(persons).where(persons.c.person_id == person_id))
    ).first()


async def person_by_hash(session: AsyncSession, resident_hash: str) -> sa.Row[Any] | None:
    return (
        await session.execute(sa.select(persons).where(persons.c.resident_id_hash == resident_hash))
    ).first()


async def persons_by_hash(session: AsyncSession, hashes: Sequence[str]) -> dict[str, sa.Row[Any]]:
    found: dict[str, sa.Row[Any]] = {}
    for part in chunks(list(hashes)):
        rows = await session.execute(sa.select(persons).where(persons.c.resident_id_hash.in_(part)))
        found.update({r.resident_id_hash: r for r in rows})
    return found


async def persons_by_ids(
    session: AsyncSession, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, sa.Row[Any]]:
    found: dict[uuid.UUID, sa.Row[Any]] = {}
    for part in chunks(list(person_ids)):
        rows = await session.execute(sa.select(persons).where(persons.c.person_id.in_(part)))
        found.update({r.person_id: r for r in rows})
    return found


async def insert_person(
    session: AsyncSession, values: Mapping[str, Any], principal: Principal | None
) -> uuid.UUID | None:
    """The new person's ID, or None when the resident ID is registered already."""
    stamp = created(principal)
    stmt = (
        pg_insert(persons)
        .values(version=1, updated_at=stamp["created_at"], **stamp, **values)
        .on_conflict_do_nothing(index_elements=["resident_id_hash"])
        .returning(persons.c.person_id)
    )
    found: uuid.UUID | None = (await session.execute(stmt)).scalar_one_or_none()
    return found


async def insert_persons(
    session: AsyncSession, rows: Sequence[Mapping[str, Any]], principal: Principal | None
) -> set[str]:
    """Bulk insert; the resident hashes actually inserted (others were registered meanwhile)."""
    if not rows:
        return set()
    stamp = created(principal)
    stmt = (
        pg_insert(persons)
        .on_conflict_do_nothing(index_elements=["resident_id_hash"])
        .returning(persons.c.resident_id_hash)
    )
    inserted: set[str] = set()
    for part in chunks(rows, 5000):
        params = [{"version": 1, "updated_at": stamp["created_at"], **stamp, **r} for r in part]
        inserted.update((await session.execute(stmt, params)).scalars())
    return inserted


async def update_person_details(
    session: AsyncSession, person_id: uuid.UUID, values: Mapping[str, Any]
) -> None:
    await session.execute(
        persons.update()
        .where(persons.c.person_id == person_id)
        .values(**values, version=persons.c.version + 1, updated_at=now())
    )


async def records_of(session: AsyncSession, person_id: uuid.UUID) -> list[sa.Row[Any]]:
    rows = await session.execute(
        sa.select(needy_records)
        .where(needy_records.c.person_id == person_id)
        .order_by(needy_records.c.recognised_on, needy_records.c.category)
    )
    return list(rows)


async def records_of_many(
    session: AsyncSession, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[sa.Row[Any]]]:
    out: dict[uuid.UUID, list[sa.Row[Any]]] = {}
    for part in chunks(list(person_ids)):
        rows = await session.execute(
            sa.select(needy_records).where(needy_records.c.person_id.in_(part))
        )
        for r in rows:
            out.setdefault(r.person_id, []).append(r)
    return out


def as_domain(rows: Iterable[Any]) -> list[NeedyRecord]:
    return [
        NeedyRecord(NeedyCategory(r.category), r.recognised_on, r.exited_on, r.gradual_exit_from)
        for r in rows
    ]


async def record_by_id(
    session: AsyncSession, person_id: uuid.UUID, record_id: uuid.UUID, *, lock: bool = False
) -> sa.Row[Any] | None:
    q = sa.select(needy_records).where(
        needy_records.c.person_id == person_id, needy_records.c.record_id == record_id
    )
    if lock:
        q = q.with_for_update()
    return (await session.execute(q)).first()


async def insert_records(
    session: AsyncSession, rows: Sequence[Mapping[str, Any]], principal: Principal | None
) -> None:
    if not rows:
        return
    stamp = created(principal)
    base = {"version": 1, "updated_at": stamp["created_at"], "import_batch_id": None, **stamp}
    for part in chunks(rows, 5000):
        await session.execute(needy_records.insert(), [{**base, **r} for r in part])


async def update_record_dates(session: AsyncSession, changes: Sequence[Mapping[str, Any]]) -> None:
    """changes: record_id, exited_on, gradual_exit_from, source, import_batch_id."""
    if not changes:
        return
    stmt = (
        needy_records.update()
        .where(needy_records.c.record_id == sa.bindparam("b_record_id"))
        .values(
            exited_on=sa.bindparam("b_exited_on"),
            gradual_exit_from=sa.bindparam("b_gradual_exit_from"),
            source=sa.bindparam("b_source"),
            import_batch_id=sa.bindparam("b_import_batch_id"),
            version=needy_records.c.version + 1,
            updated_at=now(),
        )
    )
    params = [{f"b_{k}": v for k, v in c.items()} for c in changes]
    for part in chunks(params, 1000):
        await session.execute(stmt, list(part))


async def list_persons(
    session: AsyncSession,
    *,
    category: str | None,
    county: str | None,
    active_on: date | None,
    after: uuid.UUID | None,
    limit: int,
) -> list[sa.Row[Any]]:
    q = sa.select(persons)
    if category is not None or active_on is not None:
        r = needy_records
        cond = [r.c.person_id == persons.c.person_id]
        if category is not None:
            cond.append(r.c.category == category)
        if active_on is not None:
            cond += [
                r.c.recognised_on <= active_on,
                sa.or_(r.c.exited_on.is_(None), r.c.exited_on > active_on),
            ]
        q = q.where(sa.exists().where(*cond))
    if county is not None:
        q = q.where(persons.c.county == county)
    if after is not None:
        q = q.where(persons.c.person_id > after)
    return list(await session.execute(q.order_by(persons.c.person_id).limit(limit)))


# ---- year totals ------------------------------------------------------------------------------

# The column names are constants of this module (TOTAL_COLUMNS), never input.
_COLS = ", ".join(TOTAL_COLUMNS)
_ZEROS = ", ".join("0" for _ in TOTAL_COLUMNS)
_SETS = ", ".join(f"{c} = :{c}" for c in TOTAL_COLUMNS)
_CREATE_TOTALS = sa.text(
    f"INSERT INTO year_totals (person_id, year, claims, {_COLS}, updated_at) "  # noqa: S608
    f"VALUES (:p, :y, 0, {_ZEROS}, now()) ON CONFLICT (person_id, year) DO NOTHING"
)
_LOCK_TOTALS = sa.text(
    f"SELECT claims, {_COLS} FROM year_totals WHERE person_id = :p AND year = :y FOR UPDATE"  # noqa: S608
)
_WRITE_TOTALS = sa.text(
    f"UPDATE year_totals SET claims = :claims, {_SETS}, updated_at = now() "  # noqa: S608
    "WHERE person_id = :p AND year = :y"
)


def totals_from_row(year: int, row: Any) -> YearTotals:
    return YearTotals(year, row.claims, *(getattr(row, c) for c in TOTAL_COLUMNS))


async def lock_year_totals(session: AsyncSession, person_id: uuid.UUID, year: int) -> YearTotals:
    """The person's running totals for `year`, row-locked until the transaction ends.

    The row is created first if missing (INSERT … ON CONFLICT DO NOTHING), so two first claims
    of a year cannot both see "no row" and both start from zero.
    """
    await session.execute(_CREATE_TOTALS, {"p": person_id, "y": year})
    row = (await session.execute(_LOCK_TOTALS, {"p": person_id, "y": year})).one()
    return totals_from_row(year, row)


async def write_year_totals(session: AsyncSession, person_id: uuid.UUID, t: YearTotals) -> None:
    values: dict[str, Any] = {c: getattr(t, c) for c in TOTAL_COLUMNS}
    await session.execute(
        _WRITE_TOTALS, {"p": person_id, "y": t.year, "claims": t.claims, **values}
    )


async def read_year_totals(session: AsyncSession, person_id: uuid.UUID, year: int) -> YearTotals:
    row = (
        await session.execute(
            sa.select(year_totals).where(
                year_totals.c.person_id == person_id, year_totals.c.year == year
            )
        )
    ).first()
    return YearTotals(year) if row is None else totals_from_row(year, row)


# ---- the settlement path, on the session's own driver connection --------------------------------
#
# A settlement runs ~a dozen statements inside its row lock and, at the end, inside the audit
# chain's lock; these few run on the asyncpg connection underneath the session (same connection,
# same transaction), which costs a fraction of the ORM layer's per-statement overhead.


async def driver(session: AsyncSession) -> asyncpg.Connection:
    """The asyncpg connection under `session`, inside the session's transaction."""
    return await driver_connection(session)


_PERSON_WITH_RECORDS = """
    SELECT p.person_id, p.resident_id_masked, p.county,
           coalesce(json_agg(json_build_array(r.category, r.recognised_on, r.exited_on,
                                              r.gradual_exit_from))
                    FILTER (WHERE r.record_id IS NOT NULL), '[]') AS records
    FROM persons p LEFT JOIN needy_records r ON r.person_id = p.person_id
    WHERE {where}
    GROUP BY p.person_id
"""
_BY_HASH = _PERSON_WITH_RECORDS.format(where="p.resident_id_hash = $1")
_BY_ID = _PERSON_WITH_RECORDS.format(where="p.person_id = $1")


@dataclass(frozen=True, slots=True)
class PersonRecords:
    person: PersonRef
    records: list[NeedyRecord]


def _person_records(row: Any) -> PersonRecords:
    records = [
        NeedyRecord(
            NeedyCategory(c),
            date.fromisoformat(r),
            date.fromisoformat(e) if e else None,
            date.fromisoformat(g) if g else None,
        )
        for c, r, e, g in row["records"]
    ]
    person = PersonRef(uuid.UUID(str(row["person_id"])), row["resident_id_masked"], row["county"])
    return PersonRecords(person, records)


async def person_with_records(
    conn: asyncpg.Connection,
    *,
    person_id: uuid.UUID | None = None,
    resident_hash: str | None = None,
) -> PersonRecords | None:
    row = (
        await conn.fetchrow(_BY_ID, person_id)
        if person_id is not None
        else await conn.fetchrow(_BY_HASH, resident_hash)
    )
    return None if row is None else _person_records(row)


# Creates the person-year row if missing and row-locks it, in one statement: on a conflict the
# no-op update takes the row lock (waiting for another claim's transaction if need be) and
# returns the row as last committed. The live settlement of the same hospital claim, if any,
# comes back with it (a duplicate committed while this waited is caught by the unique index).
_LOCK_TOTALS_FOR_CLAIM = (
    f"INSERT INTO year_totals AS t (person_id, year, claims, {_COLS}, updated_at) "  # noqa: S608
    f"VALUES ($1, $2, 0, {_ZEROS}, now()) "
    "ON CONFLICT (person_id, year) DO UPDATE SET claims = t.claims "
    f"RETURNING t.claims, {', '.join(f't.{c}' for c in TOTAL_COLUMNS)}, "
    "(SELECT settlement_id FROM settlements WHERE hospital = $3 AND claim_id = $4 "
    "AND status = 'settled') AS existing"
)


async def lock_totals_for_claim(
    conn: asyncpg.Connection, person_id: uuid.UUID, year: int, hospital: str, claim_id: str
) -> tuple[YearTotals, uuid.UUID | None]:
    """The person-year totals, row-locked (created first if missing), and the live settlement of
    this hospital claim if there is one."""
    row = await conn.fetchrow(_LOCK_TOTALS_FOR_CLAIM, person_id, year, hospital, claim_id)
    assert row is not None
    totals = YearTotals(year, row["claims"], *(row[c] for c in TOTAL_COLUMNS))
    existing = row["existing"]
    return totals, None if existing is None else uuid.UUID(str(existing))


SETTLEMENT_COLUMNS = (
    "settlement_id", "person_id", "year", "claim_id", "hospital", "hospital_level", "setting",
    "service_date", "county", "total_cost", "in_policy_cost", "basic_payout_input",
    "over_limit_catalogue_drugs", "out_of_catalogue_special_drugs", "followed_guidance",
    "referred", "needy", "category", *LAYER_COLUMNS, "resolution_channel",
    "basic_deductible_used", "deductible_used", "cs_deductible_used", "basic_paid_outpatient",
    "disease_code", "disease_listed", "outcome", "rules_version",
    "decision_id", "status", "created_at", "created_by", "created_by_user", "request_id",
)  # fmt: skip
_N_TOTALS = len(TOTAL_COLUMNS) + 1  # claims and the ten amounts: $3 … $13
_SET_PG = ", ".join(f"{c} = ${i + 4}" for i, c in enumerate(TOTAL_COLUMNS))
_INSERT_COLS = ", ".join(SETTLEMENT_COLUMNS)
_INSERT_VALUES = ", ".join(f"${i + 3 + _N_TOTALS}" for i in range(len(SETTLEMENT_COLUMNS)))
_WRITE_AND_INSERT = (
    f"WITH totals AS (UPDATE year_totals SET claims = $3, {_SET_PG}, updated_at = now() "  # noqa: S608
    "WHERE person_id = $1 AND year = $2 RETURNING 1), "
    f"inserted AS (INSERT INTO settlements ({_INSERT_COLS}) VALUES ({_INSERT_VALUES}) "
    "RETURNING 1) SELECT (SELECT count(*) FROM totals) + (SELECT count(*) FROM inserted)"
)


async def write_totals_and_settlement(
    conn: asyncpg.Connection, person_id: uuid.UUID, totals: YearTotals, row: Mapping[str, Any]
) -> None:
    """One statement: the totals row takes `totals` and the settlement row is inserted."""
    written = await conn.fetchval(
        _WRITE_AND_INSERT,
        person_id,
        totals.year,
        totals.claims,
        *(getattr(totals, c) for c in TOTAL_COLUMNS),
        *(row[c] for c in SETTLEMENT_COLUMNS),
    )
    if written != 2:  # the totals row is locked by this transaction: it cannot have gone
        raise RuntimeError(f"year totals of {person_id}/{totals.year} not updated")


# ---- settlements ------------------------------------------------------------------------------


async def live_settlement_for_claim(
    session: AsyncSession, hospital: str, claim_id: str
) -> uuid.UUID | None:
    return (
        await session.execute(
            sa.select(settlements.c.settlement_id).where(
                settlements.c.hospital == hospital,
                settlements.c.claim_id == claim_id,
                settlements.c.status == "settled",
            )
        )
    ).scalar_one_or_none()


async def insert_settlement(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(settlements.insert().values(**values))


async def settlement_by_id(
    session: AsyncSession, settlement_id: uuid.UUID, *, lock: bool = False
) -> sa.Row[Any] | None:
    q = sa.select(settlements).where(settlements.c.settlement_id == settlement_id)
    if lock:
        q = q.with_for_update()
    return (await session.execute(q)).first()


async def later_settlements(
    session: AsyncSession, person_id: uuid.UUID, year: int, seq: int
) -> list[Any]:
    s = settlements
    rows = await session.execute(
        sa.select(s.c.settlement_id, s.c.seq, s.c.claim_id, s.c.service_date, s.c.created_at)
        .where(
            s.c.person_id == person_id,
            s.c.year == year,
            s.c.seq > seq,
            s.c.status == "settled",
        )
        .order_by(s.c.seq)
    )
    return list(rows.all())


async def mark_reversed(
    session: AsyncSession, settlement_id: uuid.UUID, reversal_id: uuid.UUID, at: datetime
) -> None:
    await session.execute(
        settlements.update()
        .where(settlements.c.settlement_id == settlement_id)
        .values(status="reversed", reversal_id=reversal_id, reversed_at=at)
    )


async def insert_reversal(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(settlement_reversals.insert().values(**values))


async def reversal_by_id(session: AsyncSession, reversal_id: uuid.UUID) -> sa.Row[Any] | None:
    return (
        await session.execute(
            sa.select(settlement_reversals).where(settlement_reversals.c.reversal_id == reversal_id)
        )
    ).first()


# ---- adjustments (re-settlement) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StandingRow:
    """A settlement row with what its adjustments add: the amounts it stands at now."""

    row: Any
    amounts: dict[str, Decimal]
    needy: bool
    category: str | None
    adjustments: int


def _adjustment_sums() -> Any:
    a = settlement_adjustments
    return (
        sa.select(
            a.c.settlement_id,
            sa.func.count().label("n"),
            *(sa.func.sum(a.c[name]).label(f"d_{name}") for name in ADJUSTED_COLUMNS),
            sa.func.max(a.c.seq).label("last_seq"),
        )
        .group_by(a.c.settlement_id)
        .subquery("sums")
    )


def _standing(row: Any) -> StandingRow:
    base = {
        **{name: getattr(row, name) for name in LAYER_COLUMNS},
        "basic_deductible_used": row.basic_deductible_used,
        "deductible_used": row.deductible_used,
        "cs_deductible_used": row.cs_deductible_used,
        "needy_self_pay": row.self_pay if row.needy else Decimal("0.00"),
        "basic_paid_outpatient": row.basic_paid_outpatient,
    }
    amounts = {k: v + (getattr(row, f"d_{k}") or 0) for k, v in base.items()}
    needy = row.needy if row.last_needy is None else row.last_needy
    category = row.category if row.last_needy is None else row.last_category
    return StandingRow(row, amounts, needy, category, int(row.n or 0))


async def standing_settlements(
    session: AsyncSession,
    person_id: uuid.UUID,
    year: int,
    *,
    settlement_id: uuid.UUID | None = None,
) -> list[StandingRow]:
    """The person-year's live settlements (or one settlement, any status) as they stand, in
    service-date order (ties in the order they were made)."""
    s = settlements
    sums = _adjustment_sums()
    last = settlement_adjustments.alias("last_adjustment")
    q = (
        sa.select(
            s,
            sums.c.n,
            *(sums.c[f"d_{name}"] for name in ADJUSTED_COLUMNS),
            last.c.needy.label("last_needy"),
            last.c.category.label("last_category"),
        )
        .select_from(
            s.outerjoin(sums, sums.c.settlement_id == s.c.settlement_id).outerjoin(
                last, last.c.seq == sums.c.last_seq
            )
        )
        .order_by(s.c.service_date, s.c.seq)
    )
    if settlement_id is not None:
        q = q.where(s.c.settlement_id == settlement_id)
    else:
        q = q.where(s.c.person_id == person_id, s.c.year == year, s.c.status == "settled")
    return [_standing(r) for r in await session.execute(q)]


async def insert_adjustments(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        await session.execute(settlement_adjustments.insert(), list(rows))


async def adjustments_of(session: AsyncSession, settlement_id: uuid.UUID) -> list[sa.Row[Any]]:
    a = settlement_adjustments
    q = sa.select(a).where(a.c.settlement_id == settlement_id).order_by(a.c.seq)
    return list(await session.execute(q))


async def adjustment_by_id(session: AsyncSession, adjustment_id: uuid.UUID) -> sa.Row[Any] | None:
    a = settlement_adjustments
    return (await session.execute(sa.select(a).where(a.c.adjustment_id == adjustment_id))).first()


async def last_reversal_id(
    session: AsyncSession, person_id: uuid.UUID, year: int
) -> uuid.UUID | None:
    r = settlement_reversals
    q = (
        sa.select(r.c.reversal_id)
        .where(r.c.person_id == person_id, r.c.year == year)
        .order_by(r.c.created_at.desc())
        .limit(1)
    )
    found = (await session.execute(q)).scalar_one_or_none()
    return None if found is None else uuid.UUID(str(found))


async def set_resettlement_pending(
    session: AsyncSession, person_id: uuid.UUID, year: int, pending: bool
) -> None:
    await session.execute(
        year_totals.update()
        .where(year_totals.c.person_id == person_id, year_totals.c.year == year)
        .values(resettlement_pending=pending)
    )


async def resettlement_pending(session: AsyncSession, person_id: uuid.UUID, year: int) -> bool:
    t = year_totals
    q = sa.select(t.c.resettlement_pending).where(t.c.person_id == person_id, t.c.year == year)
    return bool((await session.execute(q)).scalar_one_or_none())


async def list_settlements(
    session: AsyncSession,
    *,
    person_id: uuid.UUID | None,
    year: int | None,
    hospital: str | None,
    status: str | None,
    needy: bool | None,
    date_from: date | None,
    date_to: date | None,
    after_seq: int | None,
    limit: int,
) -> list[sa.Row[Any]]:
    s = settlements
    q = sa.select(s)
    for column, value in (
        (s.c.person_id, person_id),
        (s.c.year, year),
        (s.c.hospital, hospital),
        (s.c.status, status),
        (s.c.needy, needy),
    ):
        if value is not None:
            q = q.where(column == value)
    if date_from is not None:
        q = q.where(s.c.service_date >= date_from)
    if date_to is not None:
        q = q.where(s.c.service_date <= date_to)
    if after_seq is not None:
        q = q.where(s.c.seq > after_seq)
    return list(await session.execute(q.order_by(s.c.seq).limit(limit)))


async def settlement_counts(
    session: AsyncSession, person_id: uuid.UUID, year: int
) -> dict[str, int]:
    s = settlements
    rows = await session.execute(
        sa.select(s.c.status, sa.func.count())
        .where(s.c.person_id == person_id, s.c.year == year)
        .group_by(s.c.status)
    )
    return {status: int(n) for status, n in rows}


# ---- monitoring -------------------------------------------------------------------------------


async def insert_risk_feed(
    session: AsyncSession, feed: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]
) -> None:
    await session.execute(risk_feeds.insert().values(**feed))
    for chunk in chunks(entries):
        await session.execute(risk_feed_entries.insert(), list(chunk))


async def latest_risk_feeds(session: AsyncSession) -> dict[str, sa.Row[Any]]:
    """Each source's latest load (by as-of day, then by when it was loaded)."""
    f = risk_feeds
    q = (
        sa.select(f)
        .ext(distinct_on(f.c.source))
        .order_by(f.c.source, f.c.as_of.desc(), f.c.created_at.desc())
    )
    return {r.source: r for r in await session.execute(q)}


async def risk_feed_entries_of(
    session: AsyncSession, feed_ids: Sequence[uuid.UUID], person_ids: Sequence[uuid.UUID]
) -> list[sa.Row[Any]]:
    e = risk_feed_entries
    if not feed_ids or not person_ids:
        return []
    q = sa.select(e).where(e.c.feed_id.in_(feed_ids), e.c.person_id.in_(person_ids))
    return list(await session.execute(q))


async def risk_candidates(
    session: AsyncSession,
    *,
    year: int,
    amount: Decimal | None,
    ratio: Decimal | None,
    county: str | None,
    civil_affairs_feed: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
) -> list[sa.Row[Any]]:
    """Year totals at or over a threshold (prefiltered in SQL; the rule decides). Household
    income is the current civil-affairs feed's where the person is in it, else the register's."""
    t, p = year_totals, persons
    civil = (
        sa.select(risk_feed_entries.c.person_id, risk_feed_entries.c.household_income)
        .where(risk_feed_entries.c.feed_id == civil_affairs_feed)
        .subquery("civil")
    )
    income = sa.func.coalesce(civil.c.household_income, p.c.household_income)
    reach = []
    if amount is not None:
        reach.append(t.c.final_self_pay >= amount)
    if ratio is not None:
        reach.append(
            sa.and_(
                income.is_not(None),
                t.c.final_self_pay > 0,
                t.c.final_self_pay >= income * ratio,
            )
        )
    q = (
        sa.select(
            t.c.person_id,
            t.c.final_self_pay,
            income.label("household_income"),
            p.c.resident_id_masked,
            p.c.county,
        )
        .join(p, p.c.person_id == t.c.person_id)
        .outerjoin(civil, civil.c.person_id == t.c.person_id)
        .where(t.c.year == year, sa.or_(*reach))
    )
    if county is not None:
        q = q.where(p.c.county == county)
    if after is not None:
        q = q.where(t.c.person_id > after)
    return list(await session.execute(q.order_by(t.c.person_id).limit(limit)))


async def hospital_costs(
    session: AsyncSession, *, date_from: date, date_to: date, county: str | None
) -> list[sa.Row[Any]]:
    """Per hospital, the needy's total and out-of-catalogue costs in live settlements.

    Out-of-catalogue = total − in-policy − catalogue drugs used beyond their limits.
    """
    s = settlements
    q = (
        sa.select(
            s.c.hospital,
            sa.func.sum(s.c.total_cost).label("total_cost"),
            sa.func.sum(s.c.total_cost - s.c.in_policy_cost - s.c.over_limit_catalogue_drugs).label(
                "out_of_catalogue_cost"
            ),
        )
        .where(
            s.c.needy.is_(True),
            s.c.status == "settled",
            s.c.service_date >= date_from,
            s.c.service_date <= date_to,
        )
        .group_by(s.c.hospital)
        .order_by(s.c.hospital)
    )
    if county is not None:
        q = q.where(s.c.county == county)
    return list(await session.execute(q))


# ---- special diseases -------------------------------------------------------------------------


async def configured_special_diseases(session: AsyncSession) -> list[sa.Row[Any]]:
    return list(await session.execute(sa.select(special_diseases).order_by(special_diseases.c.id)))


async def insert_special_disease(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(special_diseases.insert().values(**values))


# ---- imports ----------------------------------------------------------------------------------


async def applied_batch_with_hash(session: AsyncSession, sha256: str) -> sa.Row[Any] | None:
    return (
        await session.execute(
            sa.select(import_batches)
            .where(import_batches.c.content_sha256 == sha256, import_batches.c.status == "applied")
            .order_by(import_batches.c.created_at)
            .limit(1)
        )
    ).first()


async def insert_batch(session: AsyncSession, values: Mapping[str, Any]) -> None:
    await session.execute(import_batches.insert().values(**values))


async def batch_by_id(session: AsyncSession, batch_id: uuid.UUID) -> sa.Row[Any] | None:
    return (
        await session.execute(
            sa.select(import_batches).where(import_batches.c.batch_id == batch_id)
        )
    ).first()


async def list_batches(
    session: AsyncSession, *, before: datetime | None, limit: int
) -> list[sa.Row[Any]]:
    q = sa.select(import_batches)
    if before is not None:
        q = q.where(import_batches.c.created_at < before)
    return list(await session.execute(q.order_by(import_batches.c.created_at.desc()).limit(limit)))
