"""Bodies of the works register: a works with its facts, its acceptance, the free handover and
its registration, with their OpenAPI examples.

Areas are square metres as decimal strings with at most two places (`govkit.area`); codes of
organisations are GB 32100 USCCs; days ISO dates. Changes send `If-Match` with the ETag.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from airdefence.api.check_schemas import AirDefenceAreaQualityIn
from airdefence.api.fields import STRICT, County, Day, Name, Note, Text, WorksParty
from airdefence.domain import BuilderCategory, LandKind, PeacetimeUse, RegistrationSubject
from govkit.area import Area, PositiveArea
from govkit.http.pagination import Page

MAX_ZONES = 200
MAX_ENTRANCES = 50


class AirDefenceEntranceIn(BaseModel):
    """An exclusive entrance (独享的口部) of a zone."""

    model_config = STRICT

    name: Name = Field(description="口部名称 e.g. 1号出入口 (unique within the zone)")
    floor_area: PositiveArea = Field(description="建筑面积 m²")
    location: Text = Field(description="位置")


class AirDefenceZoneIn(BaseModel):
    """An independent air-defence zone (人防独立区域, e.g. a protective unit)."""

    model_config = STRICT

    name: Name = Field(description="区域名称 e.g. 一号防护单元 (unique within the works)")
    floor_area: PositiveArea = Field(description="建筑面积 m²")
    location: Text = Field(description="位置")
    entrances: list[AirDefenceEntranceIn] = Field(default_factory=list, max_length=MAX_ENTRANCES)

    @model_validator(mode="after")
    def _unique_entrances(self) -> Self:
        names = [e.name for e in self.entrances]
        if len(set(names)) != len(names):
            raise ValueError("entrance names must be unique within a zone")
        return self


def check_zones(zones: list[AirDefenceZoneIn]) -> list[AirDefenceZoneIn]:
    names = [z.name for z in zones]
    if len(set(names)) != len(names):
        raise ValueError("zone names must be unique within the works")
    return zones


class WorksQualityIn(BaseModel):
    """AD-SAME-QUALITY: how the air-defence and the other basement areas are designed, accepted
    and delivered."""

    model_config = STRICT

    air_defence_area: AirDefenceAreaQualityIn
    non_air_defence_area: AirDefenceAreaQualityIn


class WorksBuilderIn(WorksParty):
    category: BuilderCategory = Field(
        description="party_government_organ 党政机关, public_institution 事业单位, "
        "city_development_group 市城发集团, village_collective 村集体, other 其他"
    )


class WorksAcceptanceIn(BaseModel):
    """Completion acceptance passed (竣工验收合格)."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [{"accepted_on": "2024-05-20", "certificate_no": "温鹿人防验〔2024〕018号"}]
        },
    )

    accepted_on: Day = Field(description="竣工验收合格日期")
    certificate_no: Name = Field(description="竣工验收备案（证明）编号")


EXAMPLE_ZONES: list[dict[str, Any]] = [
    {
        "name": "一号防护单元",
        "floor_area": "4000.00",
        "location": "地下一层东区",
        "entrances": [
            {"name": "1号出入口", "floor_area": "45.50", "location": "东侧"},
            {"name": "2号出入口", "floor_area": "38.00", "location": "北侧"},
        ],
    },
    {
        "name": "二号防护单元",
        "floor_area": "3500.00",
        "location": "地下一层西区",
        "entrances": [{"name": "3号出入口", "floor_area": "40.00", "location": "西侧"}],
    },
]
EXAMPLE_WORKS: dict[str, Any] = {
    "name": "某某花园防空地下室",
    "project_name": "鹿城区某某花园住宅项目",
    "county": "330302",
    "land": "state_owned_construction",
    "jiejian": True,
    "land_supply_plan_states_state_ownership": True,
    "builder": {
        "uscc": "91330302MA2C3D4E5Q",
        "name": "温州某某房地产开发有限公司",
        "category": "other",
    },
    "in_enclosed_area": False,
    "community": "鹿城区某某花园",
    "basement_floor_area": "10000.00",
    "net_parking_area": "2600.00",
    "public_spaces_in_air_defence_area": 0,
    "peacetime_use": "motor_vehicle_parking",
    "zones": EXAMPLE_ZONES,
    "quality": {
        "air_defence_area": {
            "design": "地坪环氧涂层，LED照明",
            "acceptance": "竣工验收合格",
            "delivery": "精装交付",
        },
        "non_air_defence_area": {
            "design": "地坪环氧涂层，LED照明",
            "acceptance": "竣工验收合格",
            "delivery": "精装交付",
        },
    },
    "acceptance": {"accepted_on": "2024-05-20", "certificate_no": "温鹿人防验〔2024〕018号"},
}


