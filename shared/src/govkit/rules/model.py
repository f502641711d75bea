"""Rule, Finding and Decision: the vocabulary every service's domain speaks.

A rule is a pure function of facts and parameters that returns a Finding naming the rule ID, the
clause it encodes, the outcome, a bilingual message and every fact and parameter value it used.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 (an outcome, not a password)
    FAIL = "fail"
    WARN = "warn"
    DECLARED = "declared"  # attested by the applicant, not computable from numbers
    NOT_APPLICABLE = "not_applicable"


class RuleKind(StrEnum):
    COMPUTED = "computed"
    DECLARED = "declared"
    DEADLINE = "deadline"
    PROCEDURE = "procedure"
    CALCULATION = "calculation"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    clause: str  # e.g. 温政办〔2021〕73号 三（一）2
    summary: str
    kind: RuleKind = RuleKind.COMPUTED
    parameters: tuple[str, ...] = ()  # parameter paths the rule reads


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    clause: str
    outcome: Outcome
    message_zh: str
    message_en: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "clause": self.clause,
            "outcome": self.outcome.value,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "facts": dict(self.facts),
            "parameters": dict(self.parameters),
        }


class RuleBook:
    """The rules a service implements, by ID; builds findings that cite the right clause."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise ValueError(f"duplicate rule id {rule.id}")
            self._rules[rule.id] = rule

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Any:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def finding(
        self,
        rule_id: str,
        outcome: Outcome,
        message_zh: str,
        message_en: str,
        facts: Mapping[str, Any] | None = None,
        parameters: Mapping[str, Any] | None = None,
    ) -> Finding:
        rule = self._rules[rule_id]
        return Finding(
            rule_id=rule.id,
            clause=rule.clause,
            outcome=outcome,
            message_zh=message_zh,
            message_en=message_en,
            facts=dict(facts or {}),
            parameters=dict(parameters or {}),
        )


def overall_outcome(findings: Iterable[Finding]) -> Outcome:
    """fail if any rule fails; else warn if any warns; else pass (declared counts as pass)."""
    outcomes = {f.outcome for f in findings}
    if Outcome.FAIL in outcomes:
        return Outcome.FAIL
    if Outcome.WARN in outcomes:
        return Outcome.WARN
    return Outcome.PASS


@dataclass(frozen=True, slots=True)
class Decision:
    """Any evaluation the API returns: findings, outcome, the law's date and what it used."""

    subject: str  # what was evaluated, e.g. "fund.application"
    findings: tuple[Finding, ...]
    as_of: date
    rules_version: str
    parameters_used: Mapping[str, Any] = field(default_factory=dict)
    trace: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    result: Mapping[str, Any] = field(default_factory=dict)
    decision_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def outcome(self) -> Outcome:
        return overall_outcome(self.findings)

    @property
    def failed_rules(self) -> list[str]:
        return [f.rule_id for f in self.findings if f.outcome is Outcome.FAIL]

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "subject": self.subject,
            "outcome": self.outcome.value,
            "failed_rules": self.failed_rules,
            "findings": [f.as_dict() for f in self.findings],
            "as_of": self.as_of.isoformat(),
            "rules_version": self.rules_version,
            "parameters_used": dict(self.parameters_used),
            "trace": list(self.trace),
            "warnings": list(self.warnings),
            "result": dict(self.result),
        }
