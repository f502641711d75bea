"""Bodies of the completion survey (AD-SURVEY) and the discrepancies it records."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from airdefence.api.fields import STRICT, Day, Name, Note
from airdefence.api.works_schemas import EXAMPLE_ZONES, MAX_ZONES, AirDefenceZoneIn, check_zones
from govkit.area import Area, PositiveArea
from govkit.http.pagination import Page
from govkit.platform.decisions import FindingOut

EXAMPLE_SURVEY: dict[str, Any] = {
    "surveyed_on": "2024-05-10",
    "surveyor": "温州市某某测绘有限公司",
    "report_no": "温测〔2024〕人防0456号",
    "basement_floor_area": "10000.00",
    "net_parking_area": "2600.00",
    "public_spaces_in_air_defence_area": 0,
    "zones": [
        {**EXAMPLE_ZONES[0], "floor_area": "3998.60"},
        EXAMPLE_ZONES[1],
    ],
}


class WorksSurveyCreate(BaseModel):
    """The completion survey's results (竣工测绘成果) as the air-defence authority verifies them."""

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE_SURVEY]})

    surveyed_on: Day = Field(description="测绘（核实）日期")
    surveyor: Name = Field(description="测绘单位")
    report_no: Name = Field(description="竣工测绘成果编号")
    basement_floor_area: PositiveArea = Field(description="实测防空地下室建筑面积 m²")
    net_parking_area: Area | None = Field(None, description="实测机动车车位净面积 m²")
    public_spaces_in_air_defence_area: int = Field(
        0, ge=0, le=100_000, description="实测人防区域内公共泊位数"
    )
    zones: list[AirDefenceZoneIn] = Field(
        default_factory=list, max_length=MAX_ZONES, description="实测人防独立区域及独享口部"
    )
    note: Note = ""

    @model_validator(mode="after")
    def _zones(self) -> Self:
        check_zones(self.zones)
        return self


class SurveyDiscrepancyOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "discrepancy_id": "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                    "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "survey_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
                    "kind": "zone_area",
                    "subject": "一号防护单元",
                    "planned": "4000.00",
                    "surveyed": "3998.60",
                    "difference": "-1.40",
                    "status": "open",
                    "resolved_on": None,
                    "resolution": None,
                    "version": 1,
                    "created_at": "2024-05-11T02:00:00Z",
                }
            ]
        }
    )

    discrepancy_id: uuid.UUID
    works_id: uuid.UUID
    survey_id: uuid.UUID
    kind: str = Field(
        description="basement_floor_area, net_parking_area, zone_area, zone_location, "
        "zone_missing, zone_unplanned, entrance_area, entrance_location, entrance_missing, "
        "entrance_unplanned, net_parking_requirement, public_parking_in_air_defence_area"
    )
    subject: str = Field(description="What it concerns, e.g. 一号防护单元 / 1号出入口")
    planned: str | None = Field(description="As recorded in the register (areas in m²)")
    surveyed: str | None = Field(description="As surveyed")
    difference: str | None = Field(
        None,
        pattern=r"^-?\d{1,10}\.\d{2}$",
        description="surveyed − planned, for areas: m² as a decimal string, may be negative",
    )
    status: str = Field(description="open or resolved")
    resolved_on: date | None
    resolution: str | None
    version: int
    created_at: datetime


class WorksSurveyOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "survey_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
                    "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "surveyed_on": "2024-05-10",
                    "surveyor": "温州市某某测绘有限公司",
                    "report_no": "温测〔2024〕人防0456号",
                    "outcome": "fail",
                    "failed_rules": ["AD-SURVEY"],
                    "decision_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "findings": [
                        {
                            "rule_id": "AD-SURVEY",
                            "clause": "温政办〔2021〕71号 四（二）",
                            "outcome": "fail",
                            "message_zh": "竣工测绘核实发现1处不一致，已逐项记录。",
                            "message_en": "The completion survey found 1 discrepancy, each "
                            "recorded against the works.",
                            "facts": {"discrepancies": 1},
                            "parameters": {"airdefence.survey.area_tolerance": "0.00"},
                        }
                    ],
                    "discrepancies": SurveyDiscrepancyOut.model_config["json_schema_extra"][
                        "examples"
                    ],  # type: ignore[index]
                    "note": "",
                    "created_at": "2024-05-11T02:00:00Z",
                    "created_by": "airdefence-office",
                }
            ]
        }
    )

    survey_id: uuid.UUID
    works_id: uuid.UUID
    surveyed_on: date
    surveyor: str
    report_no: str
    outcome: str = Field(description="fail when anything differs or a parking rule fails")
    failed_rules: list[str]
    decision_id: uuid.UUID = Field(description="The stored Decision (GET …/decisions/{id})")
    findings: list[FindingOut]
    discrepancies: list[SurveyDiscrepancyOut]
    note: str
    created_at: datetime
    created_by: str


class WorksSurveysOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "items": WorksSurveyOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[WorksSurveyOut]


class SurveyDiscrepancyPage(Page[SurveyDiscrepancyOut]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": SurveyDiscrepancyOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                    "next_cursor": None,
                    "limit": 50,
                }
            ]
        }
    )


class SurveyDiscrepancyResolution(BaseModel):
    """How a discrepancy was settled: the register corrected, or the works put right."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {"resolved_on": "2024-05-20", "resolution": "按实测面积更正登记簿（PATCH …/works）"}
            ]
        },
    )

    resolved_on: Day
    resolution: Name = Field(description="处理结果")
