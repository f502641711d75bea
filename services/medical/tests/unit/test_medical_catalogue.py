import re
from pathlib import Path

import pytest

from govkit.rules import ParameterSet
from medical.domain import PARAMETERS, RULES, RULES_VERSION
from medical.domain.policy import POLICY

SPEC = Path(__file__).resolve().parents[4] / "spec"
RULES_FILE = SPEC / "rules" / "medical.md"
POLICY_FILE = SPEC / "policy" / "medical-wzb-2021-78.md"


def test_every_rule_in_medical_md_is_encoded_with_its_exact_id() -> None:
    ids = set(
        re.findall(
            r"^\|\s*(MED-[A-Z0-9-]+)\s*\|", RULES_FILE.read_text(encoding="utf-8"), re.MULTILINE
        )
    )
    assert ids
    assert {rule.id for rule in RULES} == ids


def test_rules_cite_the_document_by_its_own_numbering() -> None:
    clause = re.compile(
        r"^温政办〔2021〕78号 [一二三四]（?[一二三四]?）?\d*(；[一二三四]（[一二三四]）\d+)*$"
    )
    for rule in RULES:
        assert clause.match(rule.clause), rule
        assert rule.summary


@pytest.mark.parametrize(
    ("rule_id", "ref", "quote"),
    [
        ("MED-ENROL-NEW", "三（三）8", "当月参保，次月生效"),
        ("MED-CI-DEDUCTIBLE", "三（三）9", "起付标准线降低50%"),
        ("MED-MA-LIMIT", "三（三）9", "救助限额为每人每年10万元"),
        ("MED-COMMERCIAL", "三（三）10", "医保目录外自费高额特殊药品"),
        ("MED-HIGHCOST", "三（三）11", "自负金额仍超5万元以上"),
        ("MED-PAY-LATER", "三（二）6", "先诊疗后付费"),
        ("MED-RISK-WATCH", "三（一）3", "加强风险预警监测"),
        ("MED-SELFPAY-SHARE", "三（二）7", "合理控制医保目录外费用占比"),
    ],
)
def test_cited_clause_holds_the_words(rule_id: str, ref: str, quote: str) -> None:
    assert RULES[rule_id].clause.startswith(f"{POLICY} {ref}")
    assert quote in POLICY_FILE.read_text(encoding="utf-8")


def test_rule_parameters_are_defined() -> None:
    defined = {d.path for d in PARAMETERS}
    for rule in RULES:
        assert set(rule.parameters) <= defined, rule.id
    assert RULES_VERSION
    ParameterSet(PARAMETERS)  # no duplicate or dangling definitions
