"""Re-settlement of a person-year after a reversal: every live settlement recomputed in order.

A reversal takes a claim out of the year's totals, but the settlements after it were computed
against totals that included it: the deductibles they consumed, the assistance limit left and
the high-cost threshold they met are now wrong. Re-settlement recomputes the year's live
settlements in service-date order (ties in the order they were made) from an empty year, each
with the recognitions and parameters in force on its service date, and gives each the signed
difference, per layer, between what it now stands at (its first computation plus earlier
adjustments) and the recomputation. Settlements before the reversed one come out unchanged
unless their own inputs changed since. Afterwards each settlement plus its adjustments equals
the in-order recomputation, and the year's totals are their sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govkit.rules import ParameterSet
from medical.domain.arithmetic import ZERO
from medical.domain.claims import Claim
from medical.domain.needy import NeedyRecord, needy_status_on
from medical.domain.settlement import SettlementResult, settle_with_terms
from medical.domain.terms import SettlementTerms, resolve_terms
from medical.domain.totals import YearTotals

LAYERS = (
    "basic",
    "after_basic",
    "critical_illness",
    "after_critical_illness",
    "assistance",
    "after_assistance",
    "commercial",
    "self_pay",
    "resolution",
    "final_self_pay",
)
CONSUMED = (
    "basic_deductible_used",
    "deductible_used",
    "cs_deductible_used",
    "needy_self_pay",
    "basic_paid_outpatient",
)
AMOUNTS = (*LAYERS, *CONSUMED)
"""Everything an adjustment changes of a settlement: the layers and what it adds to the totals."""


def amounts_of(result: SettlementResult) -> dict[str, Decimal]:
    c = result.contribution
    return {
        **{name: getattr(result, name) for name in LAYERS},
        **{name: getattr(c, name) for name in CONSUMED},
    }


def contribution_from(year: int, a: Mapping[str, Decimal]) -> YearTotals:
    """What a settlement standing at amounts `a` adds to its year's totals."""
    return YearTotals(
        year,
        1,
        a["basic"] - a["basic_paid_outpatient"],
        a["basic_deductible_used"],
        a["deductible_used"],
        a["critical_illness"],
        a["assistance"],
        a["cs_deductible_used"],
        a["commercial"],
        a["self_pay"],
        a["resolution"],
        a["final_self_pay"],
        a["needy_self_pay"],
        a["basic_paid_outpatient"],
    )


@dataclass(frozen=True, slots=True)
class Standing:
    """A live settlement as it stands: its claim, the order it was made in, its amounts now."""

    settlement_id: str
    order: int
    claim: Claim
    needy: bool
    amounts: Mapping[str, Decimal]


@dataclass(frozen=True)
class Recomputed:
    standing: Standing
    result: SettlementResult

    @property
    def deltas(self) -> dict[str, Decimal]:
        now = amounts_of(self.result)
        return {name: now[name] - self.standing.amounts[name] for name in AMOUNTS}

    @property
    def changed(self) -> bool:
        return self.result.needy != self.standing.needy or any(
            d != ZERO for d in self.deltas.values()
        )


@dataclass(frozen=True)
class Resettlement:
    year: int
    recomputed: tuple[Recomputed, ...]
    totals: YearTotals  # the year's totals after it: the sum of the recomputed settlements

    @property
    def adjusted(self) -> tuple[Recomputed, ...]:
        return tuple(r for r in self.recomputed if r.changed)


def resettle(
    year: int,
    standing: Iterable[Standing],
    records: Iterable[NeedyRecord],
    params: ParameterSet,
) -> Resettlement:
    """Recompute `standing` (a person-year's live settlements) in service-date order."""
    records = tuple(records)
    terms: dict[tuple[date, str | None], SettlementTerms] = {}
    running = YearTotals(year)
    out = []
    for s in sorted(standing, key=lambda s: (s.claim.service_date, s.order)):
        day, county = s.claim.service_date, s.claim.county
        if (day, county) not in terms:
            terms[day, county] = resolve_terms(params, day, county)
        result = settle_with_terms(
            s.claim, running, needy_status_on(records, day), terms[day, county]
        )
        out.append(Recomputed(s, result))
        running = result.totals_after
    return Resettlement(year, tuple(out), running)
