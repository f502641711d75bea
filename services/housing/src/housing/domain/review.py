"""The joint review and the recognition certificate (四（二）, 五（一）, HOUS-CERT).

The county's leading group has the departments it names review the project's plans — new
builds and non-residential conversions: construction, allocation and operation plans; housing
already started or built and converted: allocation and operation plans — and issues the
certificate (认定书) on the joint opinion. Here a certificate is issued only when every required
department's latest opinion agrees. The required departments are a parameter (the text's five;
"等" lets a county add more, so a county may configure its own list).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import FAIL, PASS
from housing.domain.evaluation import HousingEvaluation
from housing.domain.parameters import REVIEW_DEPARTMENTS
from housing.domain.project import PLAN_ZH, Plan

SUBJECT = "housing.certificate"

DEPARTMENT_ZH = {
    "housing_construction": "住房和城乡建设部门",
    "development_reform": "发展和改革部门",
    "economy_information": "经济和信息化部门",
    "natural_resources_planning": "自然资源和规划部门",
    "ecology_environment": "生态环境部门",
}


def department_name(code: str) -> str:
    return DEPARTMENT_ZH.get(code, code)


def required_departments(params: ParameterSet, on: date, county: str) -> tuple[str, ...]:
    """The departments whose opinion the county's joint review needs on `on`."""
    ev = HousingEvaluation(params, on, county)
    return tuple(str(d) for d in ev.resolve(REVIEW_DEPARTMENTS).value)


@dataclass(frozen=True, slots=True)
class Opinion:
    department: str
    reviewer: str
    given_on: date
    agrees: bool
    reasons: str


@dataclass(frozen=True, slots=True)
class ReviewState:
    required: tuple[str, ...]
    agreed: tuple[str, ...]
    disagreed: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.disagreed


def review_state(required: Sequence[str], opinions: Iterable[Opinion]) -> ReviewState:
    """Each required department's latest opinion (by day, then the order given) counts."""
    latest: dict[str, Opinion] = {}
    for o in opinions:
        seen = latest.get(o.department)
        if seen is None or o.given_on >= seen.given_on:
            latest[o.department] = o
    agreed = tuple(d for d in required if d in latest and latest[d].agrees)
    disagreed = tuple(d for d in required if d in latest and not latest[d].agrees)
    missing = tuple(d for d in required if d not in latest)
    return ReviewState(tuple(required), agreed, disagreed, missing)


def certificate_decision(
    state: ReviewState,
    plans: Sequence[Plan],
    *,
    number: str,
    issued_on: date,
    params: ParameterSet,
    county: str,
) -> Decision:
    """HOUS-CERT: pass when every required department agreed; else fail naming who is missing
    and who disagreed (the service then refuses the certificate)."""
    ev = HousingEvaluation(params, issued_on, county)
    ev.resolve(REVIEW_DEPARTMENTS)
    plans_zh = "、".join(PLAN_ZH[p] for p in plans)
    facts = {
        "required_departments": list(state.required),
        "agreed": list(state.agreed),
        "disagreed": list(state.disagreed),
        "missing_opinions": list(state.missing),
        "plans": [p.value for p in plans],
        "certificate_no": number,
        "issued_on": issued_on,
    }
    if state.complete:
        ev.add(
            "HOUS-CERT",
            PASS,
            f"联合审查（{plans_zh}）：{'、'.join(department_name(d) for d in state.required)}均同意，"
            f"出具认定书{number}（{issued_on}）。",
            f"Joint review of the {', '.join(p.value for p in plans)} plans: every required "
            f"department agreed; certificate {number} issued on {issued_on}.",
            facts,
        )
    else:
        zh = []
        en = []
        if state.missing:
            zh.append(f"尚缺{'、'.join(department_name(d) for d in state.missing)}的审查意见")
            en.append(f"no opinion yet from {', '.join(state.missing)}")
        if state.disagreed:
            zh.append(f"{'、'.join(department_name(d) for d in state.disagreed)}不同意")
            en.append(f"{', '.join(state.disagreed)} disagreed")
        ev.add(
            "HOUS-CERT",
            FAIL,
            f"不能出具认定书：{'；'.join(zh)}。",
            f"The certificate cannot be issued: {'; '.join(en)}.",
            facts,
        )
    return ev.decision(SUBJECT, {"certificate_no": number, "issued_on": issued_on})
