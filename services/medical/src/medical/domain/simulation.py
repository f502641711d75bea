"""Settle a batch of claims in order with running year totals: what-if runs and re-settlement.

Pure and fast: the terms are resolved once per (service date, county) and a person's status once
per day, so per-claim work is only the layer arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from govkit.rules import ParameterSet
from medical.domain.claims import Claim
from medical.domain.needy import NeedyRecord, NeedyStatus, needy_status_on
from medical.domain.settlement import SettlementResult, settle_with_terms
from medical.domain.terms import SettlementTerms, resolve_terms
from medical.domain.totals import YearTotals


def simulate(
    claims: Iterable[Claim],
    initial_totals_by_person: Mapping[str, YearTotals],
    statuses: Mapping[str, Sequence[NeedyRecord]],
    params: ParameterSet,
) -> list[SettlementResult]:
    """Each claim settled as `settle` would, with the totals left by the claims before it.

    `initial_totals_by_person` holds each person's totals for the year they are dated in; a claim
    in another year starts from zero for that year. A person absent from `statuses` has no
    civil-affairs record (not needy).
    """
    running: dict[tuple[str, int], YearTotals] = {
        (person, totals.year): totals for person, totals in initial_totals_by_person.items()
    }
    terms_cache: dict[tuple[date, str | None], SettlementTerms] = {}
    status_cache: dict[tuple[str, date], NeedyStatus] = {}
    results: list[SettlementResult] = []
    for claim in claims:
        day = claim.service_date
        terms = terms_cache.get((day, claim.county))
        if terms is None:
            terms = terms_cache[(day, claim.county)] = resolve_terms(params, day, claim.county)
        status = status_cache.get((claim.person_id, day))
        if status is None:
            records = statuses.get(claim.person_id, ())
            status = status_cache[(claim.person_id, day)] = needy_status_on(records, day)
        key = (claim.person_id, claim.year)
        before = running.get(key) or YearTotals(claim.year)
        result = settle_with_terms(claim, before, status, terms)
        running[key] = result.totals_after
        results.append(result)
    return results
