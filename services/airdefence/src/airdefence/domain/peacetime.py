"""Peacetime use (四（四）、四（五））: leases and their property service fee, the parking
allocation that serves the community's owners first, and the uses of operating income.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from airdefence.domain.errors import AirDefenceDomainError
from airdefence.domain.evaluation import AirDefenceEvaluation
from airdefence.domain.works import PeacetimeUse
from govkit.rules import Decision, Finding, Outcome, ParameterSet
from govkit.rules.evaluation import Evaluation

# ---- AD-LEASE-FEE -------------------------------------------------------------------------------


class FeePayer(StrEnum):
    TENANT = "tenant"  # 承租人
    OWNER = "owner"  # 产权人


def lease_fee_finding(ev: Evaluation, payer: FeePayer) -> Finding:
    """AD-LEASE-FEE: the tenant pays the property service fee of leased state-owned works."""
    facts = {"property_service_fee_payer": payer.value}
    if payer is FeePayer.TENANT:
        return ev.add(
            "AD-LEASE-FEE",
            Outcome.PASS,
            "人防国有资产实施租赁的，相应物业服务费由承租人承担。",
            "The tenant pays the property service fee of the leased works.",
            facts,
        )
    return ev.add(
        "AD-LEASE-FEE",
        Outcome.FAIL,
        "人防国有资产实施租赁的，相应物业服务费应由承租人承担，不得约定由产权人承担。",
        "The tenant pays the property service fee of leased state-owned works; a lease may not "
        "put it on the owner.",
        facts,
    )


def check_lease_fee(payer: FeePayer, params: ParameterSet, as_of: date) -> Decision:
    ev = AirDefenceEvaluation(params, as_of)
    lease_fee_finding(ev, payer)
    return ev.decision("airdefence.lease", {"property_service_fee_payer": FeePayer.TENANT.value})


def require_lease_fee(payer: FeePayer) -> None:
    """A lease that puts the property service fee on the owner is refused (AD-LEASE-FEE)."""
    if payer is not FeePayer.TENANT:
        raise AirDefenceDomainError(
            "AD-LEASE-FEE",
            "人防国有资产实施租赁的，相应物业服务费由承租人承担。",
            "The tenant pays the property service fee of leased state-owned works.",
            {"property_service_fee_payer": payer.value},
            pointer="#/property_service_fee_payer",
        )


# ---- AD-PARK-PRIORITY ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParkingRequest:
    ref: str  # the requester's reference (a room number, a plate), as the operator keeps it
    community_owner: bool  # an owner (业主) of the residential community the basement lies in


@dataclass(frozen=True, slots=True)
class Placement:
    position: int  # 1-based place in the order served, or in the waiting list
    request_index: int  # 0-based position of the request as submitted
    ref: str
    community_owner: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "request_index": self.request_index,
            "ref": self.ref,
            "community_owner": self.community_owner,
        }


@dataclass(frozen=True, slots=True)
class Allocation:
    spaces: int
    served: tuple[Placement, ...]
    waiting: tuple[Placement, ...]
    priority_applies: bool

    @property
    def served_owners(self) -> int:
        return sum(1 for p in self.served if p.community_owner)

    def summary(self) -> dict[str, int]:
        owners = sum(1 for p in (*self.served, *self.waiting) if p.community_owner)
        return {
            "spaces": self.spaces,
            "requests": len(self.served) + len(self.waiting),
            "owner_requests": owners,
            "served": len(self.served),
            "served_owners": self.served_owners,
            "served_others": len(self.served) - self.served_owners,
            "waiting": len(self.waiting),
            "waiting_owners": owners - self.served_owners,
            "waiting_others": len(self.waiting) - (owners - self.served_owners),
            "spaces_left": self.spaces - len(self.served),
        }


def allocate_parking(
    spaces: int, requests: Sequence[ParkingRequest], *, priority: bool = True
) -> Allocation:
    """Owners of the community first, each group in the order the requests came; then the
    others; whoever finds no space waits, in the same order. Deterministic given the order."""
    if spaces < 0:
        raise AirDefenceDomainError(
            None, "车位数不能为负数。", "spaces cannot be negative.", pointer="#/spaces"
        )
    indexed = list(enumerate(requests))
    if priority:
        ordered = [x for x in indexed if x[1].community_owner] + [
            x for x in indexed if not x[1].community_owner
        ]
    else:
        ordered = indexed
    served = tuple(
        Placement(n + 1, i, r.ref, r.community_owner) for n, (i, r) in enumerate(ordered[:spaces])
    )
    waiting = tuple(
        Placement(n + 1, i, r.ref, r.community_owner) for n, (i, r) in enumerate(ordered[spaces:])
    )
    return Allocation(spaces, served, waiting, priority)


def evaluate_allocation(
    spaces: int,
    requests: Sequence[ParkingRequest],
    *,
    use: PeacetimeUse,
    community: str | None,
    params: ParameterSet,
    as_of: date,
    region: str | None = None,
) -> tuple[Allocation, Decision]:
    """The allocation under AD-PARK-PRIORITY and its Decision."""
    if use is not PeacetimeUse.MOTOR_VEHICLE_PARKING:
        raise AirDefenceDomainError(
            "AD-PARK-PRIORITY",
            "该防空地下室平时用途不是停放机动车，不分配车位。",
            "The basement's peacetime use is not motor-vehicle parking: no spaces to allocate.",
            {"peacetime_use": use.value},
        )
    if community is None and any(r.community_owner for r in requests):
        raise AirDefenceDomainError(
            "AD-PARK-PRIORITY",
            "该工程未登记所在小区，不能认定小区业主。",
            "The works has no residential community on record: no request can be a community "
            "owner's.",
            pointer="#/requests",
        )
    refs = [r.ref for r in requests]
    if len(set(refs)) != len(refs):
        duplicate = next(r for r in refs if refs.count(r) > 1)
        raise AirDefenceDomainError(
            None,
            f"申请编号重复：{duplicate}。",
            f"Each request needs its own ref; {duplicate!r} appears more than once.",
            pointer="#/requests",
        )
    ev = AirDefenceEvaluation(params, as_of, region)
    allocation = allocate_parking(spaces, requests, priority=community is not None)
    s = allocation.summary()
    if community is None:
        ev.add(
            "AD-PARK-PRIORITY",
            Outcome.NOT_APPLICABLE,
            "该防空地下室不在住宅小区内，按申请顺序分配。",
            "The basement lies in no residential community: spaces go in the order requested.",
            s,
        )
    else:
        ev.add(
            "AD-PARK-PRIORITY",
            Outcome.PASS,
            f"首先满足{community}业主的停车需要：{s['owner_requests']}位业主申请，"
            f"{s['served_owners']}位获配；其他申请{s['served_others']}位获配，{s['waiting']}位轮候。",
            f"The owners of {community} first: {s['served_owners']} of {s['owner_requests']} "
            f"owners served; {s['served_others']} other requests served, {s['waiting']} waiting.",
            {**s, "community": community},
        )
    return allocation, ev.decision("airdefence.parking_allocation", s)


# ---- AD-INCOME-USE ------------------------------------------------------------------------------


class IncomeUse(StrEnum):
    """The uses 四（五） lists for operating income."""

    MAINTENANCE = "maintenance"  # 维护保养
    PROFESSIONAL_REPAIR = "professional_repair"  # 专业维修
    PEACE_WAR_CONVERSION = "peace_war_conversion"  # 平战转换
    EMERGENCY_DRILL = "emergency_drill"  # 应急演练
    MAINTENANCE_TEAM = "maintenance_team"  # 人防专业化维护管理队伍建设
    CONVERSION_TEAM = "conversion_team"  # 平战转换队伍建设


INCOME_USE_ZH = {
    IncomeUse.MAINTENANCE: "维护保养",
    IncomeUse.PROFESSIONAL_REPAIR: "专业维修",
    IncomeUse.PEACE_WAR_CONVERSION: "平战转换",
    IncomeUse.EMERGENCY_DRILL: "应急演练",
    IncomeUse.MAINTENANCE_TEAM: "人防专业化维护管理队伍建设",
    IncomeUse.CONVERSION_TEAM: "平战转换队伍建设",
}


class IncomeSource(StrEnum):
    LEASE = "lease"  # 租赁
    PARKING = "parking"  # 停车
    OTHER = "other"


def income_use(purpose: str) -> IncomeUse:
    """The listed use `purpose` names; any other is refused naming AD-INCOME-USE."""
    try:
        return IncomeUse(purpose)
    except ValueError:
        listed = "、".join(f"{u.value}（{INCOME_USE_ZH[u]}）" for u in IncomeUse)
        raise AirDefenceDomainError(
            "AD-INCOME-USE",
            f"经营收益只能用于：{listed}；“{purpose}”不在其列。",
            f"Operating income may be used only for {', '.join(u.value for u in IncomeUse)}; "
            f"{purpose!r} is not one of them.",
            {"purpose": purpose},
            pointer="#/purpose",
        ) from None


def income_use_finding(ev: Evaluation, use: IncomeUse) -> Finding:
    return ev.add(
        "AD-INCOME-USE",
        Outcome.PASS,
        f"经营收益用于{INCOME_USE_ZH[use]}，属于规定用途。",
        f"Operating income used for {use.value}: a listed use.",
        {"purpose": use.value},
    )
