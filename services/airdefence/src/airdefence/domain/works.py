"""The facts of a civil air-defence works that the rules read: land, builder, areas, use."""

from __future__ import annotations

from enum import StrEnum


class LandKind(StrEnum):
    """The land the project is built on (四（一）)."""

    STATE_OWNED_CONSTRUCTION = "state_owned_construction"  # 国有建设用地
    COLLECTIVE = "collective"  # 集体所有土地
    VILLAGE_RETAINED = "village_retained"  # 村集体二产、三产留地


class BuilderCategory(StrEnum):
    """Who builds the project, as 四（三） sorts builders."""

    PARTY_GOVERNMENT_ORGAN = "party_government_organ"  # 党政机关
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位
    CITY_DEVELOPMENT_GROUP = "city_development_group"  # 市城发集团
    VILLAGE_COLLECTIVE = "village_collective"  # 村集体（村自建项目）
    OTHER = "other"  # 其他建设单位（如房地产开发企业）


class PeacetimeUse(StrEnum):
    """The basement's peacetime use (平时用途)."""

    MOTOR_VEHICLE_PARKING = "motor_vehicle_parking"  # 停放机动车
    NON_MOTOR_PARKING = "non_motor_parking"  # 非机动车停放
    STORAGE = "storage"  # 仓储
    COMMERCIAL = "commercial"  # 商业
    PUBLIC_SERVICE = "public_service"  # 公共服务
    OTHER = "other"
    UNUSED = "unused"  # 闲置


class Ownership(StrEnum):
    """Who the works belong to under 四（一）."""

    STATE = "state"  # 无偿归国家所有
    NOT_TRANSFERRED = "not_transferred"  # 暂不移交及确权，战时无偿调配使用
    NOT_DETERMINED = "not_determined"  # 非依法结建：本方案未规定


class RegistrationSubject(StrEnum):
    """In whose name the works are registered (四（三）)."""

    BUILDER = "builder"  # 党政机关、事业单位：其组织机构
    CITY_DEVELOPMENT_GROUP = "city_development_group"  # 市城发集团
    DESIGNATED_STATE_ENTERPRISE = "designated_state_enterprise"  # 属地政府确定的国有全资企业


_ORGANISATIONS = (BuilderCategory.PARTY_GOVERNMENT_ORGAN, BuilderCategory.PUBLIC_INSTITUTION)


def land_contradiction(land: LandKind, builder: BuilderCategory) -> tuple[str, str] | None:
    """Why a builder category cannot go with the land (zh, en), or None.

    Retained land (二产、三产留地) enters the text only as the site of a village's own project
    (村自建项目): any other builder there is a project the register must describe by the land's
    actual title (state-owned construction land or collective land).
    """
    if land is LandKind.VILLAGE_RETAINED and builder is not BuilderCategory.VILLAGE_COLLECTIVE:
        return (
            "村集体二产、三产留地上的项目为村自建项目，建设单位类别应为 village_collective；"
            "其他建设单位的项目请按土地实际权属（国有建设用地或集体所有土地）登记。",
            "Retained land for secondary/tertiary industry carries the village's self-built "
            "project: the builder category must be village_collective; another builder's "
            "project is recorded under the land's actual title (state-owned construction land "
            "or collective land).",
        )
    return None


def is_organisation(builder: BuilderCategory) -> bool:
    """A party or government organ or a public institution (registered in its own name)."""
    return builder in _ORGANISATIONS
