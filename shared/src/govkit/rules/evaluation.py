"""One evaluation's working context: the law's date, parameters resolved once, findings.

A service's evaluators build one `Evaluation` per call: each parameter path is resolved at most
once (a dict hit afterwards, and shared by every evaluation of the same ParameterSet, day and
region), findings are built directly with their rule's clause, and `decision()` adds what the
service says about the policy's validity window and the parameters used with their effective
dates and citations.

A service subclasses it once, naming its clauses and rules version and, where its policy has a
window, `law_date_for` (the day whose parameter values apply) and `window` (findings to put
first and warnings when the evaluation day lies outside it). Where the window is plain data — a
document, its first and last day, the clause that sets them, optionally a rule to cite — the
subclass derives from `PolicyEvaluation` and names its `PolicyWindow` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from govkit.rules.model import Decision, Finding, Outcome, RuleBook
from govkit.rules.parameters import ParameterNotConfigured, ParameterSet, ParameterValue

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
    object.__setattr__: a third of a typical check. Filling the slot descriptors gives an equal
    object (tested) and is used only while Finding has exactly these fields and no
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
    """Collects findings for one evaluation at `as_of` for `region` (a county code)."""

    __slots__ = ("_params", "_resolved", "_shared", "as_of", "findings", "law_date", "region")

    # Set by the service's subclass: every rule's clause, and the rules version decisions carry.
    CLAUSES: ClassVar[Mapping[str, str]] = {}
    RULES_VERSION: ClassVar[str] = "0"

    def __init__(self, params: ParameterSet, as_of: date, region: str | None = None) -> None:
        self._params = params
        self.as_of = as_of
        self.law_date = self.law_date_for(as_of)
        self.region = region
        self._shared = _snapshot(params, self.law_date, region)
        self._resolved: dict[str, ParameterValue] = {}  # what this evaluation read, in order
        self.findings: list[Finding] = []

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        """The day whose parameter values apply to an evaluation dated `as_of`."""
        return as_of

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        """Findings to put first and warnings about the policy's validity window (none here)."""
        return (), ()

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

    def optional_text(self, path: str) -> str | None:
        """A text parameter, or None where it is deliberately not configured."""
        try:
            value = self.resolve(path).value
        except ParameterNotConfigured:
            return None
        return None if value is None else str(value)

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
            self.CLAUSES[rule_id],
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

    def decision(
        self,
        subject: str,
        result: Mapping[str, Any] | None = None,
        trace: tuple[str, ...] = (),
    ) -> Decision:
        findings: list[Finding] | tuple[Finding, ...] = self.findings
        first, warnings = self.window()
        if first:
            findings = (*first, *findings)
        return Decision(
            subject=subject,
            findings=tuple(findings),
            as_of=self.as_of,
            rules_version=self.RULES_VERSION,
            parameters_used=self._shared.used(tuple(self._resolved)),
            trace=trace,
            warnings=warnings,
            result=result if result is not None else {},
        )


@dataclass(frozen=True, slots=True)
class PolicyWindow:
    """A policy document, the rule book encoding it, and the days it is in force."""

    document: str  # e.g. 温政办〔2021〕71号
    rules: RuleBook
    rules_version: str
    effective_from: date
    effective_to: date | None  # inclusive last day; None = open-ended
    source: str  # the clause that sets the window, quoted
    rule_id: str | None = None  # the rule an out-of-window evaluation cites, if the policy has one

    def in_force(self, on: date) -> bool:
        return on >= self.effective_from and (self.effective_to is None or on <= self.effective_to)

    def law_date(self, on: date) -> date:
        """The day whose parameter values apply: `on`, or the window's first day before it."""
        return on if on >= self.effective_from else self.effective_from


class PolicyEvaluation(Evaluation):
    """An Evaluation whose policy window is data: a subclass names `POLICY`, and its clauses,
    rules version, law date and out-of-window warning (plus a `warn` finding of the window's
    rule, where the policy names one) follow from it."""

    __slots__ = ()
    POLICY: ClassVar[PolicyWindow]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        policy = cls.__dict__.get("POLICY")
        if policy is not None:
            cls.CLAUSES = {r.id: r.clause for r in policy.rules}
            cls.RULES_VERSION = policy.rules_version

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        return cls.POLICY.law_date(as_of)

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        p = self.POLICY
        if p.in_force(self.as_of):
            return (), ()
        if p.effective_to is None:
            window_zh, window_en = f"自{p.effective_from}起", f"from {p.effective_from}"
        else:
            window_zh = f"{p.effective_from}至{p.effective_to}"
            window_en = f"{p.effective_from} to {p.effective_to}"
        zh = (
            f"评估日{self.as_of}不在{p.document}施行期间（{window_zh}）；参数按{self.law_date}"
            "取值，结论仅供参考。"
        )
        en = (
            f"The evaluation day {self.as_of} is outside the period {p.document} is in force "
            f"({window_en}); parameters are read as of {self.law_date}, for reference only."
        )
        warning = f"{zh} / {en}"
        if p.rule_id is None:
            return (), (warning,)
        finding = make_finding(
            p.rule_id,
            self.CLAUSES[p.rule_id],
            WARN,
            zh,
            en,
            {"as_of": self.as_of},
            {
                "effective_from": p.effective_from,
                "effective_to": p.effective_to,
                "source": p.source,
            },
        )
        return (finding,), (warning,)
