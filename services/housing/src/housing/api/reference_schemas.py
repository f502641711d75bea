"""Bodies of the reference data (districts), the yearly figures and the targets table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govkit.platform.decisions import FindingOut
from housing.api.fields import Name, NonNegativeArea, TierValue, Units

_DISTRICT: dict[str, Any] = {
    "code": "330302",
    "name": "鹿城区",
    "tier": "net_inflow",
    "key_development": True,
    "target_share": "0.30",
    "effective_from": "2021-01-01",
    "effective_to": None,
    "source": "温政办〔2021〕75号 一（三）",
}


class HousingDistrictOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_DISTRICT]})

    code: str = Field(description="县（市、区）代码 County code (GB/T 2260)")
    name: str
    tier: TierValue = Field(
        description="net_inflow 人口净流入区域, key 其他重点发展区域, other 其他区域（文成、泰顺）"
    )
    key_development: bool = Field(description="重点发展（三）: net-inflow and key districts")
    target_share: str | None = Field(
        description="新增保障性租赁住房供应套数占比目标（分数），null = 无数值目标 The year's numeric "
        "target share as a fraction; null = none"
    )
    effective_from: date
    effective_to: date | None
    source: str = Field(description="出处 Citation")


class HousingDistrictsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"on": "2024-03-20", "count": 12, "items": [_DISTRICT]}]}
    )

    on: date = Field(description="The day the versions and target shares are in force on")
    count: int
    items: list[HousingDistrictOut]


class HousingDistrictHistoryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "330302",
                    "on": "2024-03-20",
                    "in_force": _DISTRICT,
                    "versions": [_DISTRICT],
                }
            ]
        }
    )

    code: str
    on: date
    in_force: HousingDistrictOut | None
    versions: list[HousingDistrictOut]


class HousingDistrictSet(BaseModel):
    """A district's version from `effective_from` (same day again: supersedes that version)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "鹿城区",
                    "tier": "net_inflow",
                    "effective_from": "2026-01-01",
                    "source": "温州市人民政府（示例文号）",
                }
            ]
        },
    )

    name: Name
    tier: TierValue
    effective_from: date
    effective_to: date | None = None
    source: Name = Field(description="出处 Citation or authority")

    @model_validator(mode="after")
    def _range(self) -> HousingDistrictSet:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to must not be before effective_from")
        return self


# ---- yearly figures ------------------------------------------------------------------------

_FIGURES: dict[str, Any] = {
    "new_housing_units": 10000,
    "new_affordable_units": 3000,
    "affordable_units_raised": 3200,
    "residential_land_area": "520000.00",
    "affordable_land_area": "60000.00",
    "source": "鹿城区住房和城乡建设局 2022年度统计",
}


class HousingFiguresSet(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [_FIGURES]}
    )

    new_housing_units: Units = Field(description="新增住房供应套（间）数")
    new_affordable_units: Units = Field(description="新增保障性租赁住房供应套（间）数")
    affordable_units_raised: Units = Field(
        description="建设筹集保障性租赁住房套（间）数（计入全市“十四五”13.1万套目标）"
    )
    residential_land_area: NonNegativeArea | None = Field(
        None, description="住宅用地供应面积（平方米）"
    )
    affordable_land_area: NonNegativeArea | None = Field(
        None, description="保障性租赁住房用地供应面积（平方米）"
    )
    source: Name = Field(description="数据来源 Who reported the figures")

    @model_validator(mode="after")
    def _subset(self) -> HousingFiguresSet:
        if self.new_affordable_units > self.new_housing_units:
            raise ValueError(
                "new_affordable_units is part of new_housing_units and cannot exceed it"
            )
        return self


class HousingFiguresOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "district": "330302",
                    "year": 2022,
                    "version": 1,
                    **_FIGURES,
                    "created_at": "2023-01-20T02:00:00Z",
                    "created_by": "ops-console",
                }
            ]
        }
    )

    district: str
    year: int
    version: int
    new_housing_units: int
    new_affordable_units: int
    affordable_units_raised: int
    residential_land_area: NonNegativeArea | None
    affordable_land_area: NonNegativeArea | None
    source: str
    created_at: datetime
    created_by: str


class HousingFiguresListOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": []}]})

    items: list[HousingFiguresOut]


# ---- targets -------------------------------------------------------------------------------

_FINDING: dict[str, Any] = {
    "rule_id": "HOUS-TARGET-SHARE",
    "clause": "温政办〔2021〕75号 一（三）",
    "outcome": "pass",
    "message_zh": "鹿城区（人口净流入区域）2022年新增保障性租赁住房3000套（间），占新增住房供应10000套（间）的30.00%，达到30%以上。",
    "message_en": "330302 2022: 3000 of 10000 new units are affordable rental (30.00%), at least 30%.",
    "facts": {"share_percent": "30.00"},
    "parameters": {"housing.target.share.net_inflow": "0.30"},
}


class HousingTargetRowOut(BaseModel):
    district: str
    name: str
    tier: TierValue
    target_share: str | None = Field(description="目标占比（分数）；null = 无数值目标")
    figures: HousingFiguresOut | None
    share_percent: str | None = Field(description="实际占比（%），两位小数 (display)")
    outcome: str
    finding: FindingOut


class HousingCityTargetOut(BaseModel):
    through_year: int = Field(description="“十四五”期间计至此年（至多2025）")
    raised_units: int = Field(
        description="全市建设筹集保障性租赁住房套（间）数 (2021 through the year)"
    )
    target_units: int | None
    progress_percent: str | None
    outcome: str
    finding: FindingOut


class HousingLandSupplyOut(BaseModel):
    outcome: str
    finding: FindingOut


class HousingTargetsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2022,
                    "rules_version": "wzb-2021-75.r1",
                    "districts": [
                        {
                            "district": "330302",
                            "name": "鹿城区",
                            "tier": "net_inflow",
                            "target_share": "0.30",
                            "figures": None,
                            "share_percent": "30.00",
                            "outcome": "pass",
                            "finding": _FINDING,
                        }
                    ],
                    "failed_districts": [],
                    "city": {
                        "through_year": 2022,
                        "raised_units": 42000,
                        "target_units": 131000,
                        "progress_percent": "32.06",
                        "outcome": "warn",
                        "finding": {**_FINDING, "rule_id": "HOUS-TARGET-CITY", "outcome": "warn"},
                    },
                    "land_supply": {
                        "outcome": "not_applicable",
                        "finding": {
                            **_FINDING,
                            "rule_id": "HOUS-LAND-SUPPLY",
                            "clause": "温政办〔2021〕75号 四（一）",
                            "outcome": "not_applicable",
                        },
                    },
                    "parameters_used": {},
                }
            ]
        }
    )

    year: int
    rules_version: str
    districts: list[HousingTargetRowOut]
    failed_districts: list[str]
    city: HousingCityTargetOut
    land_supply: HousingLandSupplyOut
    parameters_used: dict[str, Any]
