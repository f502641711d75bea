"""The housing evaluation context: govkit's `Evaluation` with this policy's clauses, rules
version and validity window, the window's two days read as parameters.

An evaluation dated outside the window (2022-01-01 to 2026-12-31 unless an operator records
otherwise through `housing.policy.valid_from` / `…valid_until`) is still computed; its Decision
carries a warning naming the window. Parameter values are read as of the window's first day for
an earlier evaluation day. The targets are set for the text's own periods (the 14th Five-Year
Plan from 2021, the 2021 land supply): `TargetEvaluation` reads them on the year's own days,
2021 included, with no window warning.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from govkit.rules import Finding, ParameterNotConfigured
from govkit.rules.evaluation import FAIL, NOT_APPLICABLE, PASS, WARN, Evaluation
from housing.domain.catalogue import CLAUSES, RULES_VERSION
from housing.domain.parameters import VALID_FROM, VALID_UNTIL
from housing.domain.policy import DOCUMENT, law_date

__all__ = [
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "WARN",
    "HousingEvaluation",
    "TargetEvaluation",
    "pct",
    "percent",
]

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


class TargetEvaluation(HousingEvaluation):
    """A target year's evaluation: dated by the year's own day, no window warning."""

    __slots__ = ()

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        return as_of

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        return (), ()


def validity_warnings(ev: Evaluation) -> tuple[str, ...]:
    first, last = ev.day(VALID_FROM), ev.day(VALID_UNTIL)
    if ev.as_of < first:
        return (
            f"{POLICY_NOT_YET}: {DOCUMENT}自{first}起施行，评估日{ev.as_of}尚未施行；参数按"
            f"{ev.law_date}取值，结论仅供参考 / in force from {first}; evaluated with the values "
            f"of {ev.law_date}, for reference only",
        )
    if ev.as_of > last:
        return (
            f"{POLICY_EXPIRED}: {DOCUMENT}有效期至{last}，已失效；按当日仍在执行的参数计算 / "
            f"expired after {last}; computed with the parameters still in force",
        )
    return ()


FEN = Decimal("0.01")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage to 2 places for display (comparisons never use it)."""
    if not whole:
        return None
    return (part / whole * 100).quantize(FEN, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=256)
def pct(ratio: Decimal) -> str:
    """A parameter's fraction as a whole percentage for messages: 0.80 → "80%"."""
    return f"{ratio * 100:.0f}%"
