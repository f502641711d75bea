"""Taking a settled claim back out of a person's year totals (reversal, correction)."""

from __future__ import annotations

from medical.domain.settlement import SettlementResult
from medical.domain.totals import YearTotals


def subtract(totals: YearTotals, settlement: SettlementResult) -> YearTotals:
    """`totals` without this claim's own contribution; subtract(r.totals_after, r) == r.totals_before.

    Later claims of the year were computed against totals that included this one; to re-derive
    them, run `simulate` over the remaining claims from the restored totals.
    """
    return totals.minus(settlement.contribution)
