"""Settlement, reversal and the year summary: the use cases that move money.

Order of work in a settlement's transaction (the request's session; committed by the session
dependency once the endpoint returns):

1. the Idempotency-Key's advisory lock and stored answer (router, `IdempotencyDep`);
2. the person and their recognitions, in one query (registered on the fly when settled by a
   resident ID not on the register);
3. the person-year totals row, created if missing and row-locked in one statement (INSERT …
   ON CONFLICT DO UPDATE) — every other claim of that person and year waits here; the same
   statement looks for a live settlement of the same hospital claim (one committed while this
   waited is caught by the partial unique index at insert: 409 either way);
4. the pure domain `settle` with the parameters in force on the service date and county;
5. one statement updates the totals row and inserts the settlement; then the decision is stored;
6. the answer stored under the Idempotency-Key (router);
7. the audit record (router), linked into the chain as the transaction commits, so the schema's
   chain lock is held for that link and the commit's flush only.

Every statement runs on the session's own asyncpg connection (`repository.driver`): same
transaction, a fraction of the ORM's per-statement cost on the path that holds the row lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.calendar import today_shanghai
from govkit.http.auth import Principal
from govkit.http.problem import NOT_FOUND, ProblemError
from govkit.identity import resident_key
from govkit.platform.decisions import load_decision, store_decision
from govkit.rules import Decision, ParameterNotConfigured, ParameterSet
from medical.api.schemas import ReversalCreate, SettlementCreate
from medical.db import repository as repo
from medical.db.tables import LAYER_COLUMNS
from medical.domain import Claim, needy_status_on, settle
from medical.domain import parameters as p
from medical.domain.arithmetic import left
from medical.domain.resettlement import contribution_from
from medical.domain.settlement import SettlementResult, totals_as_dict
from medical.domain.terms import resolve_terms
from medical.domain.validity import policy_warnings
from medical.problems import CLAIM_ALREADY_SETTLED, SETTLEMENT_ALREADY_REVERSED
from medical.service.persons import person_not_found, status_out
from medical.service.resettlement import resettle_year
from medical.service.rules import disease_listed

SUBJECT = "medical.settlement"
LATER_NOT_RECOMPUTED = "later-settlements-not-recomputed"


@dataclass(frozen=True, slots=True)
class Written:
    """A use case's answer, and the audit record the router appends after storing the answer."""

    body: dict[str, Any]
    entity_id: uuid.UUID
    action: str
    entity_type: str
    before: Any
    after: Any

    async def append_audit(self, session: AsyncSession, principal: Principal) -> None:
        # Linked into the chain as the transaction commits: the chain's lock is not held for
        # the rest of the request (see govkit.audit.linking).
        await audit.append_at_commit(
            session,
            principal,
            None,
            self.action,
            self.entity_type,
            self.entity_id,
            self.before,
            self.after,
        )


# ---- settlement -------------------------------------------------------------------------------


async def _person(
    session: AsyncSession,
    conn: Any,
    body: SettlementCreate,
    principal: Principal,
    pii_key: bytes,
) -> repo.PersonRecords:
    """The person with their recognitions; an unregistered resident is registered on the fly."""
    if body.person_id is not None:
        found = await repo.person_with_records(conn, person_id=body.person_id)
        if found is None:
            raise person_not_found(body.person_id)
        return found
    assert body.resident_id is not None
    key = resident_key(body.resident_id, pii_key)
    found = await repo.person_with_records(conn, resident_hash=key.hash)
    if found is not None:
        return found
    # Not on the civil-affairs list: settled on the ordinary terms, registered for its totals.
    new_id = uuid.uuid4()
    values = {
        "person_id": new_id,
        "resident_id_hash": key.hash,
        "resident_id_masked": key.masked,
        "county": body.county,
        "source": "settlement",
    }
    if await repo.insert_person(session, values, principal) is not None:
        return repo.PersonRecords(repo.PersonRef(new_id, key.masked, body.county), [])
    found = await repo.person_with_records(conn, resident_hash=key.hash)  # registered meanwhile
    assert found is not None
    return found


