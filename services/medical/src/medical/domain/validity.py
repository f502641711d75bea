"""The plan's validity window as data: refuse before it starts, warn after it ends.

rules/medical.md: after the last effective day a claim is still computed with the parameters then
in force (they stay until replaced), but every answer says the plan has expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from govkit.rules import ParameterSet
from medical.domain.errors import MedicalDomainError
from medical.domain.parameters import POLICY_VALID_UNTIL
from medical.domain.policy import EFFECTIVE_FROM, POLICY

POLICY_EXPIRED = "policy-expired"


@dataclass(frozen=True, slots=True)
class PolicyWarning:
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


def policy_warnings(
    params: ParameterSet, day: date, county: str | None
) -> tuple[PolicyWarning, ...]:
    if day < EFFECTIVE_FROM:
        raise MedicalDomainError(
            None,
            f"{POLICY}自{EFFECTIVE_FROM.isoformat()}起施行，{day.isoformat()}不适用",
            f"{POLICY} applies from {EFFECTIVE_FROM.isoformat()}, not on {day.isoformat()}",
        )
    last_day: date = params.get(POLICY_VALID_UNTIL, day, county)
    if day <= last_day:
        return ()
    return (
        PolicyWarning(
            POLICY_EXPIRED,
            f"{POLICY}有效期至{last_day.isoformat()}，已失效；按当日仍在执行的参数计算",
            f"{POLICY} expired after {last_day.isoformat()}; computed with the parameters "
            "still in force",
        ),
    )
