"""One evaluation's working context, for any service's rules: the law's date, each parameter
resolved once (and shared by every evaluation of the same parameters, day and region), findings
citing their clause, and the Decision with the parameters used.

    ev = Evaluation(POLICY, RULES, params, as_of, region)
    ratio = ev.dec("airdefence.parking.net_area_min_ratio")
    ev.add("AD-PARK-RATIO", Outcome.PASS, "…", "…", facts, ev.values(path))
    decision = ev.decision("airdefence.parking")

A policy's validity window is data (`PolicyWindow`): an evaluation dated outside it is flagged
with a warning (and, where the policy names a rule for it, a `warn` finding of that rule), and
its parameters are read as they stood on the window's first day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from govkit.rules.model import Decision, Finding, Outcome, RuleBook
from govkit.rules.parameters import ParameterSet, ParameterValue


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

    def clause(self, rule_id: str) -> str:
        return self.rules[rule_id].clause


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
    object.__setattr__: a good part of a check's time. Filling the slot descriptors gives an
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
    """A ParameterSet's values on one day for one region, resolved lazily and shared by every
    evaluation of that day and region. A ParameterSet never changes once built (what-if and
    regional copies are new objects), so its snapshots stay valid for its lifetime."""

    __slots__ = ("described", "values")

    def __init__(self) -> None:
        self.values: dict[str, ParameterValue] = {}
        self.described: dict[str, dict[str, Any]] = {}  # never handed out: copies are

    def used(self, paths: Mapping[str, ParameterValue]) -> dict[str, dict[str, Any]]:
        """A Decision's parameters_used: fresh plain dicts (JSON-ready, safe to mutate)."""
        out = {}
        for path, pv in paths.items():
            described = self.described.get(path)
            if described is None or self.values.get(path) is not pv:
                described = pv.as_dict()
                if self.values.get(path) is pv:
                    self.described[path] = described
            out[path] = dict(described)
        return out


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
    """Collects findings for one evaluation at `as_of` (and `region`) under `policy`."""

    __slots__ = (
        "_params",
        "_resolved",
        "_shared",
        "as_of",
        "findings",
        "law_date",
        "policy",
        "region",
    )

    def __init__(
        self,
        policy: PolicyWindow,
        params: ParameterSet,
        as_of: date,
        region: str | None = None,
    ) -> None:
        self.policy = policy
        self._params = params
        self.as_of = as_of
        self.law_date = policy.law_date(as_of)
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
        if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
            raise TypeError(f"parameter {path} is not a number: {value!r}")
        return Decimal(str(value))

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

    def text(self, path: str) -> str | None:
        """A text parameter, or None where it is deliberately not configured."""
        try:
            value = self.resolve(path).value
        except LookupError:
            return None
        return str(value)

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
            self.policy.clause(rule_id),
            outcome,
            message_zh,
            message_en,
            facts if facts is not None else {},
            parameters if parameters is not None else {},
        )
        self.findings.append(finding)
        return finding

    def validity_warning(self) -> tuple[str, Finding | None] | None:
        """The warning (and finding, where the policy names a rule) of an out-of-window day."""
        p = self.policy
        if p.in_force(self.as_of):
            return None
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
        if p.rule_id is None:
            return f"{zh} / {en}", None
        finding = Finding(
            p.rule_id,
            p.clause(p.rule_id),
            Outcome.WARN,
            zh,
            en,
            {"as_of": self.as_of},
            {
                "effective_from": p.effective_from,
                "effective_to": p.effective_to,
                "source": p.source,
            },
        )
        return f"{zh} / {en}", finding

    def decision(
        self,
        subject: str,
        result: Mapping[str, Any] | None = None,
        trace: tuple[str, ...] = (),
    ) -> Decision:
        findings: list[Finding] = self.findings
        warnings: tuple[str, ...] = ()
        flagged = self.validity_warning()
        if flagged is not None:
            warning, finding = flagged
            warnings = (warning,)
            if finding is not None:
                findings = [finding, *findings]
        return Decision(
            subject=subject,
            findings=tuple(findings),
            as_of=self.as_of,
            rules_version=self.policy.rules_version,
            parameters_used=self._shared.used(self._resolved),
            trace=trace,
            warnings=warnings,
            result=result if result is not None else {},
        )
