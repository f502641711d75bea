"""Who owns a works, whether it may be registered now, and in whose name (四（一）、四（三）).

AD-OWN-STATE and AD-OWN-COLLECTIVE sort the 结建 works by their land; AD-REG-ACCEPTANCE lets a
state-owned works be registered only once completion acceptance is passed; AD-REG-SUBJECT names
the registered owner. Two of its clauses can both fire — an organ's or institution's project
inside 市城发集团's enclosed area — and that is reported as a conflict (`warn`, both candidates),
never settled by the order of the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from airdefence.domain import parameters as p
from airdefence.domain.errors import AirDefenceDomainError
from airdefence.domain.evaluation import AirDefenceEvaluation
from airdefence.domain.works import (
    BuilderCategory,
    LandKind,
    Ownership,
    RegistrationSubject,
    is_organisation,
    land_contradiction,
)
from govkit.rules import Decision, Outcome, ParameterSet
from govkit.rules.evaluation import Evaluation

PASS, FAIL, WARN, NA = Outcome.PASS, Outcome.FAIL, Outcome.WARN, Outcome.NOT_APPLICABLE
S = RegistrationSubject


@dataclass(frozen=True, slots=True)
class OwnershipFacts:
    land: LandKind
    jiejian: bool  # built under the 结建 obligation (依法结建)
    land_supply_plan_states_state_ownership: bool | None  # 供地方案正文已明确无偿归国家所有
    builder_category: BuilderCategory
    in_enclosed_area: bool  # inside 市城发集团's enclosed area (封闭区域)
    accepted_on: date | None = None  # completion acceptance passed (竣工验收合格)
    handed_over_on: date | None = None  # the builder's free handover (无偿移交), when required


@dataclass(frozen=True, slots=True)
class OwnershipResult:
    ownership: Ownership
    free_of_charge: bool
    wartime_allocation: bool
    registrable: bool  # registered under 四（三） at all (state-owned 结建 works)
    registrable_now: bool
    subject: RegistrationSubject | None
    subject_candidates: tuple[RegistrationSubject, ...]
    handover_required: bool
    handover_recorded: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "ownership": self.ownership.value,
            "free_of_charge": self.free_of_charge,
            "wartime_allocation": self.wartime_allocation,
            "registrable": self.registrable,
            "registrable_now": self.registrable_now,
            "registration_subject": self.subject.value if self.subject else None,
            "subject_candidates": [s.value for s in self.subject_candidates],
            "handover_required": self.handover_required,
            "handover_recorded": self.handover_recorded,
        }


def require_consistent(
    land: LandKind, builder: BuilderCategory, pointer: str = "#/builder_category"
) -> None:
    """A builder category that contradicts the land is an input error naming the field."""
    why = land_contradiction(land, builder)
    if why is not None:
        raise AirDefenceDomainError(
            None,
            why[0],
            why[1],
            {"land": land.value, "builder_category": builder.value},
            pointer=pointer,
        )


def _facts(f: OwnershipFacts) -> dict[str, Any]:
    return {
        "land": f.land.value,
        "jiejian": f.jiejian,
        "land_supply_plan_states_state_ownership": f.land_supply_plan_states_state_ownership,
        "builder_category": f.builder_category.value,
        "in_enclosed_area": f.in_enclosed_area,
        "accepted_on": f.accepted_on,
        "handed_over_on": f.handed_over_on,
    }


def _ownership(ev: Evaluation, f: OwnershipFacts, facts: dict[str, Any]) -> Ownership:
    state_land = f.land is LandKind.STATE_OWNED_CONSTRUCTION
    if not f.jiejian:
        zh = "非依法结建的人防工程，本方案第四条（一）未规定其产权归属。"
        en = "Not built under the 结建 obligation: 四（一） does not assign its ownership."
        ev.add("AD-OWN-STATE", NA, zh, en, facts)
        ev.add("AD-OWN-COLLECTIVE", NA, zh, en, facts)
        return Ownership.NOT_DETERMINED
    if not state_land:
        ev.add(
            "AD-OWN-STATE",
            NA,
            "项目不在国有建设用地上。",
            "The project is not on state-owned construction land.",
            facts,
        )
        what_zh = (
            "集体所有土地建设的项目" if f.land is LandKind.COLLECTIVE else "村集体留地的村自建项目"
        )
        what_en = (
            "a project on collectively owned land"
            if f.land is LandKind.COLLECTIVE
            else "a village's self-built project on retained land"
        )
        ev.add(
            "AD-OWN-COLLECTIVE",
            PASS,
            f"{what_zh}，其依法结建的人防工程暂不移交及确权，战时由县级以上人民政府无偿调配使用。",
            f"The 结建 works of {what_en} are not transferred or registered for now; in wartime "
            "a government at county level or above allocates them free of charge.",
            facts,
        )
        return Ownership.NOT_TRANSFERRED
    ev.add(
        "AD-OWN-COLLECTIVE",
        NA,
        "项目在国有建设用地上。",
        "The project is on state-owned construction land.",
        facts,
    )
    stated = f.land_supply_plan_states_state_ownership
    if stated is True:
        ev.add(
            "AD-OWN-STATE",
            PASS,
            "国有建设用地上依法结建的人防工程无偿归国家所有，供地方案正文已予明确。",
            "Works built under the 结建 obligation on state-owned construction land belong to "
            "the state free of charge; the land supply plan states it.",
            facts,
        )
    elif stated is False:
        ev.add(
            "AD-OWN-STATE",
            FAIL,
            "依法结建的人防工程无偿归国家所有，但供地方案正文未按要求予以明确。",
            "The works belong to the state free of charge, but the land supply plan does not "
            "state it as 四（一） requires.",
            facts,
        )
    else:
        ev.add(
            "AD-OWN-STATE",
            WARN,
            "依法结建的人防工程无偿归国家所有；供地方案正文是否已予明确未记录。",
            "The works belong to the state free of charge; whether the land supply plan states "
            "it is not recorded.",
            facts,
        )
    return Ownership.STATE


def _acceptance(ev: Evaluation, f: OwnershipFacts, facts: dict[str, Any], owned: Ownership) -> bool:
    if owned is not Ownership.STATE:
        if owned is Ownership.NOT_TRANSFERRED:
            zh, en = (
                "暂不移交及确权（AD-OWN-COLLECTIVE）。",
                "Not registered for now (AD-OWN-COLLECTIVE).",
            )
        else:
            zh = "本方案仅对供地方案明确无偿归国家所有的结建人防工程办理首次登记。"
            en = "四（三） registers only 结建 works the land supply plan states belong to the state."
        ev.add("AD-REG-ACCEPTANCE", NA, zh, en, facts)
        return False
    problems_zh: list[str] = []
    problems_en: list[str] = []
    if f.land_supply_plan_states_state_ownership is not True:
        problems_zh.append("供地方案正文未明确该人防工程无偿归国家所有")
        problems_en.append("the land supply plan does not state that the works belong to the state")
    if f.accepted_on is None or f.accepted_on > ev.as_of:
        problems_zh.append("尚未竣工验收合格")
        problems_en.append("completion acceptance is not yet passed")
    if problems_zh:
        ev.add(
            "AD-REG-ACCEPTANCE",
            FAIL,
            "不能办理首次登记：" + "；".join(problems_zh) + "。",
            "First registration refused: " + "; ".join(problems_en) + ".",
            facts,
        )
        return False
    ev.add(
        "AD-REG-ACCEPTANCE",
        PASS,
        f"已于{f.accepted_on}竣工验收合格，可办理不动产首次登记。",
        f"Completion acceptance passed on {f.accepted_on}: first registration may proceed.",
        facts,
    )
    return True


def _subject(
    ev: Evaluation, f: OwnershipFacts, facts: dict[str, Any], owned: Ownership
) -> tuple[S | None, tuple[S, ...], bool, bool]:
    """(subject, candidates, handover required, subject finding not failed)."""
    if owned is not Ownership.STATE:
        ev.add(
            "AD-REG-SUBJECT",
            NA,
            "不办理登记，无登记主体。",
            "Not registered under 四（三）: no registered owner.",
            facts,
        )
        return None, (), False, False
    organisation = is_organisation(f.builder_category)
    group = f.builder_category is BuilderCategory.CITY_DEVELOPMENT_GROUP or f.in_enclosed_area
    group_uscc = ev.optional_text(p.CITY_DEVELOPMENT_GROUP_USCC) if group else None
    params = {p.CITY_DEVELOPMENT_GROUP_USCC: group_uscc} if group else {}
    if organisation and f.in_enclosed_area:
        candidates = (S.BUILDER, S.CITY_DEVELOPMENT_GROUP)
        ev.add(
            "AD-REG-SUBJECT",
            WARN,
            "规则冲突：党政机关、事业单位的建设项目登记在其组织机构名下，而市城发集团封闭区域内所有项目"
            "登记在城发集团名下；两项同时适用，须由登记机构确定登记主体并记录依据。",
            "Conflict: a project of a party or government organ or a public institution is "
            "registered to that organisation, and every project inside 市城发集团's enclosed "
            "area to the group; both apply, so the registration authority decides and records "
            "its basis.",
            {**facts, "candidates": [c.value for c in candidates]},
            params,
        )
        return None, candidates, False, True
    if organisation:
        ev.add(
            "AD-REG-SUBJECT",
            PASS,
            "党政机关、事业单位的建设项目，登记在其组织机构名下。",
            "A project of a party or government organ or a public institution is registered to "
            "that organisation.",
            facts,
        )
        return S.BUILDER, (S.BUILDER,), False, True
    if group:
        where_zh = (
            "市城发集团封闭区域内的项目" if f.in_enclosed_area else "封闭区外城发集团自主建设项目"
        )
        where_en = (
            "a project inside 市城发集团's enclosed area"
            if f.in_enclosed_area
            else "the group's own project outside its enclosed area"
        )
        ev.add(
            "AD-REG-SUBJECT",
            PASS,
            f"{where_zh}，登记在市城发集团名下。",
            f"{where_en[:1].upper()}{where_en[1:]} is registered to 市城发集团 (the city "
            "development group).",
            facts,
            params,
        )
        return S.CITY_DEVELOPMENT_GROUP, (S.CITY_DEVELOPMENT_GROUP,), False, True
    handed = f.handed_over_on is not None and f.handed_over_on <= ev.as_of
    if handed:
        ev.add(
            "AD-REG-SUBJECT",
            PASS,
            f"其他建设项目：建设单位已于{f.handed_over_on}完成无偿移交，登记在属地政府确定的国有全资企业名下。",
            f"Another builder's project: the builder handed it over free of charge on "
            f"{f.handed_over_on}; it is registered to the wholly state-owned enterprise the "
            "local government designates.",
            facts,
        )
    else:
        ev.add(
            "AD-REG-SUBJECT",
            FAIL,
            "其他建设项目须在建设单位完成无偿移交后，登记在属地政府确定的国有全资企业名下；尚未记录无偿移交。",
            "Another builder's project is registered to the wholly state-owned enterprise the "
            "local government designates only after the builder's free handover, which is not "
            "yet recorded.",
            facts,
        )
    return S.DESIGNATED_STATE_ENTERPRISE, (S.DESIGNATED_STATE_ENTERPRISE,), True, handed


def evaluate_ownership(
    f: OwnershipFacts, params: ParameterSet, as_of: date, region: str | None = None
) -> tuple[OwnershipResult, Evaluation]:
    """The ownership and registration findings on `as_of`, and the evaluation holding them."""
    require_consistent(f.land, f.builder_category)
    ev = AirDefenceEvaluation(params, as_of, region)
    facts = _facts(f)
    owned = _ownership(ev, f, facts)
    accepted = _acceptance(ev, f, facts, owned)
    subject, candidates, handover, subject_ok = _subject(ev, f, facts, owned)
    result = OwnershipResult(
        ownership=owned,
        free_of_charge=owned is Ownership.STATE,
        wartime_allocation=owned is Ownership.NOT_TRANSFERRED,
        registrable=owned is Ownership.STATE,
        registrable_now=accepted and subject_ok,
        subject=subject,
        subject_candidates=candidates,
        handover_required=handover,
        handover_recorded=handover and f.handed_over_on is not None and f.handed_over_on <= as_of,
    )
    return result, ev


def check_ownership(
    f: OwnershipFacts, params: ParameterSet, as_of: date, region: str | None = None
) -> Decision:
    """AD-OWN-STATE, AD-OWN-COLLECTIVE, AD-REG-ACCEPTANCE and AD-REG-SUBJECT as one Decision."""
    result, ev = evaluate_ownership(f, params, as_of, region)
    return ev.decision("airdefence.ownership", result.as_dict())
