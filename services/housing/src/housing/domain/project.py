"""Project recognition (二（二）, 三, 四（一）): unit standards, minimum size, dormitory-only land,
land sources by district tier and the industrial projects' raised facility shares.

Size standards bind new builds ("新开工建设的"); housing already started or built and converted
gets HOUS-UNIT-CONVERTED, a relaxation reported as `warn`. Conversions of non-residential
buildings are dormitory-only (HOUS-PROJECT-DORM-ONLY). Shares are compared exactly (Decimal);
the percentages shown are rounded for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import FAIL, NOT_APPLICABLE, PASS, WARN
from housing.domain.districts import TIER_ZH, District, DistrictRegistry
from housing.domain.errors import HousingDomainError
from housing.domain.evaluation import HousingEvaluation, percent
from housing.domain.parameters import (
    DORM_MAX_AREA,
    DORM_MIN_AREA,
    LAND_SOURCES_KEY,
    LAND_SOURCES_OTHER,
    MAIN_SHARE_MIN,
    OUTSIDE_PARK_CLASSES,
    OUTSIDE_PARK_MIN_MU,
    PROJECT_MIN_FLOOR_AREA,
    PROJECT_MIN_UNITS,
    RESIDENTIAL_MAIN_MAX_AREA,
    RESIDENTIAL_MAX_AREA,
    RESIDENTIAL_MIN_AREA,
    SMALL_MAX_AREA,
    SMALL_SHARE_MIN,
    SUPPORT_FLOOR_RAISED,
    SUPPORT_LAND_BASE,
    SUPPORT_LAND_RAISED,
)

SUBJECT = "housing.project"


class ConstructionMode(StrEnum):
    NEW_BUILD = "new_build"  # 新开工建设
    HOUSING_CONVERSION = "housing_conversion"  # 已经开工或建成的住房转为保障性租赁住房
    NON_RESIDENTIAL_CONVERSION = "non_residential_conversion"  # 非居住存量房屋改建


class LandSource(StrEnum):
    ENTERPRISE_OWN_IDLE_LAND = "enterprise_own_idle_land"  # 企事业单位自有空置土地
    INDUSTRIAL_PARK_SUPPORTING = "industrial_park_supporting"  # 产业园区配套用地
    IDLE_EXISTING_BUILDINGS = "idle_existing_buildings"  # 存量闲置房屋
    COLLECTIVE_COMMERCIAL_LAND = "collective_commercial_land"  # 集体经营性建设用地
    NEW_STATE_LAND = "new_state_land"  # 新供应国有建设用地


class UnitType(StrEnum):
    DORMITORY = "dormitory"  # 宿舍型
    RESIDENTIAL = "residential"  # 住宅型


class Plan(StrEnum):
    """The plans the joint review examines (四（二））."""

    CONSTRUCTION = "construction"  # 建设方案
    ALLOCATION = "allocation"  # 分配方案
    OPERATION = "operation"  # 运营管理方案


MODE_ZH = {
    ConstructionMode.NEW_BUILD: "新开工建设",
    ConstructionMode.HOUSING_CONVERSION: "已开工或建成的住房转为保障性租赁住房",
    ConstructionMode.NON_RESIDENTIAL_CONVERSION: "非居住存量房屋改建",
}
LAND_ZH = {
    LandSource.ENTERPRISE_OWN_IDLE_LAND: "企事业单位自有空置土地",
    LandSource.INDUSTRIAL_PARK_SUPPORTING: "产业园区配套用地",
    LandSource.IDLE_EXISTING_BUILDINGS: "存量闲置房屋",
    LandSource.COLLECTIVE_COMMERCIAL_LAND: "集体经营性建设用地",
    LandSource.NEW_STATE_LAND: "新供应国有建设用地",
}
_LAND_ZH_BY_VALUE = {k.value: v for k, v in LAND_ZH.items()}
PLAN_ZH = {
    Plan.CONSTRUCTION: "建设方案",
    Plan.ALLOCATION: "分配方案",
    Plan.OPERATION: "运营管理方案",
}


def plans_for_review(mode: ConstructionMode) -> tuple[Plan, ...]:
    """HOUS-CERT: housing already started or built and converted — allocation and operation
    plans; everything else (new builds, non-residential conversions) — all three."""
    if mode is ConstructionMode.HOUSING_CONVERSION:
        return (Plan.ALLOCATION, Plan.OPERATION)
    return (Plan.CONSTRUCTION, Plan.ALLOCATION, Plan.OPERATION)


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """`count` units of one type and building floor area (m²)."""

    type: UnitType
    area: Decimal
    count: int


@dataclass(frozen=True, slots=True)
class IndustrialProject:
    """The industrial project the housing is built in (四（一） second paragraph)."""

    in_park: bool  # inside an industrial park (产业园区内)
    existing: bool  # an existing project (存量工业项目); False = a new one
    efficiency_class: str | None  # 亩均效益 class, A–D
    land_mu: Decimal  # the project's total land (亩)
    support_land_mu: Decimal  # administrative and living-facility land (亩)
    floor_area: Decimal  # the project's total building floor area (m²)
    support_floor_area: Decimal  # administrative and living-facility floor area (m²)


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    district: str
    construction_mode: ConstructionMode
    land_source: LandSource
    standalone_building: bool  # 独立成栋（幢）
    closed_management: bool  # 可封闭管理
    floor_area: Decimal  # the project's building floor area (m²)
    units: tuple[UnitGroup, ...]
    industrial: IndustrialProject | None = None


def _validate(facts: ProjectFacts) -> None:
    if not facts.units:
        raise HousingDomainError(
            None, "项目须列明户型", "the project lists no units", {"pointer": "#/units"}
        )
    for i, u in enumerate(facts.units):
        if u.area <= 0 or u.count < 1:
            raise HousingDomainError(
                None,
                f"第{i + 1}组户型的面积须大于0、套数须至少为1",
                f"units[{i}]: the area must be above 0 and the count at least 1",
                {"pointer": f"#/units/{i}"},
            )
    if facts.floor_area <= 0:
        raise HousingDomainError(
            None, "建筑面积须大于0", "floor_area must be above 0", {"pointer": "#/floor_area"}
        )
    ind = facts.industrial
    if ind is not None:
        if ind.land_mu <= 0 or ind.floor_area <= 0:
            raise HousingDomainError(
                None,
                "工业项目用地面积和建筑面积须大于0",
                "industrial land and floor area must be above 0",
            )
        if not (0 <= ind.support_land_mu <= ind.land_mu) or not (
            0 <= ind.support_floor_area <= ind.floor_area
        ):
            raise HousingDomainError(
                None,
                "配套设施用地（建筑）面积须在0与项目总面积之间",
                "support land and floor area must lie between 0 and the project's totals",
            )


def district_on(registry: DistrictRegistry, code: str, day: date) -> District:
    found = registry.on(code, day)
    if found is None:
        raise HousingDomainError(
            None,
            f"县（市、区）代码{code}在{day.isoformat()}无效",
            f"{code} is not a district code in force on {day.isoformat()}",
            {"district": code, "pointer": "#/district"},
        )
    return found


def check_project(
    facts: ProjectFacts, registry: DistrictRegistry, params: ParameterSet, as_of: date
) -> Decision:
    """Every HOUS-UNIT-*, HOUS-PROJECT-*, HOUS-LAND-SOURCE and HOUS-INDUSTRIAL-RATIO finding."""
    _validate(facts)
    ev = HousingEvaluation(params, as_of, facts.district)
    district = district_on(registry, facts.district, ev.law_date)
    new_build = facts.construction_mode is ConstructionMode.NEW_BUILD
    units = facts.units
    total_units = sum(u.count for u in units)
    unit_area = sum((u.area * u.count for u in units), Decimal(0))
    small_share = _small_share(ev, units, unit_area, new_build)
    _dormitory(ev, [u for u in units if u.type is UnitType.DORMITORY], new_build)
    _residential(ev, [u for u in units if u.type is UnitType.RESIDENTIAL], new_build)
    _converted(ev, facts)
    _project_min(ev, facts, total_units, new_build)
    _dorm_only(ev, facts)
    _land_source(ev, facts, district)
    _industrial(ev, facts)
    relaxations = [
        f.rule_id for f in ev.findings if f.rule_id == "HOUS-UNIT-CONVERTED" and f.outcome is WARN
    ]
    return ev.decision(
        SUBJECT,
        {
            "district": district.code,
            "district_name": district.name,
            "tier": district.tier.value,
            "construction_mode": facts.construction_mode.value,
            "units": total_units,
            "unit_floor_area": unit_area,
            "small_unit_share_percent": small_share,
            "relaxations": relaxations,
            "plans_for_review": [p.value for p in plans_for_review(facts.construction_mode)],
        },
    )


def _only_new_builds(ev: HousingEvaluation, rule_id: str, mode: str) -> None:
    ev.add(
        rule_id,
        NOT_APPLICABLE,
        f"建设标准适用于新开工建设的项目；本项目为{mode}。",
        "The construction standards bind new builds; this project is not one.",
        {},
    )


def _small_share(
    ev: HousingEvaluation, units: Sequence[UnitGroup], unit_area: Decimal, new_build: bool
) -> Decimal | None:
    small_max = ev.dec(SMALL_MAX_AREA)
    small_area = sum((u.area * u.count for u in units if u.area <= small_max), Decimal(0))
    shown = percent(small_area, unit_area)
    if not new_build:
        _only_new_builds(ev, "HOUS-UNIT-SMALL-SHARE", "转化或改建项目")
        return shown
    minimum = ev.dec(SMALL_SHARE_MIN)
    facts = {
        "small_unit_floor_area": small_area,
        "unit_floor_area": unit_area,
        "share_percent": shown,
    }
    params = ev.values(SMALL_MAX_AREA, SMALL_SHARE_MIN)
    if small_area >= unit_area * minimum:
        ev.add(
            "HOUS-UNIT-SMALL-SHARE",
            PASS,
            f"{small_max}平方米以下小户型建筑面积{small_area}平方米，占{unit_area}平方米的"
            f"{shown}%，不低于{minimum * 100:.0f}%。",
            f"Units of {small_max} m² or less: {small_area} of {unit_area} m² ({shown}%), at "
            f"least {minimum * 100:.0f}%.",
            facts,
            params,
        )
    else:
        ev.add(
            "HOUS-UNIT-SMALL-SHARE",
            FAIL,
            f"{small_max}平方米以下小户型建筑面积{small_area}平方米，仅占{unit_area}平方米的"
            f"{shown}%，低于{minimum * 100:.0f}%。",
            f"Units of {small_max} m² or less: {small_area} of {unit_area} m² ({shown}%), below "
            f"{minimum * 100:.0f}%.",
            facts,
            params,
        )
    return shown


def _dormitory(ev: HousingEvaluation, dorms: list[UnitGroup], new_build: bool) -> None:
    rule = "HOUS-UNIT-DORM"
    if not new_build:
        _only_new_builds(ev, rule, "转化或改建项目")
        return
    if not dorms:
        ev.add(rule, NOT_APPLICABLE, "项目无宿舍型户型。", "The project has no dormitory units.")
        return
    low, high, main = ev.dec(DORM_MIN_AREA), ev.dec(DORM_MAX_AREA), ev.dec(MAIN_SHARE_MIN)
    total = sum(u.count for u in dorms)
    inside = sum(u.count for u in dorms if low <= u.area <= high)
    facts = {
        "dormitory_units": total,
        "in_main_band": inside,
        "share_percent": percent(Decimal(inside), Decimal(total)),
    }
    params = ev.values(DORM_MIN_AREA, DORM_MAX_AREA, MAIN_SHARE_MIN)
    ev.verdict(
        rule,
        []
        if inside >= total * main
        else [
            f"宿舍型{total}套中{low}–{high}平方米的仅{inside}套，不足{main * 100:.0f}%，不以该户型为主"
        ],
        []
        if inside >= total * main
        else [
            f"only {inside} of {total} dormitory units are {low}–{high} m², below {main * 100:.0f}%"
        ],
        f"宿舍型{total}套中{inside}套为{low}–{high}平方米，以该户型为主。",
        f"{inside} of {total} dormitory units are {low}–{high} m²: mainly so.",
        facts,
        params,
    )


def _residential(ev: HousingEvaluation, flats: list[UnitGroup], new_build: bool) -> None:
    rule = "HOUS-UNIT-RESIDENTIAL"
    if not new_build:
        _only_new_builds(ev, rule, "转化或改建项目")
        return
    if not flats:
        ev.add(rule, NOT_APPLICABLE, "项目无住宅型户型。", "The project has no residential units.")
        return
    low, high = ev.dec(RESIDENTIAL_MIN_AREA), ev.dec(RESIDENTIAL_MAIN_MAX_AREA)
    top, main = ev.dec(RESIDENTIAL_MAX_AREA), ev.dec(MAIN_SHARE_MIN)
    total = sum(u.count for u in flats)
    inside = sum(u.count for u in flats if low <= u.area <= high)
    upper = sum(u.count for u in flats if high < u.area <= top)
    above = sorted({u.area for u in flats if u.area > top})
    facts = {
        "residential_units": total,
        "in_main_band": inside,
        "in_upper_band": upper,
        "above_max": sum(u.count for u in flats if u.area > top),
        "areas_above_max": above,
        "share_percent": percent(Decimal(inside), Decimal(total)),
    }
    zh: list[str] = []
    en: list[str] = []
    if above:
        areas = "、".join(str(a) for a in above)
        zh.append(f"住宅型户型不得超过{top}平方米，本项目有{areas}平方米的户型")
        en.append(
            f"residential units above {top} m² are not allowed: {', '.join(map(str, above))} m²"
        )
    if inside < total * main:
        zh.append(f"住宅型{total}套中{low}–{high}平方米的仅{inside}套，不以该户型为主")
        en.append(f"only {inside} of {total} residential units are {low}–{high} m²")
    ev.verdict(
        rule,
        zh,
        en,
        f"住宅型{total}套中{inside}套为{low}–{high}平方米，{upper}套为{high}–{top}平方米，无超过"
        f"{top}平方米的户型。",
        f"{inside} of {total} residential units are {low}–{high} m² and {upper} are {high}–{top} "
        f"m²; none above {top} m².",
        facts,
        ev.values(
            RESIDENTIAL_MIN_AREA, RESIDENTIAL_MAIN_MAX_AREA, RESIDENTIAL_MAX_AREA, MAIN_SHARE_MIN
        ),
    )


def _converted(ev: HousingEvaluation, facts: ProjectFacts) -> None:
    rule = "HOUS-UNIT-CONVERTED"
    if facts.construction_mode is not ConstructionMode.HOUSING_CONVERSION:
        ev.add(
            rule,
            NOT_APPLICABLE,
            "非已开工或建成住房的转化项目。",
            "Not housing already started or built being converted.",
        )
        return
    small_max = ev.dec(SMALL_MAX_AREA)
    large = sum(u.count for u in facts.units if u.area > small_max)
    ev.add(
        rule,
        WARN,
        f"已开工或建成的住房转为保障性租赁住房：可适当放宽建筑面积标准（放宽，非符合）；"
        f"{large}套超过{small_max}平方米的户型可按间出租，适合改造成小户型的应予以改造。",
        f"Housing already started or built, converted: the size standards may be relaxed (a "
        f"relaxation, not a pass); {large} units above {small_max} m² may be let by the room, "
        "and units suited to conversion into small units should be converted.",
        {"units_above_small_max": large, "construction_mode": facts.construction_mode.value},
        ev.values(SMALL_MAX_AREA),
    )


def _project_min(ev: HousingEvaluation, facts: ProjectFacts, units: int, new_build: bool) -> None:
    rule = "HOUS-PROJECT-MIN"
    if not new_build:
        ev.add(
            rule,
            NOT_APPLICABLE,
            "独立成栋、封闭管理及规模要求适用于新开工建设的项目。",
            "The standalone, closed-management and size requirements bind new builds.",
        )
        return
    min_area, min_units = ev.dec(PROJECT_MIN_FLOOR_AREA), ev.count(PROJECT_MIN_UNITS)
    zh: list[str] = []
    en: list[str] = []
    if not facts.standalone_building:
        zh.append("未独立成栋（幢）")
        en.append("not a standalone building")
    if not facts.closed_management:
        zh.append("不能封闭管理")
        en.append("closed management is not possible")
    if facts.floor_area < min_area:
        zh.append(f"建筑面积{facts.floor_area}平方米，少于{min_area}平方米")
        en.append(f"the floor area {facts.floor_area} m² is below {min_area} m²")
    if units < min_units:
        zh.append(f"{units}套（间），少于{min_units}套（间）")
        en.append(f"{units} units, fewer than {min_units}")
    ev.verdict(
        rule,
        zh,
        en,
        f"独立成栋、可封闭管理，建筑面积{facts.floor_area}平方米（不少于{min_area}），"
        f"{units}套（间）（不少于{min_units}）。",
        f"Standalone, closed management possible, {facts.floor_area} m² (at least {min_area}), "
        f"{units} units (at least {min_units}).",
        {
            "standalone_building": facts.standalone_building,
            "closed_management": facts.closed_management,
            "floor_area": facts.floor_area,
            "units": units,
        },
        ev.values(PROJECT_MIN_FLOOR_AREA, PROJECT_MIN_UNITS),
    )


def _dorm_only(ev: HousingEvaluation, facts: ProjectFacts) -> None:
    rule = "HOUS-PROJECT-DORM-ONLY"
    on_park_land = facts.land_source is LandSource.INDUSTRIAL_PARK_SUPPORTING
    non_residential = facts.construction_mode is ConstructionMode.NON_RESIDENTIAL_CONVERSION
    if not (on_park_land or non_residential):
        ev.add(
            rule,
            NOT_APPLICABLE,
            "非产业园区配套用地、非非居住存量房屋改建项目。",
            "Neither on industrial-park supporting land nor a non-residential conversion.",
        )
        return
    why_zh = "利用产业园区配套用地" if on_park_land else "利用非居住存量闲置房屋改建"
    why_en = (
        "on industrial-park supporting land" if on_park_land else "a non-residential conversion"
    )
    flats = sum(u.count for u in facts.units if u.type is UnitType.RESIDENTIAL)
    used = {"residential_units": flats, "land_source": facts.land_source.value}
    if flats:
        ev.add(
            rule,
            FAIL,
            f"{why_zh}的项目应为宿舍型，严禁建设成套商品住宅；本项目有住宅型{flats}套。",
            f"A project {why_en} must be dormitory-type only; it has {flats} residential units.",
            used,
        )
    else:
        ev.add(
            rule,
            PASS,
            f"{why_zh}的项目全部为宿舍型。",
            f"A project {why_en}: dormitory units only.",
            used,
        )


def _land_source(ev: HousingEvaluation, facts: ProjectFacts, district: District) -> None:
    key = district.tier.key_development
    path = LAND_SOURCES_KEY if key else LAND_SOURCES_OTHER
    allowed = tuple(str(s) for s in ev.resolve(path).value)
    source = facts.land_source
    used = {"district": district.code, "tier": district.tier.value, "land_source": source.value}
    area_zh = f"{district.name}（{TIER_ZH[district.tier]}）"
    allowed_zh = "、".join(_LAND_ZH_BY_VALUE.get(s, s) for s in allowed)
    if source.value in allowed:
        ev.add(
            "HOUS-LAND-SOURCE",
            PASS,
            f"{area_zh}可以利用{LAND_ZH[source]}发展保障性租赁住房。",
            f"{district.code} ({district.tier.value}) may use {source.value}.",
            used,
            {path: list(allowed)},
        )
    else:
        ev.add(
            "HOUS-LAND-SOURCE",
            FAIL,
            f"{area_zh}不得利用{LAND_ZH[source]}，只可利用{allowed_zh}。",
            f"{district.code} ({district.tier.value}) may not use {source.value}; only "
            f"{', '.join(allowed)}.",
            used,
            {path: list(allowed)},
        )


def _industrial(ev: HousingEvaluation, facts: ProjectFacts) -> None:
    rule = "HOUS-INDUSTRIAL-RATIO"
    ind = facts.industrial
    if ind is None:
        ev.add(
            rule, NOT_APPLICABLE, "项目不在工业项目范围内。", "Not inside an industrial project."
        )
        return
    base, raised = ev.dec(SUPPORT_LAND_BASE), ev.dec(SUPPORT_LAND_RAISED)
    floor_raised = ev.dec(SUPPORT_FLOOR_RAISED)
    min_mu = ev.dec(OUTSIDE_PARK_MIN_MU)
    classes = tuple(str(c) for c in ev.resolve(OUTSIDE_PARK_CLASSES).value)
    outside_ok = ind.existing and ind.efficiency_class in classes and ind.land_mu >= min_mu
    qualifies = ind.in_park or outside_ok
    land_cap = raised if qualifies else base
    land_share = percent(ind.support_land_mu, ind.land_mu)
    floor_share = percent(ind.support_floor_area, ind.floor_area)
    flats = sum(u.count for u in facts.units if u.type is UnitType.RESIDENTIAL)
    used = {
        "in_park": ind.in_park,
        "existing": ind.existing,
        "efficiency_class": ind.efficiency_class,
        "land_mu": ind.land_mu,
        "support_land_mu": ind.support_land_mu,
        "support_land_share_percent": land_share,
        "floor_area": ind.floor_area,
        "support_floor_area": ind.support_floor_area,
        "support_floor_share_percent": floor_share,
        "qualifies_for_raised_caps": qualifies,
    }
    if ind.in_park:
        why_zh, why_en = "产业园区内的工业项目", "an industrial project inside a park"
    elif outside_ok:
        why_zh = f"产业园区外亩均效益{ind.efficiency_class}类企业用地{ind.land_mu}亩的存量工业项目"
        why_en = (
            f"an existing class-{ind.efficiency_class} project of {ind.land_mu} 亩 outside parks"
        )
    else:
        why_zh, why_en = (
            "不符合提高比例条件的工业项目",
            "an industrial project not qualifying for the raised caps",
        )
    zh: list[str] = []
    en: list[str] = []
    if ind.support_land_mu > ind.land_mu * land_cap:
        zh.append(f"配套设施用地占比{land_share}%，超过{land_cap * 100:.0f}%")
        en.append(f"the support land share {land_share}% exceeds {land_cap * 100:.0f}%")
    if qualifies and ind.support_floor_area > ind.floor_area * floor_raised:
        zh.append(f"配套设施建筑面积占比{floor_share}%，超过{floor_raised * 100:.0f}%")
        en.append(f"the support floor-area share {floor_share}% exceeds {floor_raised * 100:.0f}%")
    if ind.support_land_mu > ind.land_mu * base and flats:
        zh.append(f"提高部分应用于建设宿舍型保障性租赁住房，本项目有住宅型{flats}套")
        en.append(
            f"the increase is for dormitory-type housing, yet the project has {flats} residential units"
        )
    caps_zh = f"用地占比上限{land_cap * 100:.0f}%" + (
        f"、建筑面积占比上限{floor_raised * 100:.0f}%" if qualifies else ""
    )
    caps_en = f"land share cap {land_cap * 100:.0f}%" + (
        f", floor-area share cap {floor_raised * 100:.0f}%" if qualifies else ""
    )
    ev.verdict(
        rule,
        [f"{why_zh}：{z}" for z in zh] if zh else [],
        [f"{why_en}: {e}" for e in en] if en else [],
        f"{why_zh}，{caps_zh}：配套设施用地占比{land_share}%、建筑面积占比{floor_share}%。",
        f"{why_en.capitalize()}, {caps_en}: support land {land_share}%, floor area {floor_share}%.",
        used,
        ev.values(
            SUPPORT_LAND_BASE,
            SUPPORT_LAND_RAISED,
            SUPPORT_FLOOR_RAISED,
            OUTSIDE_PARK_MIN_MU,
            OUTSIDE_PARK_CLASSES,
        ),
    )
