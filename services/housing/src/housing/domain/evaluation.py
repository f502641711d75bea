"""The housing evaluation context: govkit's `Evaluation` under this policy's window, with the
window's two days read as parameters and one finding per rule listing every unmet condition.

An evaluation dated outside the window (2022-01-01 to 2026-12-31 unless an operator records
otherwise through `housing.policy.valid_from` / `…valid_until`) is still computed; its Decision
carries a warning naming the window. Parameter values are read as of the window's first day for
an earlier evaluation day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from govkit.rules import Finding, ParameterNotConfigured, ParameterSet
from govkit.rules.evaluation import Evaluation, PolicyWindow, make_finding
from govkit.rules.model import Outcome
from housing.domain.catalogue import CLAUSES, RULES, RULES_VERSION
from housing.domain.parameters import VALID_FROM, VALID_UNTIL
from housing.domain.policy import (
    DOCUMENT,
    EFFECTIVE_FROM,
    PLAN_FROM,
    TEXT_VALID_UNTIL,
    VALIDITY_QUOTE,
    clause,
)

PASS, FAIL, WARN, NOT_APPLICABLE = Outcome.PASS, Outcome.FAIL, Outcome.WARN, Outcome.NOT_APPLICABLE
POLICY_NOT_YET = "policy-not-yet-in-force"
POLICY_EXPIRED = "policy-expired"

POLICY = PolicyWindow(
    document=DOCUMENT,
    rules=RULES,
    rules_version=RULES_VERSION,
    effective_from=EFFECTIVE_FROM,
    effective_to=TEXT_VALID_UNTIL,
    source=f"{clause('末段')}「{VALIDITY_QUOTE}」",
)
# The targets are set for the text's own periods (the 14th Five-Year Plan from 2021, the 2021
# land supply): they are read on the year's last day, 2021 included, with no window warning.
PLAN = PolicyWindow(
    document=DOCUMENT,
    rules=RULES,
    rules_version=RULES_VERSION,
    effective_from=PLAN_FROM,
    effective_to=None,
    source=f"{clause('一（三）')}「“十四五”期间」",
)


class HousingEvaluation(Evaluation):
    """Collects findings for one evaluation at `as_of` for a county (`region`)."""

    __slots__ = ()

    def __init__(
        self,
        params: ParameterSet,
        as_of: date,
        region: str | None = None,
        policy: PolicyWindow = POLICY,
    ) -> None:
        super().__init__(policy, params, as_of, region)

    def validity_warning(self) -> tuple[str, Finding | None] | None:
        """Outside the window the operators keep (two parameters): a warning, no finding."""
        first, last = self.day(VALID_FROM), self.day(VALID_UNTIL)
        if self.as_of < first:
            return (
                f"{POLICY_NOT_YET}: {DOCUMENT}自{first}起施行，评估日{self.as_of}尚未施行；参数按"
                f"{self.law_date}取值，结论仅供参考 / in force from {first}; evaluated with the "
                f"values of {self.law_date}, for reference only",
                None,
            )
        if self.as_of > last:
            return (
                f"{POLICY_EXPIRED}: {DOCUMENT}有效期至{last}，已失效；按当日仍在执行的参数计算 / "
                f"expired after {last}; computed with the parameters still in force",
                None,
            )
        return None

    def add(
        self,
        rule_id: str,
        outcome: Outcome,
        message_zh: str,
        message_en: str,
        facts: Mapping[str, Any] | None = None,
        parameters: Mapping[str, Any] | None = None,
    ) -> Finding:
        finding = make_finding(
            rule_id,
            CLAUSES[rule_id],
            outcome,
            message_zh,
            message_en,
            facts if facts is not None else {},
            parameters if parameters is not None else {},
        )
        self.findings.append(finding)
        return finding

    def optional_count(self, path: str) -> int | None:
        """A whole-number parameter the text leaves open: None while nobody configured it."""
        try:
            return self.count(path)
        except ParameterNotConfigured:
            return None

    def verdict(
        self,
        rule_id: str,
        problems_zh: list[str],
        problems_en: list[str],
        ok_zh: str,
        ok_en: str,
        facts: dict[str, Any],
        parameters: dict[str, Any],
    ) -> Finding:
        """One finding per rule: every unmet condition listed (fail), or the pass message."""
        if problems_zh:
            zh, en = "；".join(problems_zh) + "。", "; ".join(problems_en) + "."
            return self.add(rule_id, FAIL, zh, en[:1].upper() + en[1:], facts, parameters)
        return self.add(rule_id, PASS, ok_zh, ok_en, facts, parameters)


class TargetEvaluation(HousingEvaluation):
    """A target year's evaluation: dated by the year's last day, no window warning."""

    __slots__ = ()

    def __init__(self, params: ParameterSet, as_of: date, region: str | None = None) -> None:
        super().__init__(params, as_of, region, PLAN)

    def validity_warning(self) -> tuple[str, Finding | None] | None:
        return None


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