def claim_out(c: Claim) -> dict[str, Any]:
    return {
        "claim_id": c.claim_id,
        "hospital": c.hospital,
        "hospital_level": c.hospital_level.value,
        "setting": c.setting.value,
        "service_date": c.service_date.isoformat(),
        "county": c.county,
        "total_cost": str(c.total_cost),
        "in_policy_cost": str(c.in_policy_cost),
        "basic_payout": None if c.basic_payout is None else str(c.basic_payout),
        "over_limit_catalogue_drugs": str(c.over_limit_catalogue_drugs),
        "out_of_catalogue_special_drugs": str(c.out_of_catalogue_special_drugs),
        "followed_guidance": c.followed_guidance,
        "referred": c.referred,
        "disease_code": c.disease_code,
        "disease_listed": c.disease_listed,
    }


def layers_out(r: Any) -> dict[str, str]:
    """The ten layer amounts of a SettlementResult or a settlements row, as decimal strings."""
    return {
        "basic": str(r.basic),
        "after_basic": str(r.after_basic),
        "critical_illness": str(r.critical_illness),
        "after_critical_illness": str(r.after_critical_illness),
        "assistance": str(r.assistance),
        "after_assistance": str(r.after_assistance),
        "commercial": str(r.commercial),
        "self_pay": str(r.self_pay),
        "resolution": str(r.resolution),
        "final_self_pay": str(r.final_self_pay),
    }


def decision_result(
    settlement_id: uuid.UUID, person: repo.PersonRef, r: SettlementResult
) -> dict[str, Any]:
    """The settlement's own part of its decision (and of every answer about it)."""
    return {
        "settlement_id": str(settlement_id),
        "person_id": str(person.person_id),
        "resident_id_masked": person.resident_id_masked,
        "claim": claim_out(r.claim),
        "needy": r.needy,
        "category": r.status.category.value if r.status.category else None,
        "status_reason_zh": r.status.reason_zh,
        "status_reason_en": r.status.reason_en,
        "layers": layers_out(r),
        "resolution_channel": r.resolution_channel,
        "totals_before": totals_as_dict(r.totals_before),
        "totals_after": totals_as_dict(r.totals_after),
        "warnings": [w.as_dict() for w in r.warnings],
    }


def settlement_body(
    *,
    settlement_id: uuid.UUID,
    decision_id: uuid.UUID,
    status: str,
    reversal_id: uuid.UUID | None,
    result: Mapping[str, Any],
    as_of: date,
    rules_version: str,
    outcome: str,
    findings: list[dict[str, Any]],
    parameters_used: Mapping[str, Any],
    created_at: Any,
) -> dict[str, Any]:
    """One shape for POST's answer and GET's (SettlementOut), JSON-ready."""
    return {
        "settlement_id": str(settlement_id),
        "decision_id": str(decision_id),
        "status": status,
        "reversal_id": None if reversal_id is None else str(reversal_id),
        "person_id": result["person_id"],
        "resident_id_masked": result["resident_id_masked"],
        "claim": result["claim"],
        "as_of": as_of.isoformat(),
        "rules_version": rules_version,
        "outcome": outcome,
        "needy": result["needy"],
        "category": result["category"],
        "status_reason_zh": result["status_reason_zh"],
        "status_reason_en": result["status_reason_en"],
        "layers": result["layers"],
        "resolution_channel": result["resolution_channel"],
        "totals_before": result["totals_before"],
        "totals_after": result["totals_after"],
        "findings": findings,
        "warnings": result["warnings"],
        "parameters_used": dict(parameters_used),
        "created_at": audit.jsonable(created_at),
    }


