"""Every rule of rules/airdefence.md, cited by the document's own numbering (温政办〔2021〕71号).

Where the catalogue's summary and the text differ, the summary here follows the text (the text
wins); docs/api-guide.md lists the differences.
"""

from __future__ import annotations

from airdefence.domain import parameters as p
from airdefence.domain.policy import (
    DOCUMENT,
    EFFECTIVE_FROM,
    EFFECTIVE_TO,
    VALIDITY_SOURCE,
    clause,
)
from govkit.rules import Rule, RuleBook, RuleKind
from govkit.rules.evaluation import PolicyWindow

RULES_VERSION = "wzb-2021-71.r1"

C, DL = RuleKind.COMPUTED, RuleKind.DEADLINE


def _rule(rule_id: str, ref: str, kind: RuleKind, summary: str, *params: str) -> Rule:
    return Rule(id=rule_id, clause=clause(ref), summary=summary, kind=kind, parameters=params)


RULES = RuleBook(
    (
        # 四（一） ownership
        _rule(
            "AD-OWN-STATE",
            "四（一）",
            C,
            "Works built under the 结建 obligation on state-owned construction land belong to the "
            "state free of charge; the land supply plan (供地方案正文) states it when the land use "
            "right is supplied.",
        ),
        _rule(
            "AD-OWN-COLLECTIVE",
            "四（一）",
            C,
            "The 结建 works of projects on collectively owned land, and of villages' self-built "
            "projects on retained land for secondary/tertiary industry (二产、三产留地), are not "
            "transferred or registered for now; in wartime a government at county level or "
            "above allocates them free of charge.",
        ),
        # 四（二） planning, survey and quality
        _rule(
            "AD-PARK-RATIO",
            "四（二）",
            C,
            "If the basement's peacetime use is motor-vehicle parking, the net parking area is at "
            "least 25% of the basement's floor area (不低于: inclusive).",
            p.PARKING_MIN_RATIO,
        ),
        _rule(
            "AD-PARK-PUBLIC",
            "四（二）",
            C,
            "No public parking spaces of any kind (各类公共泊位) inside the air-defence area.",
        ),
        _rule(
            "AD-SAME-QUALITY",
            "四（二）",
            C,
            "Within one project the air-defence and non-air-defence basement areas are designed, "
            "accepted and delivered to the same quality.",
        ),
        _rule(
            "AD-SURVEY",
            "四（二）",
            C,
            "The completion survey (竣工测绘) verifies the floor area and location of the "
            "independent air-defence zones and their exclusive entrances (独享的口部), and the net "
            "parking area against the basement's requirement; every discrepancy is recorded "
            "against the works.",
            p.SURVEY_AREA_TOLERANCE,
            p.PARKING_MIN_RATIO,
        ),
        # 四（三） registration
        _rule(
            "AD-REG-ACCEPTANCE",
            "四（三）",
            C,
            "First registration (国有建设用地使用权和房屋所有权首次登记) of 结建 works that the land "
            "supply plan states belong to the state, only after completion acceptance is passed "
            "(竣工验收合格).",
        ),
        _rule(
            "AD-REG-SUBJECT",
            "四（三）",
            C,
            "Registered owner: projects of party and government organs and public institutions → "
            "that organisation; every project inside 市城发集团's enclosed area and the group's own "
            "projects outside it → the group; every other project → after the builder's free "
            "handover, the wholly state-owned enterprise the local government designates.",
            p.CITY_DEVELOPMENT_GROUP_USCC,
        ),
        # 四（四） peacetime maintenance and use
        _rule(
            "AD-DUTIES",
            "四（四）",
            DL,
            "The registered owner (产权人) keeps routine maintenance, professional repair, "
            "peace-to-war conversion and emergency drills; each duty has a schedule and records; "
            "overdue duties are listed.",
        ),
        _rule(
            "AD-LEASE-FEE",
            "四（四）",
            C,
            "Where state-owned works are leased, the tenant pays the property service fee.",
        ),
        _rule(
            "AD-PARK-PRIORITY",
            "四（四）",
            C,
            "A basement used for motor-vehicle parking first meets the parking needs of the "
            "owners of the residential community it lies in.",
        ),
        # 四（五） operation, income and transfer
        _rule(
            "AD-INCOME-USE",
            "四（五）",
            C,
            "Operating income is used, pooled (统筹), for maintenance, professional repair, "
            "peace-to-war conversion, emergency drills, and building the professional "
            "maintenance and peace-to-war conversion teams; each use is recorded against the "
            "works.",
        ),
        _rule(
            "AD-TRANSFER",
            "四（五）",
            C,
            "On the owner's bankruptcy liquidation or a transfer of registration, the receiver "
            "bears routine maintenance and peace-to-war conversion costs, keeps the works ready "
            "for war, and is supervised by the air-defence authority.",
        ),
        # 五（二） county measures
        _rule(
            "AD-COUNTY-MEASURES",
            "五（二）",
            DL,
            "Each county (city, district) and functional zone formulates its measures for the "
            "peacetime use and management of state-owned civil air-defence works assets by the "
            "end of December 2021 (2021-12-31); the service tracks which have.",
            p.COUNTY_MEASURES_DUE,
        ),
    )
)

CLAUSES = {r.id: r.clause for r in RULES}

POLICY = PolicyWindow(
    document=DOCUMENT,
    rules=RULES,
    rules_version=RULES_VERSION,
    effective_from=EFFECTIVE_FROM,
    effective_to=EFFECTIVE_TO,
    source=VALIDITY_SOURCE,
)
