"""What-if runs: a batch of claims settled in order with running totals, storing nothing.

Persons are hypothetical (labels with their recognitions in the request) or registered (their
recognitions are read, nothing is written). `parameter_overrides` apply to a copy of the
parameters in force, never to the baseline. Each person's totals start from zero for each year.
"""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.http.problem import VALIDATION, ProblemError
from govkit.platform.parameters import apply_overrides
from govkit.rules import ParameterNotConfigured, ParameterSet
from medical.api.schemas import SimulationRequest
from medical.db import repository as repo
from medical.domain import Claim, MedicalDomainError, NeedyRecord, simulate
from medical.domain import parameters as p
from medical.domain.arithmetic import left
from medical.domain.settlement import SettlementResult, totals_as_dict
from medical.service.persons import domain_record
from medical.service.rules import catalogue
from medical.service.settlements import layers_out

_SUMS = (
    "basic",
    "critical_illness",
    "assistance",
    "commercial",
    "self_pay",
    "resolution",
    "final_self_pay",
)


def _invalid(pointer: str, detail: str) -> ProblemError:
    return ProblemError(
        VALIDATION,
        "The simulation request is not valid.",
        errors=[{"in": "body", "pointer": pointer, "detail": detail, "type": "value_error"}],
    )


async def run_simulation(
    session: AsyncSession, body: SimulationRequest, *, params: ParameterSet
) -> dict[str, Any]:
    started = time.perf_counter()
    scenario = apply_overrides(params, body.parameter_overrides)

    statuses: dict[str, list[NeedyRecord]] = {}
    for label, person in body.persons.items():
        try:
            statuses[label] = [domain_record(r) for r in person.records]
        except MedicalDomainError as exc:
            raise _invalid(f"#/persons/{label}/records", exc.message_en) from None
    counties: dict[str, str | None] = {}
    wanted: dict[str, uuid.UUID] = {}
    for i, c in enumerate(body.claims):
        if c.person in statuses or c.person in wanted:
            continue
        try:
            if not body.from_register:
                raise ValueError
            wanted[c.person] = uuid.UUID(c.person)
        except ValueError:
            raise _invalid(
                f"#/claims/{i}/person",
                f"{c.person!r} is neither a label in `persons` nor a person ID",
            ) from None
    if wanted:
        found = await repo.persons_by_ids(session, list(wanted.values()))
        missing = [label for label, pid in wanted.items() if pid not in found]
        if missing:
            raise _invalid("#/claims", f"no registered person {', '.join(missing[:5])}")
        records = await repo.records_of_many(session, list(wanted.values()))
        for label, pid in wanted.items():
            statuses[label] = repo.as_domain(records.get(pid, []))
            counties[label] = found[pid].county

    entries = (
        [e for e, _ in await catalogue(session)] if any(c.disease_code for c in body.claims) else []
    )
    claims = []
    for i, c in enumerate(body.claims):
        try:
            claims.append(
                Claim(
                    claim_id=c.claim_id or str(i),
                    person_id=c.person,
                    service_date=c.service_date,
                    hospital=c.hospital,
                    hospital_level=c.hospital_level,
                    setting=c.setting,
                    total_cost=c.total_cost,
                    in_policy_cost=c.in_policy_cost,
                    basic_payout=c.basic_payout,
                    over_limit_catalogue_drugs=c.over_limit_catalogue_drugs,
                    out_of_catalogue_special_drugs=c.out_of_catalogue_special_drugs,
                    followed_guidance=c.followed_guidance,
                    referred=c.referred,
                    county=c.county or counties.get(c.person),
                    disease_code=c.disease_code,
                    disease_listed=any(
                        e.code == c.disease_code and e.in_force(c.service_date) for e in entries
                    ),
                )
            )
        except MedicalDomainError as exc:
            raise _invalid(f"#/claims/{i}", exc.message_en) from None

    results = simulate(claims, {}, statuses, scenario)
    return _answer(body, results, started)


def _limit_left(r: SettlementResult) -> str | None:
    if not r.needy or r.status.tekun:
        return None
    try:
        return str(left(r.terms.number(p.MA_ANNUAL_LIMIT), r.totals_after.ma_paid))
    except ParameterNotConfigured:
        return None


def _answer(
    body: SimulationRequest, results: list[SettlementResult], started: float
) -> dict[str, Any]:
    sums = dict.fromkeys(("total_cost", *_SUMS), Decimal(0))
    final: dict[tuple[str, int], Any] = {}
    warnings: set[str] = set()
    out = []
    for i, r in enumerate(results):
        sums["total_cost"] += r.claim.total_cost
        for name in _SUMS:
            sums[name] += getattr(r, name)
        final[(r.claim.person_id, r.claim.year)] = r.totals_after
        item: dict[str, Any] = {
            "index": i,
            "claim_id": r.claim.claim_id,
            "person": r.claim.person_id,
            "service_date": r.claim.service_date.isoformat(),
            "needy": r.needy,
            "category": r.status.category.value if r.status.category else None,
            "total_cost": str(r.claim.total_cost),
            "layers": layers_out(r),
            "assistance_limit_left_after": _limit_left(r),
            "warnings": [w.code for w in r.warnings],
        }
        if body.include_findings:
            item["findings"] = [f.as_dict() for f in r.findings]
        warnings.update(str(w) for w in r.warnings)
        out.append(item)
    return {
        "stored": False,
        "claims": len(results),
        "parameter_overrides": body.parameter_overrides,
        "totals": {k: str(v) for k, v in sums.items()},
        "persons": [
            {"person": person, **totals_as_dict(t)} for (person, _), t in sorted(final.items())
        ],
        "results": out,
        "warnings": sorted(warnings),
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
