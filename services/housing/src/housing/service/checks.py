"""Stateless checks: the domain evaluators over a request; nothing is stored.

Each answers an unstored Decision (`govkit.platform.computations.decision_body`). The district a
request names is looked up in the stored district versions on the law's day: an unknown code is
a 422 pointing at the field.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.calendar import today_shanghai
from govkit.platform.computations import decision_body, scenario, what_if
from govkit.rules import Decision, ParameterSet
from housing.api.check_schemas import (
    HousingLeaseCheck,
    HousingProjectCheck,
    HousingTenantCheck,
    HousingTitleCheck,
)
from housing.domain import (
    LeaseTerms,
    RenewalTerms,
    Term,
    check_lease,
    check_project,
    check_renewal,
    check_tenant,
    check_title,
)
from housing.domain.lease import renewal_chain_end
from housing.domain.policy import law_date
from housing.service.reference import load_registry, require_district


async def tenant(
    session: AsyncSession, body: HousingTenantCheck, params: ParameterSet
) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    registry = await load_registry(session)
    require_district(registry, body.work_district, law_date(as_of), "#/work_district")
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_tenant(body.to_domain(), used, as_of)
    return decision_body(decision, body.parameter_overrides)


async def project(
    session: AsyncSession, body: HousingProjectCheck, params: ParameterSet
) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    registry = await load_registry(session)
    require_district(registry, body.district, law_date(as_of), "#/district")
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_project(body.to_domain(), registry, used, as_of)
    return decision_body(decision, body.parameter_overrides)


def lease_decision(body: HousingLeaseCheck, params: ParameterSet, as_of: date) -> Decision:
    """The lease's findings, then (given a renewal) the renewal's, as one Decision."""
    market = body.market_rent.to_domain()
    area = body.unit.area
    lease = body.lease
    terms = LeaseTerms(
        Term(lease.starts_on, lease.term_months, lease.ends_on), lease.monthly_rent, area
    )
    first = check_lease(terms, market, params, as_of, body.district)
    if body.renewal is None:
        return first
    original_end = terms.term.end
    history = [
        RenewalTerms(p.term_months, p.ends_on, lease.monthly_rent, "")
        for p in body.previous_renewals
    ]
    current_end = renewal_chain_end(original_end, history)
    r = body.renewal
    renewal_market = r.market_rent.to_domain() if r.market_rent else market
    outcome = check_renewal(
        original_end=original_end,
        current_end=current_end,
        previous_renewals=len(history),
        renewal=RenewalTerms(r.term_months, r.ends_on, r.monthly_rent, r.special_reason),
        market=renewal_market,
        unit_area=area,
        params=params,
        as_of=as_of,
        region=body.district,
    )
    # The renewal's market-rent finding is news only when the renewal has its own market rent.
    renewal_findings = tuple(
        f
        for f in outcome.decision.findings
        if r.market_rent is not None or f.rule_id != "HOUS-MARKET-RENT"
    )
    return Decision(
        subject="housing.lease",
        findings=(*first.findings, *renewal_findings),
        as_of=as_of,
        rules_version=first.rules_version,
        parameters_used={**first.parameters_used, **outcome.decision.parameters_used},
        warnings=first.warnings,
        result={
            **first.result,
            "renewal": {
                **outcome.decision.result,
                "previous_renewals": len(history),
                "current_end_before": current_end,
                "first_day_after_original": original_end + timedelta(days=1),
            },
        },
    )


async def lease(
    session: AsyncSession, body: HousingLeaseCheck, params: ParameterSet
) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    registry = await load_registry(session)
    require_district(registry, body.district, law_date(as_of), "#/district")
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = lease_decision(body, used, as_of)
    return decision_body(decision, body.parameter_overrides)


async def title(
    session: AsyncSession, body: HousingTitleCheck, params: ParameterSet
) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    registry = await load_registry(session)
    require_district(registry, body.district, law_date(as_of), "#/district")
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_title(body.to_domain(), used, as_of, body.district)
    return decision_body(decision, body.parameter_overrides)