async def settle_claim(
    session: AsyncSession,
    body: SettlementCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    pii_key: bytes,
) -> Written:
    conn = await repo.driver(session)
    found = await _person(session, conn, body, principal, pii_key)
    person = found.person
    claim = Claim(
        claim_id=body.claim_id,
        person_id=str(person.person_id),
        service_date=body.service_date,
        hospital=body.hospital,
        hospital_level=body.hospital_level,
        setting=body.setting,
        total_cost=body.total_cost,
        in_policy_cost=body.in_policy_cost,
        basic_payout=body.basic_payout,
        over_limit_catalogue_drugs=body.over_limit_catalogue_drugs,
        out_of_catalogue_special_drugs=body.out_of_catalogue_special_drugs,
        followed_guidance=body.followed_guidance,
        referred=body.referred,
        county=body.county or person.county,
        disease_code=body.disease_code,
        disease_listed=body.disease_code is not None
        and await disease_listed(session, body.disease_code, body.service_date),
    )
    status = needy_status_on(found.records, claim.service_date)

    totals, existing = await repo.lock_totals_for_claim(
        conn, person.person_id, claim.year, claim.hospital, claim.claim_id
    )
    if existing is not None:
        raise _already_settled(existing)
    result = settle(claim, totals, status, params)

    settlement_id, at = uuid.uuid4(), repo.now()
    decision = Decision(
        subject=SUBJECT,
        findings=result.findings,
        as_of=result.as_of,
        rules_version=result.rules_version,
        parameters_used={k: v.as_dict() for k, v in result.parameters_used.items()},
        warnings=tuple(str(w) for w in result.warnings),
        result=decision_result(settlement_id, person, result),
    )
    decision_id = uuid.UUID(decision.decision_id)
    contribution = result.contribution
    row = {
        "settlement_id": settlement_id,
        "person_id": person.person_id,
        "year": claim.year,
        "claim_id": claim.claim_id,
        "hospital": claim.hospital,
        "hospital_level": claim.hospital_level.value,
        "setting": claim.setting.value,
        "service_date": claim.service_date,
        "county": claim.county,
        "total_cost": claim.total_cost,
        "in_policy_cost": claim.in_policy_cost,
        "basic_payout_input": claim.basic_payout,
        "over_limit_catalogue_drugs": claim.over_limit_catalogue_drugs,
        "out_of_catalogue_special_drugs": claim.out_of_catalogue_special_drugs,
        "followed_guidance": claim.followed_guidance,
        "referred": claim.referred,
        "needy": result.needy,
        "category": result.status.category.value if result.status.category else None,
        **{name: getattr(result, name) for name in LAYER_COLUMNS},
        "resolution_channel": result.resolution_channel,
        "basic_deductible_used": contribution.basic_deductible_used,
        "deductible_used": contribution.deductible_used,
        "cs_deductible_used": contribution.cs_deductible_used,
        "basic_paid_outpatient": contribution.basic_paid_outpatient,
        "disease_code": claim.disease_code,
        "disease_listed": claim.disease_listed,
        "outcome": result.outcome.value,
        "rules_version": result.rules_version,
        "decision_id": decision_id,
        "status": "settled",
        **repo.created(principal),
        "created_at": at,
    }
    try:
        await repo.write_totals_and_settlement(conn, person.person_id, result.totals_after, row)
    except asyncpg.UniqueViolationError as exc:  # the same claim settled meanwhile
        if exc.constraint_name != "uq_settlements_hospital_claim_id":
            raise
        raise _already_settled(None) from None
    await store_decision(session, decision, principal, audited=False)
    data = decision.as_dict()
    answer = settlement_body(
        settlement_id=settlement_id,
        decision_id=decision_id,
        status="settled",
        reversal_id=None,
        result=decision.result,
        as_of=decision.as_of,
        rules_version=decision.rules_version,
        outcome=decision.outcome.value,
        findings=data["findings"],
        parameters_used=data["parameters_used"],
        created_at=at,
    )
    return Written(
        answer,
        settlement_id,
        "settlement.create",
        "settlement",
        None,
        {
            "person_id": str(person.person_id),
            "claim_id": claim.claim_id,
            "hospital": claim.hospital,
            "service_date": claim.service_date,
            "decision_id": str(decision_id),
            "layers": answer["layers"],
            "totals_after": answer["totals_after"],
        },
    )


def _already_settled(existing: uuid.UUID | None) -> ProblemError:
    return ProblemError(
        CLAIM_ALREADY_SETTLED,
        "The hospital's claim has a live settlement; reverse it before settling again.",
        settlement_id=None if existing is None else str(existing),
    )