class WorksCreate(BaseModel):
    """A civil air-defence works as the register records it."""

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE_WORKS]})

    name: Name = Field(description="工程名称")
    project_name: Name = Field(description="所属建设项目")
    county: County
    land: LandKind = Field(
        description="state_owned_construction 国有建设用地, collective 集体所有土地, "
        "village_retained 村集体二产、三产留地"
    )
    jiejian: bool = Field(description="依法结建 Built under the 结建 obligation")
    land_supply_plan_states_state_ownership: bool | None = Field(
        None, description="供地方案正文已明确无偿归国家所有 (null: not recorded)"
    )
    builder: WorksBuilderIn = Field(description="建设单位")
    in_enclosed_area: bool = Field(False, description="位于市城发集团封闭区域内")
    community: Name | None = Field(None, description="所在住宅小区 (for AD-PARK-PRIORITY)")
    basement_floor_area: PositiveArea = Field(description="防空地下室建筑面积 m² (> 0)")
    net_parking_area: Area | None = Field(
        None, description="机动车车位净面积 m² (required when used for motor-vehicle parking)"
    )
    public_spaces_in_air_defence_area: int = Field(
        0, ge=0, le=100_000, description="设置在人防区域内的公共泊位数 (AD-PARK-PUBLIC)"
    )
    peacetime_use: PeacetimeUse = Field(description="平时用途")
    zones: list[AirDefenceZoneIn] = Field(
        default_factory=list, max_length=MAX_ZONES, description="人防独立区域及其独享口部"
    )
    quality: WorksQualityIn | None = Field(None, description="AD-SAME-QUALITY facts")
    acceptance: WorksAcceptanceIn | None = Field(
        None, description="竣工验收 (for works accepted before they are recorded)"
    )

    @model_validator(mode="after")
    def _zones(self) -> Self:
        check_zones(self.zones)
        return self


class WorksUpdate(BaseModel):
    """The facts to change (the others stay). The land, builder and enclosed-area facts are
    fixed once a handover or registration is recorded."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {"peacetime_use": "storage", "net_parking_area": None},
                {"land_supply_plan_states_state_ownership": True},
            ]
        },
    )

    name: Name | None = None
    project_name: Name | None = None
    county: County | None = None
    land: LandKind | None = None
    jiejian: bool | None = None
    land_supply_plan_states_state_ownership: bool | None = None
    builder: WorksBuilderIn | None = None
    in_enclosed_area: bool | None = None
    community: Name | None = None
    basement_floor_area: PositiveArea | None = None
    net_parking_area: Area | None = None
    public_spaces_in_air_defence_area: int | None = Field(None, ge=0, le=100_000)
    peacetime_use: PeacetimeUse | None = None
    zones: list[AirDefenceZoneIn] | None = Field(None, max_length=MAX_ZONES)
    quality: WorksQualityIn | None = None

    @model_validator(mode="after")
    def _fields(self) -> Self:
        required = {
            "name",
            "project_name",
            "county",
            "land",
            "jiejian",
            "builder",
            "in_enclosed_area",
            "basement_floor_area",
            "public_spaces_in_air_defence_area",
            "peacetime_use",
            "zones",
        }
        nulled = sorted(f for f in self.model_fields_set & required if getattr(self, f) is None)
        if nulled:
            raise ValueError(f"these fields cannot be null: {', '.join(nulled)}")
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        if self.zones is not None:
            check_zones(self.zones)
        return self


class WorksHandoverCreate(BaseModel):
    """The builder's free handover (无偿移交) to the designated wholly state-owned enterprise."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "handed_over_on": "2024-05-28",
                    "receiver": {
                        "uscc": "91330300MA2N4P5Q6Q",
                        "name": "温州市人防资产经营有限公司",
                    },
                    "designation_document": "鹿政办〔2022〕35号",
                    "free_of_charge": True,
                    "note": "移交清单及图纸一并交接",
                }
            ]
        },
    )

    handed_over_on: Day = Field(description="移交日期")
    receiver: WorksParty = Field(description="属地政府确定的国有全资企业 The designated enterprise")
    designation_document: Name = Field(description="属地政府确定该企业的文件")
    free_of_charge: bool = Field(True, description="无偿移交 (a handover for value is refused)")
    note: Note = ""


