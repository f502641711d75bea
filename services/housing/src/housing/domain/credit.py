"""Integrity records (五（三）, HOUS-CREDIT): "建立健全涵盖投资主体、建设单位、运营管理单位、用人
单位、承租对象等多主体的诚信档案".

A record names the party — an entity by its USCC, a tenant by resident ID — its role, what
happened and when, and the rule broken, if any. Violations are recorded against the party;
commendable conduct may be recorded too. Records are never edited; a correction is a new record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import PASS
from housing.domain.catalogue import RULES
from housing.domain.errors import HousingDomainError
from housing.domain.evaluation import HousingEvaluation

SUBJECT = "housing.integrity_record"


class PartyRole(StrEnum):
    INVESTOR = "investor"  # 投资主体
    BUILDER = "builder"  # 建设单位
    OPERATOR = "operator"  # 运营管理单位
    EMPLOYER = "employer"  # 用人单位
    TENANT = "tenant"  # 承租对象


ROLE_ZH = {
    PartyRole.INVESTOR: "投资主体",
    PartyRole.BUILDER: "建设单位",
    PartyRole.OPERATOR: "运营管理单位",
    PartyRole.EMPLOYER: "用人单位",
    PartyRole.TENANT: "承租对象",
}


class RecordKind(StrEnum):
    VIOLATION = "violation"  # 失信（违规）
    COMMENDATION = "commendation"  # 守信（表彰）


@dataclass(frozen=True, slots=True)
class IntegrityFacts:
    role: PartyRole
    kind: RecordKind
    occurred_on: date
    description: str
    rule_id: str | None = None  # the HOUS rule broken, for a violation


def record_decision(
    facts: IntegrityFacts, party: str, params: ParameterSet, recorded_on: date, region: str | None
) -> Decision:
    """HOUS-CREDIT: what is recorded against (or for) `party` (its masked identifier)."""
    if facts.rule_id is not None and facts.rule_id not in RULES:
        raise HousingDomainError(
            None,
            f"{facts.rule_id}不是本政策的规则",
            f"{facts.rule_id} is not a rule of this policy",
            {"rule_id": facts.rule_id},
        )
    if facts.kind is RecordKind.COMMENDATION and facts.rule_id is not None:
        raise HousingDomainError(
            None, "守信记录不应列明违反的规则", "a commendation breaks no rule (rule_id)"
        )
    if facts.occurred_on > recorded_on:
        raise HousingDomainError(
            None,
            f"发生日期{facts.occurred_on}晚于记录日期{recorded_on}",
            f"the record's day {facts.occurred_on} is after the day it is recorded ({recorded_on})",
        )
    ev = HousingEvaluation(params, recorded_on, region)
    role_zh = ROLE_ZH[facts.role]
    what_zh = "失信（违规）记录" if facts.kind is RecordKind.VIOLATION else "守信记录"
    broken = f"（违反{facts.rule_id}）" if facts.rule_id else ""
    ev.add(
        "HOUS-CREDIT",
        PASS,
        f"{role_zh}{party}的{what_zh}记入诚信档案{broken}：{facts.description}",
        f"A {facts.kind.value} of the {facts.role.value} {party} is recorded"
        + (f" ({facts.rule_id})" if facts.rule_id else "")
        + f": {facts.description}",
        {
            "role": facts.role.value,
            "party": party,
            "kind": facts.kind.value,
            "occurred_on": facts.occurred_on,
            "rule_id": facts.rule_id,
        },
    )
    return ev.decision(SUBJECT, {"role": facts.role.value, "kind": facts.kind.value})
