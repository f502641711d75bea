"""One evaluation's working context: the law's date, parameters resolved once, findings.

Evaluators build one `Evaluation` per call: each parameter path is resolved at most once (a dict
hit afterwards), findings are built directly with their rule's clause, and `decision()` adds the
validity-window warning and the parameters used with their effective dates and citations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from fund.domain.attestation import Attestation
from fund.domain.catalogue import CLAUSES, RULES_VERSION
from fund.domain.errors import FundDomainError
from fund.domain.policy import EFFECTIVE_FROM, EFFECTIVE_TO, VALIDITY_SOURCE, in_force, law_date
from govkit.rules import Decision, Finding, Outcome, ParameterSet, ParameterValue

PASS, FAIL, WARN, DECLARED, NOT_APPLICABLE = (
    Outcome.PASS,
    Outcome.FAIL,
    Outcome.WARN,
    Outcome.DECLARED,
    Outcome.NOT_APPLICABLE,
)


_FINDING_FIELDS = (
    "rule_id",
    "clause",
    "outcome",
    "message_zh",
    "message_en",
    "facts",
    "parameters",
)


def _finding_factory() -> Callable[..., Finding]:
    """Finding's constructor, or an equivalent that fills its slots directly.

    Finding is a frozen, slotted dataclass whose generated __init__ sets every field through
    object.__setattr__: a third of an application check. Filling the slot descriptors gives an
    equal object (tested) and is used only while Finding has exactly these fields and no
    __post_init__; otherwise the real constructor is used.
    """
    if tuple(f.name for f in fields(Finding)) != _FINDING_FIELDS or hasattr(
        Finding, "__post_init__"
    ):
        return Finding
    new = object.__new__
    setters = tuple(getattr(Finding, name).__set__ for name in _FINDING_FIELDS)
    s_rule, s_clause, s_outcome, s_zh, s_en, s_facts, s_params = setters

    def make(
        rule_id: str,
        clause: str,
        outcome: Outcome,
        message_zh: str,
        message_en: str,
        facts: Mapping[str, Any],
        parameters: Mapping[str, Any],
    ) -> Finding:
        finding: Finding = new(Finding)
        s_rule(finding, rule_id)
        s_clause(finding, clause)
        s_outcome(finding, outcome)
        s_zh(finding, message_zh)
        s_en(finding, message_en)
        s_facts(finding, facts)
        s_params(finding, parameters)
        return finding

    return make


make_finding = _finding_factory()


class _Snapshot:
    """A ParameterSet's values on one day for one region, resolved lazily and shared by calls.

    A ParameterSet never changes once built (what-if and regional copies are new objects), so
    its snapshots stay valid for its lifetime; they go when it is garbage-collected.
    """

    __slots__ = ("described", "used_items", "values")

    def __init__(self) -> None:
        self.values: dict[str, ParameterValue] = {}
        self.described: dict[str, dict[str, Any]] = {}  # never handed out: copies are
        # Per ordered set of paths an evaluation read: their descriptions, ready to copy.
        self.used_items: dict[tuple[str, ...], tuple[tuple[str, dict[str, Any]], ...]] = {}

    def used(self, paths: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """A Decision's parameters_used: fresh plain dicts (JSON-ready, safe to mutate)."""
        items = self.used_items.get(paths)
        if items is None:
            for path in paths:
                if path not in self.described:
                    self.described[path] = self.values[path].as_dict()
            items = tuple((path, self.described[path]) for path in paths)
            if len(self.used_items) < 256:
                self.used_items[paths] = items
        return {path: dict(described) for path, described in items}


_SNAPSHOTS: WeakKeyDictionary[ParameterSet, dict[tuple[date, str | None], _Snapshot]]
_SNAPSHOTS = WeakKeyDictionary()
_MAX_SNAPSHOTS_PER_SET = 366


def _snapshot(params: ParameterSet, on: date, region: str | None) -> _Snapshot:
    by_day = _SNAPSHOTS.get(params)
    if by_day is None:
        by_day = _SNAPSHOTS.setdefault(params, {})
    snapshot = by_day.get((on, region))
    if snapshot is None:
        if len(by_day) >= _MAX_SNAPSHOTS_PER_SET:
            by_day.clear()
        snapshot = by_day.setdefault((on, region), _Snapshot())
    return snapshot


class Evaluation:
    """Collects findings for one evaluation at `as_of` for `region`."""

    __slots__ = ("_params", "_resolved", "_shared", "as_of", "findings", "law_date", "region")

    def __init__(self, params: ParameterSet, as_of: date, region: str | None = None) -> None:
        self._params = params
        self.as_of = as_of
        self.law_date = law_date(as_of)
        self.region = region
        self._shared = _snapshot(params, self.law_date, region)
        self._resolved: dict[str, ParameterValue] = {}  # what this evaluation read, in order
        self.findings: list[Finding] = []

    # -- parameters ---------------------------------------------------------------------------

    def resolve(self, path: str) -> ParameterValue:
        pv = self._resolved.get(path)
        if pv is None:
            pv = self._shared.values.get(path)
            if pv is None:
                pv = self._params.resolve(path, self.law_date, self.region)
                self._shared.values[path] = pv
            self._resolved[path] = pv
        return pv

    def dec(self, path: str) -> Decimal:
        value = self.resolve(path).value
        if type(value) is Decimal:
            return value
        if isinstance(value, bool) or not isinstance(value, int | str | float | Decimal):
            raise TypeError(f"parameter {path} is not a number: {value!r}")
        return Decimal(str(value))  # str(): an override given as a float keeps its decimal form

    def count(self, path: str) -> int:
        value = self.resolve(path).value
        if type(value) is int:
            return value
        number = Decimal(str(value))
        if number != number.to_integral_value():
            raise TypeError(f"parameter {path} is not a whole number: {value!r}")
        return int(number)

    def day(self, path: str) -> date:
        value = self.resolve(path).value
        if isinstance(value, str):
            return date.fromisoformat(value)
        if not isinstance(value, date):
            raise TypeError(f"parameter {path} is not a date: {value!r}")
        return value

    def text(self, path: str) -> str:
        return str(self.resolve(path).value)

    def values(self, *paths: str) -> dict[str, Any]:
        """The values of `paths` as a finding lists them (resolving any not read yet)."""
        return {path: self.resolve(path).value for path in paths}

    # -- findings -----------------------------------------------------------------------------

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

    def verdict(
        self,
        rule_id: str,
        problems_zh: list[str],
        problems_en: list[str],
        ok_zh: str,
        ok_en: str,
        facts: Mapping[str, Any],
        parameters: Mapping[str, Any],
    ) -> Finding:
        """One finding per rule: every unmet condition listed (fail), or the pass message."""
        if problems_zh:
            zh, en = "；".join(problems_zh) + "。", "; ".join(problems_en) + "."
            return self.add(rule_id, FAIL, zh, en[:1].upper() + en[1:], facts, parameters)
        return self.add(rule_id, PASS, ok_zh, ok_en, facts, parameters)

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

    def decision(
        self,
        subject: str,
        result: Mapping[str, Any] | None = None,
        trace: tuple[str, ...] = (),
    ) -> Decision:
        findings = self.findings
        warnings: tuple[str, ...] = ()
        validity = self.validity_finding()
        if validity is not None:
            findings = [validity, *findings]
            warnings = (validity.message_en,)
        return Decision(
            subject=subject,
            findings=tuple(findings),
            as_of=self.as_of,
            rules_version=RULES_VERSION,
            parameters_used=self._shared.used(tuple(self._resolved)),
            trace=trace,
            warnings=warnings,
            result=result if result is not None else {},
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
