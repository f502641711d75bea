"""govkit.rules.evaluation: findings cite their clause, parameters are resolved once at the law's
date, and an evaluation outside the policy's window is flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from govkit.rules import Outcome, ParameterDefinition, ParameterSet, ParameterValue, Rule, RuleBook
from govkit.rules.evaluation import PolicyEvaluation, PolicyWindow

BOOK = RuleBook(
    [Rule("X-RATIO", "某文件 一（一）", "ratio"), Rule("X-WINDOW", "某文件 八", "window")]
)
RATIO = ParameterDefinition(
    "x.ratio",
    "a ratio",
    "ratio",
    ParameterValue("x.ratio", Decimal("0.25"), date(2022, 1, 1), None, "某文件 一（一）"),
)
PARAMS = ParameterSet([RATIO])
WINDOW = PolicyWindow("某文件", BOOK, "r1", date(2022, 1, 1), None, "自2022年1月1日起施行")


class XEvaluation(PolicyEvaluation):
    __slots__ = ()
    POLICY = WINDOW


class CitedEvaluation(PolicyEvaluation):
    __slots__ = ()
    POLICY = PolicyWindow(
        "某文件", BOOK, "r1", date(2022, 1, 1), date(2023, 12, 31), "…", "X-WINDOW"
    )


def test_findings_cite_the_clause_and_parameters_are_listed_with_citations() -> None:
    ev = XEvaluation(PARAMS, date(2024, 1, 1))
    assert ev.dec("x.ratio") == Decimal("0.25")
    ev.add("X-RATIO", Outcome.PASS, "通过", "passes", {"a": 1}, ev.values("x.ratio"))
    d = ev.decision("x.subject", {"ok": True})
    assert d.findings[0].clause == "某文件 一（一）"
    assert d.parameters_used["x.ratio"]["source"] == "某文件 一（一）"
    assert d.warnings == ()
    assert d.rules_version == "r1"


def test_before_the_window_a_warning_and_parameters_of_the_first_day() -> None:
    ev = XEvaluation(PARAMS, date(2021, 6, 1))
    assert ev.law_date == date(2022, 1, 1)
    d = ev.decision("x.subject")
    assert len(d.warnings) == 1
    assert "自2022-01-01起" in d.warnings[0]
    assert d.findings == ()


def test_a_window_rule_adds_a_warn_finding() -> None:
    d = CitedEvaluation(PARAMS, date(2024, 1, 1)).decision("x.subject")
    assert [(f.rule_id, f.outcome) for f in d.findings] == [("X-WINDOW", Outcome.WARN)]
    assert "2022-01-01至2023-12-31" in d.warnings[0]


def test_an_unconfigured_text_parameter_reads_as_none() -> None:
    code = ParameterDefinition(
        "x.code", "a code", "text", ParameterValue("x.code", None, date(2022, 1, 1), None, "…")
    )
    ev = XEvaluation(ParameterSet([code]), date(2024, 1, 1))
    assert ev.optional_text("x.code") is None
