"""Re-settlement of a person-year after a reversal, recorded as adjustments.

Runs in the caller's transaction: the reversal's when it asks for it (`resettle: true`), or its
own (`POST …/persons/{id}/years/{year}/resettlement`). The person-year's totals row is locked
first, as a settlement does, so re-settlements, settlements and reversals of one person-year
run one after another; a second re-settlement of an unchanged year finds nothing to adjust.
Each adjustment is stored with its own ID, decision and audit record; the totals row takes the
recomputed totals and is no longer marked pending.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import NOT_FOUND, ProblemError
from govkit.platform.decisions import store_decision
from govkit.rules import Decision, ParameterSet
from medical.db import repository as repo
from medical.domain import Claim, HospitalLevel
from medical.domain.claims import CareSetting
from medical.domain.resettlement import AMOUNTS, LAYERS, Recomputed, Standing, resettle
from medical.domain.settlement import totals_as_dict

SUBJECT = "medical.settlement.adjustment"


def claim_of(row: Any) -> Claim:
    """The claim a settlements row was settled for, from its stored columns."""
    return Claim(
        claim_id=row.claim_id,
        person_id=str(row.person_id),
        service_date=row.service_date,
        hospital=row.hospital,
        hospital_level=HospitalLevel(row.hospital_level),
        setting=CareSetting(row.setting),
        total_cost=row.total_cost,
        in_policy_cost=row.in_policy_cost,
        basic_payout=row.basic_payout_input,
        over_limit_catalogue_drugs=row.over_limit_catalogue_drugs,
        out_of_catalogue_special_drugs=row.out_of_catalogue_special_drugs,
        followed_guidance=row.followed_guidance,
        referred=row.referred,
        county=row.county,
        disease_code=row.disease_code,
        disease_listed=row.disease_listed,
    )


def _money(values: dict[str, Decimal], names: tuple[str, ...]) -> dict[str, str]:
    return {name: f"{values[name]:.2f}" for name in names}


def adjustment_out(row: Any) -> dict[str, Any]:
    """An adjustment as the API shows it (AdjustmentOut)."""
    return {
        "adjustment_id": str(row.adjustment_id),
        "settlement_id": str(row.settlement_id),
        "reversal_id": None if row.reversal_id is None else str(row.reversal_id),
        "person_id": str(row.person_id),
        "year": row.year,
        "needy": row.needy,
        "category": row.category,
        "deltas": {name: f"{getattr(row, name):.2f}" for name in AMOUNTS},
        "resolution_channel": row.resolution_channel,
        "decision_id": str(row.decision_id),
        "created_at": audit.jsonable(row.created_at),
    }


async def settlement_adjustments(session: AsyncSession, settlement_id: uuid.UUID) -> dict[str, Any]:
    found = await repo.standing_settlements(
        session, uuid.UUID(int=0), 0, settlement_id=settlement_id
    )
    if not found:
        raise ProblemError(NOT_FOUND, f"No settlement {settlement_id}.")
    (standing,) = found
    row = standing.row
    return {
        "settlement_id": str(settlement_id),
        "layers_first": {name: f"{getattr(row, name):.2f}" for name in LAYERS},
        "layers_now": _money(standing.amounts, LAYERS),
        "adjustments": [
            adjustment_out(a) for a in await repo.adjustments_of(session, settlement_id)
        ],
    }


async def resettle_year(
    session: AsyncSession,
    person_id: uuid.UUID,
    year: int,
    *,
    params: ParameterSet,
    principal: Principal,
    reversal_id: uuid.UUID | None,
) -> dict[str, Any]:
    """Recompute the person-year in service-date order; store and audit the adjustments."""
    before = await repo.lock_year_totals(session, person_id, year)
    standing_rows = await repo.standing_settlements(session, person_id, year)
    records = repo.as_domain(await repo.records_of(session, person_id))
    by_id = {str(r.row.settlement_id): r for r in standing_rows}
    standing = [
        Standing(str(r.row.settlement_id), r.row.seq, claim_of(r.row), r.needy, r.amounts)
        for r in standing_rows
    ]
    done = resettle(year, standing, records, params)
    at, made = repo.now(), []
    rows: list[dict[str, Any]] = []
    for rc in done.adjusted:
        rows.append(await _adjustment(session, rc, by_id[rc.standing.settlement_id], reversal_id, principal, at))  # fmt: skip
    await repo.insert_adjustments(session, rows)
    await repo.write_year_totals(session, person_id, done.totals)
    await repo.set_resettlement_pending(session, person_id, year, False)
    for row, rc in zip(rows, done.adjusted, strict=True):
        made.append(
            {
                "adjustment_id": str(row["adjustment_id"]),
                "settlement_id": rc.standing.settlement_id,
                "claim_id": rc.standing.claim.claim_id,
                "service_date": rc.standing.claim.service_date.isoformat(),
                "deltas": _money(rc.deltas, AMOUNTS),
                "layers_before": _money(dict(rc.standing.amounts), LAYERS),
                "layers_after": _money(dict(_now(rc)), LAYERS),
                "decision_id": str(row["decision_id"]),
            }
        )
        await audit.append_at_commit(
            session,
            principal,
            None,
            "settlement.adjust",
            "settlement",
            rc.standing.settlement_id,
            {"layers": made[-1]["layers_before"]},
            {
                "adjustment_id": made[-1]["adjustment_id"],
                "reversal_id": None if reversal_id is None else str(reversal_id),
                "deltas": made[-1]["deltas"],
                "layers": made[-1]["layers_after"],
            },
        )
    return {
        "status": "done",
        "person_id": str(person_id),
        "year": year,
        "reversal_id": None if reversal_id is None else str(reversal_id),
        "recomputed": len(done.recomputed),
        "adjustments": made,
        "totals_before": totals_as_dict(before),
        "totals_after": totals_as_dict(done.totals),
    }


def _now(rc: Recomputed) -> dict[str, Decimal]:
    return {name: getattr(rc.result, name) for name in LAYERS}


async def _adjustment(
    session: AsyncSession,
    rc: Recomputed,
    standing: repo.StandingRow,
    reversal_id: uuid.UUID | None,
    principal: Principal,
    at: Any,
) -> dict[str, Any]:
    r = rc.result
    adjustment_id = uuid.uuid4()
    decision = Decision(
        subject=SUBJECT,
        findings=r.findings,
        as_of=r.as_of,
        rules_version=r.rules_version,
        parameters_used={k: v.as_dict() for k, v in r.parameters_used.items()},
        warnings=tuple(str(w) for w in r.warnings),
        result={
            "adjustment_id": str(adjustment_id),
            "settlement_id": rc.standing.settlement_id,
            "reversal_id": None if reversal_id is None else str(reversal_id),
            "needy": r.needy,
            "deltas": _money(rc.deltas, AMOUNTS),
            "layers_before": _money(dict(standing.amounts), LAYERS),
            "layers_after": _money(_now(rc), LAYERS),
            "totals_before": totals_as_dict(r.totals_before),
            "totals_after": totals_as_dict(r.totals_after),
        },
    )
    decision_id = await store_decision(session, decision, principal, audited=False)
    return {
        "adjustment_id": adjustment_id,
        "settlement_id": uuid.UUID(rc.standing.settlement_id),
        "reversal_id": reversal_id,
        "person_id": standing.row.person_id,
        "year": standing.row.year,
        "needy": r.needy,
        "category": r.status.category.value if r.status.category else None,
        **rc.deltas,
        "resolution_channel": r.resolution_channel,
        "decision_id": decision_id,
        **repo.created(principal),
        "created_at": at,
    }
