"""Every rule of rules/airdefence.md, once, with the clause of the text that carries it."""

from __future__ import annotations

from airdefence.domain import PARAMETERS, RULES
from govkit.rules import RuleKind

RULE_IDS = {
    "AD-OWN-STATE": "四（一）",
    "AD-OWN-COLLECTIVE": "四（一）",
    "AD-PARK-RATIO": "四（二）",
    "AD-PARK-PUBLIC": "四（二）",
    "AD-SAME-QUALITY": "四（二）",
    "AD-SURVEY": "四（二）",
    "AD-REG-ACCEPTANCE": "四（三）",
    "AD-REG-SUBJECT": "四（三）",
    "AD-DUTIES": "四（四）",
    "AD-LEASE-FEE": "四（四）",
    "AD-PARK-PRIORITY": "四（四）",
    "AD-INCOME-USE": "四（五）",
    "AD-TRANSFER": "四（五）",
    "AD-COUNTY-MEASURES": "五（二）",
}


def test_all_fourteen_rules_with_their_clauses() -> None:
    assert {r.id: r.clause for r in RULES} == {
        k: f"温政办〔2021〕71号 {v}" for k, v in RULE_IDS.items()
    }


def test_deadline_rules_are_the_duties_and_the_county_measures() -> None:
    assert {r.id for r in RULES if r.kind is RuleKind.DEADLINE} == {
        "AD-DUTIES",
        "AD-COUNTY-MEASURES",
    }


def test_every_parameter_a_rule_reads_is_defined_and_cited() -> None:
    defined = {d.path: d for d in PARAMETERS}
    for rule in RULES:
        for path in rule.parameters:
            assert path in defined, (rule.id, path)
    for d in PARAMETERS:
        assert d.default.source.startswith("温政办〔2021〕71号 ")
        assert d.default.effective_from.isoformat() == "2022-01-01"
