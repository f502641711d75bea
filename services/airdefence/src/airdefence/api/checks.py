"""Stateless checks: ownership and registration, parking, same quality, lease fee, income use.

Each answers the domain's Decision: every applicable rule's finding (rule ID, clause, outcome,
bilingual message, facts and parameter values used), the overall outcome, the rules version and
the parameters in force on the evaluation day with their citations. Nothing is stored.
"""

from __future__ import annotations

from fastapi import APIRouter

from airdefence.api.check_schemas import (
    AirDefenceDecisionOut,
    AirDefenceIncomeUseCheck,
    AirDefenceLeaseFeeCheck,
    AirDefenceOwnershipCheck,
    AirDefenceParkingCheck,
    AirDefenceSameQualityCheck,
)
from airdefence.api.deps import PREFIX, READ, documented
from airdefence.service import checks as svc
from govkit.http.problem import RULE_VIOLATION, VALIDATION
from govkit.platform.computations import post_computation

router = APIRouter(prefix=PREFIX, tags=["checks"])

_UNSTORED = (
    " `parameter_overrides` (what-if) apply to this evaluation only, never to the baseline. "
    "Not stored: the answer carries `stored: false` and no `decision_id`."
)

post_computation(
    router,
    "/checks/ownership",
    AirDefenceOwnershipCheck,
    svc.ownership,
    scope=READ,
    name="check_ownership",
    summary="产权与登记 Who owns the works, may it be registered now, in whose name",
    description="按四（一）、四（三）判断：国有建设用地上依法结建的人防工程无偿归国家所有（AD-OWN-STATE）；"
    "集体所有土地及村集体留地村自建项目的人防工程暂不移交及确权，战时无偿调配（AD-OWN-COLLECTIVE）；"
    "竣工验收合格后方可首次登记（AD-REG-ACCEPTANCE）；登记主体（AD-REG-SUBJECT）：党政机关、事业单位"
    "→其组织机构，市城发集团封闭区域内所有项目及其封闭区外自建项目→城发集团，其他→建设单位无偿移交后"
    "登记在属地政府确定的国有全资企业名下。 `result` gives `ownership`, `registrable_now`, "
    "`registration_subject` (builder, city_development_group, designated_state_enterprise), "
    "`handover_required` and `handover_recorded`. An organ's or institution's project inside "
    "the enclosed area is a conflict of two clauses: `warn` with both `subject_candidates`. A "
    "builder category that contradicts the land (retained land carries the village's own "
    "project) is a 422 naming `#/builder_category`." + _UNSTORED,
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", VALIDATION),
)

post_computation(
    router,
    "/checks/parking",
    AirDefenceParkingCheck,
    svc.parking,
    scope=READ,
    name="check_parking",
    summary="车位配置 Net parking share and public spaces (AD-PARK-RATIO, AD-PARK-PUBLIC)",
    description="防空地下室平时用途为停放机动车的，机动车车位净面积不低于防空地下室建筑面积的25%（含本数）；"
    "各类公共泊位不得设置在人防区域。 When the peacetime use is motor-vehicle parking the net "
    "parking area must be at least 25% of the basement's floor area (inclusive: 2,500.00 of "
    "10,000.00 passes, 2,499.99 fails; `minimum_net_parking_area` is the smallest passing "
    "area); any other use: not applicable. Any public parking space inside the air-defence "
    "area fails. An area ≤ 0 or a net parking area larger than the basement is a 422 naming "
    "the field." + _UNSTORED,
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", VALIDATION),
)

post_computation(
    router,
    "/checks/same-quality",
    AirDefenceSameQualityCheck,
    svc.same_quality,
    scope=READ,
    name="check_same_quality",
    summary="同品质 Air-defence and other basement areas to the same quality (AD-SAME-QUALITY)",
    description="同项目中地下室人防区域与非人防区域应同品质设计、验收、交付：逐项比较（忽略多余空格），"
    "不一致的方面列于 `result.differing`。 Each aspect (design, acceptance, delivery) of the two "
    "areas is compared as written, spaces aside; those that differ are listed." + _UNSTORED,
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", VALIDATION),
)

post_computation(
    router,
    "/checks/lease-fee",
    AirDefenceLeaseFeeCheck,
    svc.lease_fee,
    scope=READ,
    name="check_lease_fee",
    summary="租赁物业费 Who pays the property service fee of a lease (AD-LEASE-FEE)",
    description="人防国有资产实施租赁的，相应物业服务费由承租人承担。 The tenant pays; a lease putting "
    "the fee on the owner fails (and is refused by POST …/works/{id}/leases)." + _UNSTORED,
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", VALIDATION),
)

post_computation(
    router,
    "/checks/income-use",
    AirDefenceIncomeUseCheck,
    svc.income_use_check,
    scope=READ,
    name="check_income_use",
    summary="收益用途 Whether operating income may go to a use (AD-INCOME-USE)",
    description="经营收益统筹用于维护保养、专业维修、平战转换、应急演练、人防专业化维护管理队伍和平战转换"
    "队伍建设。 A listed use passes; any other is a 422 `rule-violation` naming AD-INCOME-USE, "
    "as the ledger answers it." + _UNSTORED,
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", VALIDATION, RULE_VIOLATION),
)
