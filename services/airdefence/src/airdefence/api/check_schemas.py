"""Bodies of the stateless checks, with their OpenAPI examples (the worked examples).

Areas are square metres as decimal strings with at most two places (`govkit.area`), days ISO
dates. A check answers the Decision unstored (`stored: false`, no decision_id).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from airdefence.api.fields import STRICT, County, Day, Name
from airdefence.domain import (
    AreaQuality,
    BuilderCategory,
    FeePayer,
    LandKind,
    OwnershipFacts,
    ParkingFacts,
    PeacetimeUse,
    check_ownership,
    check_parking,
    default_parameters,
)
from airdefence.domain import examples as ex
from govkit.area import Area, PositiveArea
from govkit.audit.masking import jsonable
from govkit.platform.computations import decision_body
from govkit.platform.decisions import FindingOut
from govkit.platform.parameters import WhatIf


class _Check(WhatIf):
    model_config = STRICT

    as_of: Day | None = Field(
        None, description="评估日 The day the law is applied at (default today)"
    )


class AirDefenceOwnershipCheck(_Check):
    """The facts 四（一） and 四（三） read."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                ex.STATE_LAND_JIEJIAN,
                ex.VILLAGE_RETAINED,
                ex.PUBLIC_INSTITUTION,
                ex.ENCLOSED_AREA,
                ex.DEVELOPER_BEFORE_HANDOVER,
                ex.BEFORE_ACCEPTANCE,
            ]
        },
    )

    county: County | None = Field(None, description="县（市、区） County (for county parameters)")
    land: LandKind = Field(
        description="state_owned_construction 国有建设用地, collective 集体所有土地, "
        "village_retained 村集体二产、三产留地"
    )
    jiejian: bool = Field(description="依法结建 Built under the 结建 obligation")
    land_supply_plan_states_state_ownership: bool | None = Field(
        None, description="供地方案正文已明确无偿归国家所有 (null: not recorded)"
    )
    builder_category: BuilderCategory = Field(
        description="party_government_organ 党政机关, public_institution 事业单位, "
        "city_development_group 市城发集团, village_collective 村集体, other 其他"
    )
    in_enclosed_area: bool = Field(False, description="位于市城发集团封闭区域内")
    accepted_on: Day | None = Field(None, description="竣工验收合格日期 (null: not yet)")
    handed_over_on: Day | None = Field(None, description="无偿移交日期 (null: not yet)")

    def to_domain(self) -> OwnershipFacts:
        return OwnershipFacts(
            land=self.land,
            jiejian=self.jiejian,
            land_supply_plan_states_state_ownership=self.land_supply_plan_states_state_ownership,
            builder_category=self.builder_category,
            in_enclosed_area=self.in_enclosed_area,
            accepted_on=self.accepted_on,
            handed_over_on=self.handed_over_on,
        )


