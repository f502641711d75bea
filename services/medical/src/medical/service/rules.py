"""The service rules (三（一）3, 三（二）6–7, 三（三）9): pay-later, the special-disease catalogue
as dated data, the risk watch list and the out-of-catalogue share per hospital."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import VALIDATION, ProblemError
from govkit.identity import resident_key
from govkit.rules import Decision, ParameterNotConfigured, ParameterSet
from medical.api.schemas import PayLaterRequest, RiskFeedCreate, SpecialDiseaseSet
from medical.db import repository as repo
from medical.domain import (
    CATALOGUE,
    RULES_VERSION,
    CatalogueEntry,
    HospitalBill,
    MedicalDomainError,
    RiskFacts,
    needy_status_on,
    pay_later,
    risk_watch,
    selfpay_share_by_hospital,
)
from medical.domain import parameters as p
from medical.domain.risk_watch import SOURCES, feed_statuses
from medical.domain.special_diseases import DiseaseKind, special_disease_finding
from medical.domain.terms import money
from medical.service.persons import person_not_found, status_out

# ---- pay later --------------------------------------------------------------------------------


async def evaluate_pay_later(session: AsyncSession, body: PayLaterRequest) -> dict[str, Any]:
    if await repo.person_by_id(session, body.person_id) is None:
        raise person_not_found(body.person_id)
    records = repo.as_domain(await repo.records_of(session, body.person_id))
    status = needy_status_on(records, body.admission_date)
    finding = pay_later(
        status,
        inpatient=body.inpatient,
        referred_after_primary_first_visit=body.referred_after_primary_first_visit,
        designated_hospital_in_wenzhou=body.designated_hospital_in_wenzhou,
    )
    decision = Decision(
        subject="medical.pay_later",
        findings=(finding,),
        as_of=body.admission_date,
        rules_version=RULES_VERSION,
        result={
            "person_id": str(body.person_id),
            "pay_later": finding.outcome.value == "pass",
            "deposit_required": finding.outcome.value != "pass",
            "status": audit.jsonable(status_out(status)),
        },
    )
    return decision.as_dict()


# ---- special diseases -------------------------------------------------------------------------


def _entry_out(e: CatalogueEntry, origin: str) -> dict[str, Any]:
    return {
        "code": e.code,
        "name_zh": e.name_zh,
        "name_en": e.name_en,
        "kind": e.kind.value,
        "effective_from": e.effective_from,
        "effective_to": e.effective_to,
        "source": e.source,
        "origin": origin,
    }


async def catalogue(session: AsyncSession) -> list[tuple[CatalogueEntry, str]]:
    """The policy's entries, with each code's latest configured entry replacing or adding."""
    entries: dict[str, tuple[CatalogueEntry, str]] = {e.code: (e, "policy") for e in CATALOGUE}
    for row in await repo.configured_special_diseases(session):
        entries[row.code] = (
            CatalogueEntry(
                row.code,
                row.name_zh,
                row.name_en,
                DiseaseKind(row.kind),
                row.effective_from,
                row.effective_to,
                row.source,
            ),
            "configured",
        )
    return list(entries.values())


async def list_special_diseases(
    session: AsyncSession, *, on: date | None, kind: str | None
) -> list[dict[str, Any]]:
    return [
        _entry_out(e, origin)
        for e, origin in await catalogue(session)
        if (on is None or e.in_force(on)) and (kind is None or e.kind.value == kind)
    ]


async def disease_listed(session: AsyncSession, code: str, on: date) -> bool:
    """Whether the catalogue (the policy's entries and the configured ones) lists `code` on `on`."""
    return any(e.code == code and e.in_force(on) for e, _ in await catalogue(session))


async def check_special_disease(session: AsyncSession, code: str, on: date) -> dict[str, Any]:
    entries = [e for e, _ in await catalogue(session)]
    finding = special_disease_finding(code, on, entries)
    return {
        "on": on,
        "code": code,
        "listed": finding.outcome.value == "pass",
        "finding": finding.as_dict(),
    }


async def set_special_disease(
    session: AsyncSession, code: str, body: SpecialDiseaseSet, *, principal: Principal
) -> dict[str, Any]:
    before = next((_entry_out(e, o) for e, o in await catalogue(session) if e.code == code), None)
    values = {"code": code, **body.model_dump(), **repo.created(principal)}
    await repo.insert_special_disease(session, values)
    entry = CatalogueEntry(
        code,
        body.name_zh,
        body.name_en,
        DiseaseKind(body.kind),
        body.effective_from,
        body.effective_to,
        body.source,
    )
    after = _entry_out(entry, "configured")
    await audit.append(
        session, principal, None, "special_disease.set", "special_disease", code, before, after
    )
    return after


# ---- risk watch -------------------------------------------------------------------------------


def _optional(params: ParameterSet, path: str, on: date, county: str | None) -> Any:
    try:
        return money(params.get(path, on, county), path, "MED-RISK-WATCH")
    except ParameterNotConfigured:
        return None


def _max_age(params: ParameterSet, on: date, region: str | None) -> int:
    value = params.get(p.RISK_FEED_MAX_AGE_DAYS, on, region)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MedicalDomainError(
            "MED-RISK-WATCH",
            "数据过期天数须为非负整数",
            f"{p.RISK_FEED_MAX_AGE_DAYS} must be a whole number of days ≥ 0",
        )
    return value


async def feeds_on(
    session: AsyncSession, on: date, params: ParameterSet, region: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the feeds' status as the API shows it, the latest load of each source)."""
    latest = await repo.latest_risk_feeds(session)
    max_age = _max_age(params, on, region)
    # This service's own settlements are medical insurance's data, current on any day; a load
    # of that source (claims settled elsewhere) is dated like the others.
    dates = {"medical_insurance": on} | {s: r.as_of for s, r in latest.items()}
    statuses = feed_statuses(dates, on, max_age)
    body = {
        "on": on,
        "max_age_days": max_age,
        "feeds": [
            {
                "source": f.source,
                "loaded": not f.missing,
                "as_of": f.as_of,
                "age_days": f.age_days,
                "stale": f.stale,
                "feed_id": latest[f.source].feed_id if f.source in latest else None,
            }
            for f in statuses
        ],
        "missing": [f.source for f in statuses if f.missing],
        "stale": [f.source for f in statuses if f.stale],
    }
    return body, latest


async def load_risk_feed(
    session: AsyncSession, body: RiskFeedCreate, *, principal: Principal, pii_key: bytes
) -> dict[str, Any]:
    """Store one dated load of a department's data; the latest load of a source is its feed."""
    keys = [resident_key(e.resident_id, pii_key) for e in body.entries]
    if len({k.hash for k in keys}) != len(keys):
        raise ProblemError(VALIDATION, "A resident ID appears more than once in the feed.")
    registered = await repo.persons_by_hash(session, [k.hash for k in keys])
    feed_id, at = uuid.uuid4(), repo.now()
    entries = [
        {
            "feed_id": feed_id,
            "resident_id_hash": k.hash,
            "person_id": registered[k.hash].person_id if k.hash in registered else None,
            "household_income": e.household_income,
            "details": e.details,
        }
        for k, e in zip(keys, body.entries, strict=True)
    ]
    feed = {
        "feed_id": feed_id,
        "source": body.source,
        "as_of": body.as_of,
        "rows": len(entries),
        "note": body.note,
        **repo.created(principal),
        "created_at": at,
    }
    await repo.insert_risk_feed(session, feed, entries)
    out = {
        "feed_id": feed_id,
        "source": body.source,
        "as_of": body.as_of,
        "rows": len(entries),
        "matched_persons": sum(1 for e in entries if e["person_id"] is not None),
        "note": body.note,
        "created_at": at,
    }
    await audit.append(
        session, principal, None, "risk_feed.load", "risk_feed", feed_id, None,
        {k: v for k, v in out.items() if k != "created_at"},
    )  # fmt: skip
    return out


async def risk_watch_list(
    session: AsyncSession,
    *,
    year: int,
    region: str | None,
    params: ParameterSet,
    on: date,
    after: uuid.UUID | None,
    limit: int,
) -> tuple[list[dict[str, Any]], uuid.UUID | None]:
    """Flagged persons of `year` (thresholds in force on 31 December), keyset-paged by person,
    with the departments' feeds each was found in and the feeds missing or stale on `on`."""
    year_end = date(year, 12, 31)
    amount = _optional(params, p.RISK_SELF_PAY_THRESHOLD, year_end, region)
    ratio = _optional(params, p.RISK_INCOME_RATIO_THRESHOLD, year_end, region)
    if amount is None and ratio is None:
        raise ParameterNotConfigured(p.RISK_SELF_PAY_THRESHOLD, year_end, region)
    status, latest = await feeds_on(session, on, params, region)
    civil = latest.get("civil_affairs")
    rows = await repo.risk_candidates(
        session,
        year=year,
        amount=amount,
        ratio=ratio,
        county=region,
        civil_affairs_feed=None if civil is None else civil.feed_id,
        after=after,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    by_id = {str(r.person_id): r for r in rows}
    source_of = {r.feed_id: r.source for r in latest.values()}
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for e in await repo.risk_feed_entries_of(session, list(source_of), [r.person_id for r in rows]):
        details = dict(e.details)
        if e.household_income is not None:
            details["household_income"] = f"{e.household_income:.2f}"
        found.setdefault(str(e.person_id), {})[source_of[e.feed_id]] = details
    facts = [
        RiskFacts(
            str(r.person_id),
            r.final_self_pay,
            r.household_income,
            # The person's year totals are the medical-insurance data this service holds.
            frozenset({"medical_insurance", *found.get(str(r.person_id), {})}),
        )
        for r in rows
    ]
    flags = risk_watch(facts, year_end, params, region)
    sources = {f.person_id: f for f in facts}
    items = [
        {
            "person_id": f.person_id,
            "resident_id_masked": by_id[f.person_id].resident_id_masked,
            "county": by_id[f.person_id].county,
            "year": year,
            "year_self_pay": by_id[f.person_id].final_self_pay,
            "household_income": by_id[f.person_id].household_income,
            "income_ratio": None if f.income_ratio is None else str(f.income_ratio),
            "by_self_pay": f.by_self_pay,
            "by_income_ratio": f.by_income_ratio,
            "sources": [s for s in SOURCES if s in sources[f.person_id].sources],
            "source_details": found.get(f.person_id, {}),
            "feeds_missing": status["missing"],
            "feeds_stale": status["stale"],
            "finding": f.finding.as_dict(),
        }
        for f in flags
    ]
    return items, (rows[-1].person_id if more and rows else None)


# ---- out-of-catalogue share ---------------------------------------------------------------------


async def selfpay_share(
    session: AsyncSession,
    *,
    date_from: date,
    date_to: date,
    region: str | None,
    params: ParameterSet,
) -> dict[str, Any]:
    rows = await repo.hospital_costs(session, date_from=date_from, date_to=date_to, county=region)
    bills = [HospitalBill(r.hospital, r.total_cost, r.out_of_catalogue_cost) for r in rows]
    shares = selfpay_share_by_hospital(bills, date_to, params, region)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "region": region,
        "hospitals": [
            {
                "hospital": s.hospital,
                "total_cost": s.total_cost,
                "out_of_catalogue_cost": s.out_of_catalogue_cost,
                "share": str(s.share),
                "maximum": str(s.maximum),
                "within": s.within,
                "finding": s.finding.as_dict(),
            }
            for s in shares
        ],
    }
