"""Ending a tenancy (五（三）, HOUS-TENANT-EXIT): why, from which day, and what it means.

Obtaining local public rental housing or other local property-right housing obliges the tenant
to move out ("应及时退出"). Damage to the facilities, unauthorised renovation, subletting,
lending and a change of use are prohibited ("不得…"); the text leaves the consequence open, the
catalogue ends the tenancy, and each is also recorded against the tenant (HOUS-CREDIT). A lease
that runs out, or a tenant who leaves of their own accord, ends it too, without any violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import PASS, WARN
from housing.domain.errors import HousingDomainError
from housing.domain.evaluation import HousingEvaluation

SUBJECT = "housing.exit"


class ExitReason(StrEnum):
    TERM_ENDED = "term_ended"  # 租期届满
    VOLUNTARY = "voluntary"  # 主动退租
    PUBLIC_RENTAL_HOUSING = "public_rental_housing"  # 获得当地公租房保障
    PROPERTY_HOUSING = "property_housing"  # 取得当地其他产权型住房
    DAMAGE = "damage"  # 破坏设施设备
    UNAUTHORISED_RENOVATION = "unauthorised_renovation"  # 擅自装修
    SUBLETTING = "subletting"  # 转租
    LENDING = "lending"  # 转借
    CHANGE_OF_USE = "change_of_use"  # 转变租住用途


EXIT_ZH = {
    ExitReason.TERM_ENDED: "租期届满",
    ExitReason.VOLUNTARY: "主动退租",
    ExitReason.PUBLIC_RENTAL_HOUSING: "获得当地公租房保障",
    ExitReason.PROPERTY_HOUSING: "取得当地其他产权型住房",
    ExitReason.DAMAGE: "破坏承租住房设施设备",
    ExitReason.UNAUTHORISED_RENOVATION: "擅自装修",
    ExitReason.SUBLETTING: "转租",
    ExitReason.LENDING: "转借",
    ExitReason.CHANGE_OF_USE: "转变租住用途",
}
OBLIGED = frozenset({ExitReason.PUBLIC_RENTAL_HOUSING, ExitReason.PROPERTY_HOUSING})
VIOLATIONS = frozenset(
    {
        ExitReason.DAMAGE,
        ExitReason.UNAUTHORISED_RENOVATION,
        ExitReason.SUBLETTING,
        ExitReason.LENDING,
        ExitReason.CHANGE_OF_USE,
    }
)


@dataclass(frozen=True, slots=True)
class ExitOutcome:
    decision: Decision
    violation: bool  # to be recorded against the tenant (HOUS-CREDIT)
    obliged: bool  # the tenant had to move out (公租房 / 产权型住房)


def decide_exit(
    reason: ExitReason,
    on: date,
    *,
    starts_on: date,
    ends_on: date,
    params: ParameterSet,
    region: str | None,
) -> ExitOutcome:
    """The tenancy ends on `on` (its last day) for `reason`; the finding says what that means."""
    if on < starts_on:
        raise HousingDomainError(
            None,
            f"退出日期{on}早于租赁起始日{starts_on}",
            f"the exit day {on} is before the lease started ({starts_on})",
        )
    if reason is ExitReason.TERM_ENDED and on != ends_on:
        raise HousingDomainError(
            "HOUS-TENANT-EXIT",
            f"租期届满退出的日期应为租期末日{ends_on}",
            f"an exit because the term ended is dated on its last day, {ends_on}",
            {"ends_on": ends_on, "on": on},
        )
    ev = HousingEvaluation(params, on, region)
    violation = reason in VIOLATIONS
    obliged = reason in OBLIGED
    facts = {
        "reason": reason.value,
        "on": on,
        "lease_starts_on": starts_on,
        "lease_ends_on": ends_on,
        "violation": violation,
        "obliged": obliged,
        "days_after_term": max((on - ends_on).days, 0),
    }
    if violation:
        ev.add(
            "HOUS-TENANT-EXIT",
            WARN,
            f"承租人{EXIT_ZH[reason]}，违反规定，租赁于{on}终止，并记入承租对象诚信档案。",
            f"The tenant's {reason.value.replace('_', ' ')} is prohibited: the tenancy ends on "
            f"{on} and it is recorded against the tenant (HOUS-CREDIT).",
            facts,
        )
    elif obliged:
        ev.add(
            "HOUS-TENANT-EXIT",
            PASS,
            f"承租人{EXIT_ZH[reason]}，应及时退出；租赁于{on}终止。",
            f"The tenant obtained {reason.value.replace('_', ' ')} and must move out: the "
            f"tenancy ends on {on}.",
            facts,
        )
    else:
        ev.add(
            "HOUS-TENANT-EXIT",
            PASS,
            f"{EXIT_ZH[reason]}，租赁于{on}终止。",
            f"The tenancy ends on {on} ({reason.value.replace('_', ' ')}).",
            facts,
        )
    return ExitOutcome(
        ev.decision(SUBJECT, {"reason": reason.value, "ended_on": on}), violation, obliged
    )