class AirDefenceParkingCheck(_Check):
    """The planning figures 四（二） compares."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                ex.PARKING_EXACTLY_25,
                ex.PARKING_JUST_BELOW,
                ex.STORAGE,
                ex.ONE_PUBLIC_SPACE,
            ]
        },
    )

    county: County | None = None
    basement_floor_area: PositiveArea = Field(description="防空地下室建筑面积 (m², > 0)")
    peacetime_use: PeacetimeUse = Field(description="平时用途 Peacetime use")
    net_parking_area: Area | None = Field(
        None, description="机动车车位净面积 (m²; required when the use is motor-vehicle parking)"
    )
    public_spaces_in_air_defence_area: int = Field(
        0, ge=0, le=100_000, description="设置在人防区域内的公共泊位数"
    )

    def to_domain(self) -> ParkingFacts:
        return ParkingFacts(
            basement_floor_area=self.basement_floor_area,
            peacetime_use=self.peacetime_use,
            net_parking_area=self.net_parking_area,
            public_spaces_in_air_defence_area=self.public_spaces_in_air_defence_area,
        )


class AirDefenceAreaQualityIn(BaseModel):
    """How one part of the basement is designed, accepted and delivered (the standard named)."""

    model_config = STRICT

    design: Name = Field(description="设计品质 Design standard")
    acceptance: Name = Field(description="验收 Acceptance standard or result")
    delivery: Name = Field(description="交付标准 Delivery standard")

    def to_domain(self) -> AreaQuality:
        return AreaQuality(self.design, self.acceptance, self.delivery)


SAME_QUALITY_EXAMPLE: dict[str, Any] = {
    "as_of": "2024-06-01",
    "air_defence_area": {
        "design": "地坪环氧涂层，LED照明，照度≥75lx",
        "acceptance": "竣工验收合格",
        "delivery": "精装交付",
    },
    "non_air_defence_area": {
        "design": "地坪环氧涂层，LED照明，照度≥75lx",
        "acceptance": "竣工验收合格",
        "delivery": "精装交付",
    },
}


class AirDefenceSameQualityCheck(_Check):
    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                SAME_QUALITY_EXAMPLE,
                {
                    **SAME_QUALITY_EXAMPLE,
                    "non_air_defence_area": {
                        **SAME_QUALITY_EXAMPLE["non_air_defence_area"],
                        "delivery": "毛坯交付",
                    },
                },
            ]
        },
    )

    air_defence_area: AirDefenceAreaQualityIn = Field(description="人防区域")
    non_air_defence_area: AirDefenceAreaQualityIn = Field(description="非人防区域")


class AirDefenceLeaseFeeCheck(_Check):
    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {"as_of": "2024-06-01", "property_service_fee_payer": "tenant"},
                {"as_of": "2024-06-01", "property_service_fee_payer": "owner"},
            ]
        },
    )

    property_service_fee_payer: FeePayer = Field(
        description="物业服务费承担方 tenant 承租人 or owner 产权人"
    )


class AirDefenceIncomeUseCheck(_Check):
    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {"as_of": "2024-06-01", "purpose": "peace_war_conversion"},
                {"as_of": "2024-06-01", "purpose": "maintenance_team"},
            ]
        },
    )

    purpose: Name = Field(
        description="用途 maintenance, professional_repair, peace_war_conversion, "
        "emergency_drill, maintenance_team, conversion_team; any other is refused (AD-INCOME-USE)"
    )


# ---- the answer ---------------------------------------------------------------------------------


def _example(decision_fn: Any, *args: Any) -> dict[str, Any]:
    out = jsonable(decision_body(decision_fn(*args)))
    assert isinstance(out, dict)
    return out


def _ownership_example() -> dict[str, Any]:
    body = AirDefenceOwnershipCheck.model_validate(ex.STATE_LAND_JIEJIAN)
    return _example(check_ownership, body.to_domain(), default_parameters(), body.as_of)


def _parking_example() -> dict[str, Any]:
    body = AirDefenceParkingCheck.model_validate(ex.PARKING_EXACTLY_25)
    return _example(check_parking, body.to_domain(), default_parameters(), body.as_of)


class AirDefenceDecisionOut(BaseModel):
    """A check's Decision. Checks change nothing, so it is not stored and has no decision_id."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [_ownership_example(), _parking_example()]}
    )

    stored: Literal[False] = Field(
        False,
        description="Always false: a check stores nothing (GET …/decisions is for stored ones)",
    )
    subject: str = Field(description="e.g. airdefence.ownership")
    outcome: str = Field(description="fail if any rule fails; else warn if any warns; else pass")
    failed_rules: list[str]
    warned_rules: list[str]
    as_of: date = Field(description="适用法律的日期 The day the law was applied at")
    rules_version: str
    findings: list[FindingOut]
    parameters_used: dict[str, Any] = Field(
        description="所用参数及其生效日期与出处 Parameters used, with effective dates and citations"
    )
    parameter_overrides: dict[str, Any] = Field(description="What-if values applied, if any")
    warnings: list[Any]
    result: dict[str, Any] = Field(
        description="The answer in figures: ownership, registrable_now, registration_subject… "
        "(ownership); minimum_net_parking_area, net_parking_share (parking)"
    )