async def get_settlement(session: AsyncSession, settlement_id: uuid.UUID) -> dict[str, Any]:
    row = await repo.settlement_by_id(session, settlement_id)
    decision = None if row is None else await load_decision(session, row.decision_id)
    if row is None or decision is None:
        raise ProblemError(NOT_FOUND, f"No settlement {settlement_id}.")
    return settlement_body(
        settlement_id=row.settlement_id,
        decision_id=row.decision_id,
        status=row.status,
        reversal_id=row.reversal_id,
        result=decision.result,
        as_of=decision.as_of,
        rules_version=decision.rules_version,
        outcome=decision.outcome,
        findings=[f.model_dump(mode="json") for f in decision.findings],
        parameters_used=decision.parameters_used,
        created_at=row.created_at,
    )


def settlement_summary(row: Any) -> dict[str, Any]:
    return {
        "settlement_id": row.settlement_id,
        "seq": row.seq,
        "status": row.status,
        "person_id": row.person_id,
        "year": row.year,
        "claim_id": row.claim_id,
        "hospital": row.hospital,
        "service_date": row.service_date,
        "needy": row.needy,
        "category": row.category,
        "total_cost": row.total_cost,
        "layers": layers_out(row),
        "decision_id": row.decision_id,
        "created_at": row.created_at,
    }


# ---- reversal ---------------------------------------------------------------------------------


async def reverse_settlement(
    session: AsyncSession,
    settlement_id: uuid.UUID,
    body: ReversalCreate,
    *,
    params: ParameterSet,
    principal: Principal,
) -> Written:
    row = await repo.settlement_by_id(session, settlement_id, lock=True)
    if row is None:
        raise ProblemError(NOT_FOUND, f"No settlement {settlement_id}.")
    if row.status == "reversed":
        raise ProblemError(
            SETTLEMENT_ALREADY_REVERSED,
            "The settlement was reversed already.",
            settlement_id=str(settlement_id),
            reversal_id=str(row.reversal_id),
        )
    totals = await repo.lock_year_totals(session, row.person_id, row.year)
    # What it stands at now (its first computation plus any adjustments) is what comes out.
    (standing,) = await repo.standing_settlements(
        session, row.person_id, row.year, settlement_id=settlement_id
    )
    contribution = contribution_from(row.year, standing.amounts)
    restored = totals.minus(contribution)
    later = [
        s
        for s in await repo.standing_settlements(session, row.person_id, row.year)
        if s.row.settlement_id != settlement_id
        and ((s.row.service_date, s.row.seq) > (row.service_date, row.seq) or s.row.seq > row.seq)
    ]
    reversal_id, at = uuid.uuid4(), repo.now()
    later_out = [
        {
            "settlement_id": str(s.row.settlement_id),
            "seq": s.row.seq,
            "claim_id": s.row.claim_id,
            "service_date": s.row.service_date.isoformat(),
            "created_at": audit.jsonable(s.row.created_at),
        }
        for s in later
    ]
    await repo.write_year_totals(session, row.person_id, restored)
    await repo.mark_reversed(session, settlement_id, reversal_id, at)
    before, after = totals_as_dict(totals), totals_as_dict(restored)
    await repo.insert_reversal(
        session,
        {
            "reversal_id": reversal_id,
            "settlement_id": settlement_id,
            "person_id": row.person_id,
            "year": row.year,
            "reason": body.reason,
            "totals_before": before,
            "totals_after": after,
            "later_settlements": later_out,
            **repo.created(principal),
            "created_at": at,
        },
    )
    path = f"/medical/v1/persons/{row.person_id}/years/{row.year}/resettlement"
    warnings = []
    resettlement: dict[str, Any]
    if body.resettle:
        resettlement = await resettle_year(
            session,
            row.person_id,
            row.year,
            params=params,
            principal=principal,
            reversal_id=reversal_id,
        )
        after = resettlement["totals_after"]
    elif later_out:
        await repo.set_resettlement_pending(session, row.person_id, row.year, True)
        resettlement = {"status": "pending", "path": path}
        warnings.append(
            {
                "code": LATER_NOT_RECOMPUTED,
                "message_zh": f"同年度此后{len(later_out)}笔结算按含本笔的累计计算，待重新结算："
                f"POST {path}（或冲销时传 resettle: true）",
                "message_en": f"{len(later_out)} later settlement(s) of the year were computed on "
                f"totals that included this one and await re-settlement: POST {path} (or "
                "reverse with resettle: true)",
            }
        )
    else:
        resettlement = {"status": "not_needed", "path": path}
    answer = {
        "reversal_id": str(reversal_id),
        "settlement_id": str(settlement_id),
        "person_id": str(row.person_id),
        "year": row.year,
        "reason": body.reason,
        "restored": totals_as_dict(contribution),
        "totals_before": before,
        "totals_after": after,
        "later_settlements": later_out,
        "resettlement": resettlement,
        "warnings": warnings,
        "created_at": audit.jsonable(at),
    }
    return Written(
        answer,
        settlement_id,
        "settlement.reverse",
        "settlement",
        {"status": "settled", "totals": before},
        {
            "status": "reversed",
            "reversal_id": str(reversal_id),
            "reason": body.reason,
            "totals": after,
            "later_settlements": [s["settlement_id"] for s in later_out],
            "resettlement": resettlement["status"],
        },
    )