class WorksRegistrationCreate(BaseModel):
    """First registration (不动产首次登记) by the registration authority."""

    model_config = ConfigDict(
        **STRICT,
        json_schema_extra={
            "examples": [
                {
                    "registered_on": "2024-06-18",
                    "certificate_no": "浙（2024）温州市不动产权第0123456号",
                    "owner": {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"},
                    "basis": "",
                }
            ]
        },
    )

    registered_on: Day = Field(description="登记日期")
    certificate_no: Name = Field(description="不动产权证书号")
    owner: WorksParty = Field(description="登记的产权人 The registered owner")
    subject: RegistrationSubject | None = Field(
        None,
        description="Where two clauses of AD-REG-SUBJECT both apply (an organ's or "
        "institution's project inside the enclosed area): the one the authority applies",
    )
    basis: Note = Field("", description="依据 The authority's basis (required with `subject`)")


# ---- answers ------------------------------------------------------------------------------------


class WorksBuilderOut(BaseModel):
    uscc: str
    name: str
    category: BuilderCategory


class WorksPartyRef(BaseModel):
    uscc: str
    name: str


class WorksAcceptanceOut(BaseModel):
    accepted_on: date
    certificate_no: str


class WorksHandoverOut(BaseModel):
    handover_id: uuid.UUID
    handed_over_on: date
    builder: WorksPartyRef = Field(description="移交方 The builder")
    receiver: WorksPartyRef = Field(description="接收方 The designated enterprise")
    designation_document: str
    free_of_charge: bool
    note: str
    created_at: datetime
    created_by: str


class WorksRegistrationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "registration_id": "0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4",
                    "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "kind": "first",
                    "registered_on": "2024-06-18",
                    "certificate_no": "浙（2024）温州市不动产权第0123456号",
                    "owner": {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"},
                    "subject": "designated_state_enterprise",
                    "basis": "",
                    "decision_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    "created_at": "2024-06-18T02:00:00Z",
                    "created_by": "registration-console",
                }
            ]
        }
    )

    registration_id: uuid.UUID
    works_id: uuid.UUID
    kind: str = Field(description="first 首次登记 or transfer 转移登记")
    registered_on: date
    certificate_no: str
    owner: WorksPartyRef
    subject: str = Field(
        description="builder, city_development_group, designated_state_enterprise (first "
        "registration, AD-REG-SUBJECT) or transfer_receiver (AD-TRANSFER)"
    )
    basis: str
    decision_id: uuid.UUID = Field(description="GET …/decisions/{id}: the findings it rests on")
    created_at: datetime
    created_by: str


class WorksRegistrationsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
                    "items": WorksRegistrationOut.model_config["json_schema_extra"]["examples"],  # type: ignore[index]
                }
            ]
        }
    )

    works_id: uuid.UUID
    items: list[WorksRegistrationOut]


class WorksOwnershipOut(BaseModel):
    ownership: str = Field(description="state, not_transferred or not_determined")
    registration_subject: RegistrationSubject | None
    registrable_now: bool = Field(description="On the day asked (today by default)")
    handover_required: bool


_WORKS_ID = "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
EXAMPLE_WORKS_OUT: dict[str, Any] = {
    "works_id": _WORKS_ID,
    **{k: v for k, v in EXAMPLE_WORKS.items() if k != "acceptance"},
    "acceptance": EXAMPLE_WORKS["acceptance"],
    "handover": None,
    "registration": None,
    "owner": None,
    "responsible": {"uscc": "91330302MA2C3D4E5Q", "name": "温州某某房地产开发有限公司"},
    "status": "accepted",
    "ownership": {
        "ownership": "state",
        "registration_subject": "designated_state_enterprise",
        "registrable_now": False,
        "handover_required": True,
    },
    "version": 1,
    "created_at": "2024-05-21T02:00:00Z",
    "created_by": "airdefence-office",
    "updated_at": "2024-05-21T02:00:00Z",
}


class WorksOut(BaseModel):
    """A works in the register, with its steps and the ownership its facts give (ETag)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_WORKS_OUT]})

    works_id: uuid.UUID
    name: str
    project_name: str
    county: str
    land: LandKind
    jiejian: bool
    land_supply_plan_states_state_ownership: bool | None
    builder: WorksBuilderOut
    in_enclosed_area: bool
    community: str | None
    basement_floor_area: Area
    net_parking_area: Area | None
    public_spaces_in_air_defence_area: int
    peacetime_use: PeacetimeUse
    zones: list[dict[str, Any]]
    quality: dict[str, Any] | None
    acceptance: WorksAcceptanceOut | None
    handover: WorksHandoverOut | None
    registration: WorksRegistrationOut | None = Field(description="The current registration")
    owner: WorksPartyRef | None = Field(
        description="产权人 The registered owner (null until registered)"
    )
    responsible: WorksPartyRef = Field(
        description="维护管理责任方: the registered owner, else the enterprise handed over to, "
        "else the builder (the party the duties are listed under)"
    )
    status: str = Field(description="under_construction, accepted, handed_over or registered")
    ownership: WorksOwnershipOut
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime


class WorksSummary(BaseModel):
    works_id: uuid.UUID
    name: str
    project_name: str
    county: str
    builder: WorksBuilderOut
    owner: WorksPartyRef | None
    peacetime_use: PeacetimeUse
    basement_floor_area: Area
    status: str
    ownership: str
    registration_subject: RegistrationSubject | None
    version: int


_SUMMARY_EXAMPLE = {
    "works_id": _WORKS_ID,
    "name": "某某花园防空地下室",
    "project_name": "鹿城区某某花园住宅项目",
    "county": "330302",
    "builder": EXAMPLE_WORKS["builder"],
    "owner": None,
    "peacetime_use": "motor_vehicle_parking",
    "basement_floor_area": "10000.00",
    "status": "accepted",
    "ownership": "state",
    "registration_subject": "designated_state_enterprise",
    "version": 1,
}


class WorksPage(Page[WorksSummary]):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"items": [_SUMMARY_EXAMPLE], "next_cursor": None, "limit": 50}]
        }
    )
