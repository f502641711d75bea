"""The housing evaluation context: govkit's `Evaluation` with this policy's clauses, rules
version and validity window.

An evaluation dated outside the window (2022-01-01 to 2026-12-31 unless an operator records
otherwise) is still computed; its Decision carries a warning naming the window. Parameter values
are read as of the window's first day for an earlier evaluation day.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from govkit.rules import Finding, ParameterNotConfigured
from govkit.rules.evaluation import Evaluation
from housing.domain.catalogue import CLAUSES, RULES_VERSION
from housing.domain.parameters import VALID_FROM, VALID_UNTIL
from housing.domain.policy import DOCUMENT, law_date

POLICY_NOT_YET = "policy-not-yet-in-force"
POLICY_EXPIRED = "policy-expired"


class HousingEvaluation(Evaluation):
    """Collects findings for one evaluation at `as_of` for a county (`region`)."""

    __slots__ = ()
    CLAUSES = CLAUSES
    RULES_VERSION = RULES_VERSION

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        return law_date(as_of)

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        return (), validity_warnings(self)

    def optional_count(self, path: str) -> int | None:
        """A whole-number parameter the text leaves open: None while nobody configured it."""
        try:
            return self.count(path)
        except ParameterNotConfigured:
            return None


def validity_warnings(ev: Evaluation) -> tuple[str, ...]:
    first, last = ev.day(VALID_FROM), ev.day(VALID_UNTIL)
    if ev.as_of < first:
        return (
            f"{POLICY_NOT_YET}: {DOCUMENT}自{first.isoformat()}起施行，评估日{ev.as_of.isoformat()}"
            f"尚未施行；参数按{ev.law_date.isoformat()}取值，结论仅供参考 / in force from "
            f"{first.isoformat()}; evaluated with the values of {ev.law_date.isoformat()}, for "
            "reference only",
        )
    if ev.as_of > last:
        return (
            f"{POLICY_EXPIRED}: {DOCUMENT}有效期至{last.isoformat()}，已失效；按当日仍在执行的参数"
            f"计算 / expired after {last.isoformat()}; computed with the parameters still in force",
        )
    return ()


_CENT = Decimal("0.0001")
FEN = Decimal("0.01")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage to 2 places for display (comparisons never use it)."""
    if not whole:
        return None
    return (part / whole * 100).quantize(FEN, rounding=ROUND_HALF_UP)


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole to 4 places for display (None if whole is zero)."""
    if not whole:
        return None
    return (part / whole).quantize(_CENT, rounding=ROUND_HALF_UP)