async def resettle(
    session: AsyncSession,
    person_id: uuid.UUID,
    year: int,
    *,
    params: ParameterSet,
    principal: Principal,
) -> Written:
    """The explicit re-settlement of a person-year (its last reversal named as the cause)."""
    if await repo.person_by_id(session, person_id) is None:
        raise person_not_found(person_id)
    body = await resettle_year(
        session,
        person_id,
        year,
        params=params,
        principal=principal,
        reversal_id=await repo.last_reversal_id(session, person_id, year),
    )
    return Written(
        body,
        person_id,
        "year.resettle",
        "person_year",
        {"totals": body["totals_before"]},
        {
            "totals": body["totals_after"],
            "adjustments": [a["adjustment_id"] for a in body["adjustments"]],
        },
    )


# ---- year summary -----------------------------------------------------------------------------


def _year_day(year: int, on: date | None) -> date:
    if on is not None:
        return on
    today = today_shanghai()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


async def year_summary(
    session: AsyncSession,
    person_id: uuid.UUID,
    year: int,
    *,
    params: ParameterSet,
    on: date | None,
) -> dict[str, Any]:
    person = await repo.person_by_id(session, person_id)
    if person is None:
        raise person_not_found(person_id)
    as_of = _year_day(year, on)
    if as_of.year != year:
        raise ProblemError(
            NOT_FOUND, "`on` must be a day of the year.", year=year, on=as_of.isoformat()
        )
    county = person.county
    records = repo.as_domain(await repo.records_of(session, person_id))
    status = needy_status_on(records, as_of)
    totals = await repo.read_year_totals(session, person_id, year)
    warnings = policy_warnings(params, as_of, county)
    terms = resolve_terms(params, as_of, county)

    def configured(path: str) -> Any:
        try:
            return terms.number(path)
        except ParameterNotConfigured:
            return None

    if status.tekun:
        limit_out = {"limit": None, "unlimited": True, "used": totals.ma_paid, "left": None}
    else:
        limit = configured(p.MA_ANNUAL_LIMIT)
        limit_out = {
            "limit": limit,
            "unlimited": False,
            "used": totals.ma_paid,
            "left": None if limit is None else left(limit, totals.ma_paid),
        }
    try:
        deductible = terms.needy_ci_deductible() if status.needy else terms.number(p.CI_DEDUCTIBLE)
        ci_out: dict[str, Any] | None = {
            "limit": deductible,
            "unlimited": False,
            "used": totals.deductible_used,
            "left": left(deductible, totals.deductible_used),
        }
    except ParameterNotConfigured:
        ci_out = None
    counts = await repo.settlement_counts(session, person_id, year)
    return {
        "person_id": person_id,
        "year": year,
        "as_of": as_of,
        "status": status_out(status),
        "totals": totals_as_dict(totals),
        "assistance_limit": limit_out,
        "critical_illness_deductible": ci_out,
        "high_cost_threshold": configured(p.HIGH_COST_THRESHOLD),
        "resolution": totals.resolution,
        "final_self_pay": totals.final_self_pay,
        "settlements_live": counts.get("settled", 0),
        "settlements_reversed": counts.get("reversed", 0),
        "resettlement_pending": await repo.resettlement_pending(session, person_id, year),
        "warnings": [w.as_dict() for w in warnings],
    }
