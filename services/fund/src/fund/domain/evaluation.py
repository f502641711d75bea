"""The fund's evaluation context: govkit's `Evaluation` with the fund's clauses, rules version
and validity window (八), plus declared facts.

Evaluators build one `Evaluation` per call (`govkit.rules.evaluation`: each parameter resolved
once, findings built with their rule's clause); `decision()` adds the validity-window warning
(FUND-TRANSITION) and the parameters used with their effective dates and citations.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fund.domain.attestation import Attestation
from fund.domain.catalogue import CLAUSES, RULES_VERSION
from fund.domain.errors import FundDomainError
from fund.domain.policy import EFFECTIVE_FROM, EFFECTIVE_TO, VALIDITY_SOURCE, in_force, law_date
from govkit.rules import Finding
from govkit.rules.evaluation import (
    DECLARED,
    FAIL,
    NOT_APPLICABLE,
    PASS,
    WARN,
    make_finding,
)
from govkit.rules.evaluation import Evaluation as _Evaluation

__all__ = [
    "DECLARED",
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "WARN",
    "Evaluation",
    "fraction",
    "make_finding",
    "require_non_negative",
]


class Evaluation(_Evaluation):
    """Collects findings for one evaluation at `as_of` for `region`."""

    __slots__ = ()
    CLAUSES = CLAUSES
    RULES_VERSION = RULES_VERSION

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        return law_date(as_of)

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        validity = self.validity_finding()
        if validity is None:
            return (), ()
        return (validity,), (validity.message_en,)

    def declared(
        self, rule_id: str, attestation: Attestation, what_zh: str, what_en: str
    ) -> Finding:
        facts = {"attested": attestation.attested, "by": attestation.by, "on": attestation.on}
        if attestation.complete:
            return self.add(
                rule_id,
                DECLARED,
                f"申请人声明：{what_zh}（声明人：{attestation.by}，{attestation.on}）。",
                f"Declared by {attestation.by} on {attestation.on}: {what_en}.",
                facts,
            )
        missing_zh = "未声明" if not attestation.attested else "声明缺少声明人或日期"
        missing_en = "not attested" if not attestation.attested else "attestation lacks who or when"
        return self.add(
            rule_id, FAIL, f"{what_zh}：{missing_zh}。", f"{what_en}: {missing_en}.", facts
        )

    def validity_finding(self) -> Finding | None:
        """FUND-TRANSITION (八): an evaluation dated outside the policy's window is flagged."""
        if in_force(self.as_of):
            return None
        return Finding(
            "FUND-TRANSITION",
            CLAUSES["FUND-TRANSITION"],
            WARN,
            f"评估日{self.as_of}不在本办法有效期内（自{EFFECTIVE_FROM}起实施）；"
            f"参数按{self.law_date}取值，结论仅供参考。",
            f"The evaluation date {self.as_of} is outside the policy's window (in force from "
            f"{EFFECTIVE_FROM}); parameters are read as of {self.law_date}, for reference only.",
            {"as_of": self.as_of},
            {
                "effective_from": EFFECTIVE_FROM,
                "effective_to": EFFECTIVE_TO,
                "source": VALIDITY_SOURCE,
            },
        )


def require_non_negative(rule_id: str, **amounts: Decimal) -> None:
    """Amounts the policy compares must be non-negative; a negative one is an input error."""
    for name, amount in amounts.items():
        if amount < 0:
            raise FundDomainError(
                rule_id, f"{name}不能为负数：{amount}", f"{name} must not be negative: {amount}"
            )


_MICRO = Decimal("0.000001")


def fraction(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole to 6 places for display (None if whole is zero); comparisons never use it."""
    if not whole:
        return None
    return (part / whole).quantize(_MICRO)
