"""Every figure the housing rules read: defaults from the text, effective-dated and cited.

Rules never hard-code a threshold; they read it from a `ParameterSet` at the law's date and the
county's code, so a county's own standard (the text lets counties set rents and standards "根据
…实际情况确定") and what-if copies just work. Ratios are fractions (0.80 = 80%), areas m² of
building floor area, land in 亩, periods whole months. Where the text gives no figure the default
is None ("not configured"): a rule that needs it then says so, and a county may configure one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from govkit.rules import ParameterDefinition, ParameterSet, ParameterValue
from housing.domain.policy import (
    EFFECTIVE_FROM,
    PLAN_FROM,
    PLAN_UNTIL,
    TEXT_VALID_UNTIL,
    VALIDITY_QUOTE,
    VALIDITY_REF,
    clause,
)

# validity window (末段)
VALID_FROM = "housing.policy.valid_from"
VALID_UNTIL = "housing.policy.valid_until"
# 二（一） tenants
CONTRACT_MIN_MONTHS = "housing.tenant.contract_min_months"
CONTRIBUTION_MIN_MONTHS = "housing.tenant.contribution_min_consecutive_months"
# 二（二） construction standards
MAIN_SHARE_MIN = "housing.unit.main_band_share_min"
DORM_MIN_AREA = "housing.unit.dormitory.main_min_area"
DORM_MAX_AREA = "housing.unit.dormitory.main_max_area"
RESIDENTIAL_MIN_AREA = "housing.unit.residential.main_min_area"
RESIDENTIAL_MAIN_MAX_AREA = "housing.unit.residential.main_max_area"
RESIDENTIAL_MAX_AREA = "housing.unit.residential.max_area"
SMALL_MAX_AREA = "housing.unit.small.max_area"
SMALL_SHARE_MIN = "housing.unit.small.floor_area_share_min"
# 四（一） projects and land
PROJECT_MIN_FLOOR_AREA = "housing.project.min_floor_area"
PROJECT_MIN_UNITS = "housing.project.min_units"
LAND_SOURCES_KEY = "housing.land.sources.key_districts"
LAND_SOURCES_OTHER = "housing.land.sources.other_districts"
SUPPORT_LAND_BASE = "housing.industrial.support_land_share_max.base"
SUPPORT_LAND_RAISED = "housing.industrial.support_land_share_max.raised"
SUPPORT_FLOOR_RAISED = "housing.industrial.support_floor_share_max.raised"
OUTSIDE_PARK_MIN_MU = "housing.industrial.outside_park_min_land_mu"
OUTSIDE_PARK_CLASSES = "housing.industrial.outside_park_efficiency_classes"
LAND_SUPPLY_SHARE_MIN = "housing.land_supply.affordable_share_min"
LAND_SUPPLY_AREA = "housing.land_supply.city_proper"
# 四（二） joint review
REVIEW_DEPARTMENTS = "housing.review.departments"
REVIEW_OPINION_WORKING_DAYS = "housing.review.opinion_working_days"
REVIEW_DECISION_WORKING_DAYS = "housing.review.decision_working_days"
# 二（三） rents and leases
RENT_CAP_RATIO = "housing.rent.cap_ratio"
RENEWAL_FLOOR_RATIO = "housing.rent.renewal_floor_ratio"
MARKET_RENT_MAX_AGE_MONTHS = "housing.market_rent.max_age_months"
LEASE_MAX_MONTHS = "housing.lease.max_months"
RENEWAL_MAX_MONTHS = "housing.lease.renewal.max_months"
RENEWAL_MAX_COUNT = "housing.lease.renewal.max_count"
# 一（三） targets
TARGET_SHARE_NET_INFLOW = "housing.target.share.net_inflow"
TARGET_SHARE_KEY = "housing.target.share.key"
TARGET_CITY_UNITS = "housing.target.city_units"

DORMITORY_LAND = ("industrial_park_supporting",)
KEY_SOURCES = (
    "enterprise_own_idle_land",
    "industrial_park_supporting",
    "idle_existing_buildings",
    "collective_commercial_land",
    "new_state_land",
)
OTHER_SOURCES = ("idle_existing_buildings", "new_state_land")
DEPARTMENTS = (
    "housing_construction",
    "development_reform",
    "economy_information",
    "natural_resources_planning",
    "ecology_environment",
)
CITY_PROPER = ("330302", "330303", "330304", "330305")


def _define(
    path: str,
    description: str,
    unit: str,
    value: Any,
    ref: str,
    quote: str,
    *,
    effective_from: date = EFFECTIVE_FROM,
    effective_to: date | None = None,
    note: str = "",
) -> ParameterDefinition:
    source = f"{clause(ref)}「{quote}」" + (f"（{note}）" if note else "")
    default = ParameterValue(path, value, effective_from, effective_to, source)
    return ParameterDefinition(path=path, description=description, unit=unit, default=default)


D = Decimal
_STD = "新开工建设的保障性租赁住房，以建筑面积不超过70平方米的小户型为主，其中宿舍型保障性租赁住房以建筑面积20-35平方米的户型为主；住宅型保障性租赁住房以建筑面积35-70平方米的户型为主，可根据保障对象实际租赁需求适当建设部分70-90平方米的户型，70平方米以下的小户型建筑面积占比原则上不低于80%"
_RENT = "保障性租赁住房租金应不高于市场租赁住房租金的80%"
_LEASE = "租赁期限应不超过5年，因特殊原因确实需要继续租住的，续租期限不超过3年，租金标准不低于市场租赁住房租金的80%"
_INDUSTRIAL = "将配套建设行政办公及生活服务设施的用地面积占项目总用地面积的比例上限由7%提高到15%，建筑面积占比上限相应提高到30%"
_TARGET = "“十四五”期间，全市建设筹集保障性租赁住房达到13.1万套（间）"

PARAMETERS: tuple[ParameterDefinition, ...] = (
    _define(
        VALID_FROM,
        "First day the policy is in force",
        "date",
        EFFECTIVE_FROM,
        VALIDITY_REF,
        VALIDITY_QUOTE,
    ),
    _define(
        VALID_UNTIL,
        "Last day the policy is in force (five years)",
        "date",
        TEXT_VALID_UNTIL,
        VALIDITY_REF,
        VALIDITY_QUOTE,
    ),
    _define(
        CONTRACT_MIN_MONTHS,
        "Minimum term of the labour contract with the employer",
        "months",
        12,
        "二（一）2",
        "与用人单位签订劳动合同一年以上",
    ),
    _define(
        CONTRIBUTION_MIN_MONTHS,
        "Minimum consecutive months of pension insurance or income tax paid through the employer",
        "months",
        3,
        "二（一）3",
        "以用人单位名义依法缴纳社会养老保险或个人所得税连续3个月以上",
    ),
    _define(
        MAIN_SHARE_MIN,
        "Share of a type's units inside its main size band for the band to be 'mainly' (为主)",
        "ratio",
        D("0.50"),
        "二（二）",
        "以…的户型为主",
        note="原文未给出“为主”的比例，按户数过半（含半数）掌握，可由县（市、区）另行确定",
    ),
    _define(DORM_MIN_AREA, "Dormitory units: main band, from", "m2", D(20), "二（二）", _STD),
    _define(DORM_MAX_AREA, "Dormitory units: main band, to", "m2", D(35), "二（二）", _STD),
    _define(
        RESIDENTIAL_MIN_AREA, "Residential units: main band, from", "m2", D(35), "二（二）", _STD
    ),
    _define(
        RESIDENTIAL_MAIN_MAX_AREA,
        "Residential units: main band, to",
        "m2",
        D(70),
        "二（二）",
        _STD,
    ),
    _define(
        RESIDENTIAL_MAX_AREA,
        "Residential units: largest allowed (the 70–90 m² band's top)",
        "m2",
        D(90),
        "二（二）",
        _STD,
    ),
    _define(SMALL_MAX_AREA, "Small units: floor area up to", "m2", D(70), "二（二）", _STD),
    _define(
        SMALL_SHARE_MIN,
        "Small units' share of the project's unit floor area, at least",
        "ratio",
        D("0.80"),
        "二（二）",
        _STD,
    ),
    _define(
        PROJECT_MIN_FLOOR_AREA,
        "New build: building floor area, at least",
        "m2",
        D(3000),
        "四（一）",
        "建筑面积不少于3000平方米且不少于50套（间）",
    ),
    _define(
        PROJECT_MIN_UNITS,
        "New build: units (套/间), at least",
        "count",
        50,
        "四（一）",
        "建筑面积不少于3000平方米且不少于50套（间）",
    ),
    _define(
        LAND_SOURCES_KEY,
        "Land and buildings key-development districts may use",
        "list",
        KEY_SOURCES,
        "三",
        "重点发展的县（市、区），可以利用企事业单位自有空置土地、产业园区配套用地、存量闲置房屋、集体经营性建设用地和新供应国有建设用地发展保障性租赁住房",
    ),
    _define(
        LAND_SOURCES_OTHER,
        "Land and buildings other districts may use",
        "list",
        OTHER_SOURCES,
        "三",
        "未列入重点发展的区域，可以利用存量闲置房屋和新供应国有建设用地发展保障性租赁住房",
    ),
    _define(
        SUPPORT_LAND_BASE,
        "Industrial project: administrative and living-facility land share cap",
        "ratio",
        D("0.07"),
        "四（一）",
        _INDUSTRIAL,
    ),
    _define(
        SUPPORT_LAND_RAISED,
        "Qualifying industrial project: raised land share cap",
        "ratio",
        D("0.15"),
        "四（一）",
        _INDUSTRIAL,
    ),
    _define(
        SUPPORT_FLOOR_RAISED,
        "Qualifying industrial project: raised floor-area share cap",
        "ratio",
        D("0.30"),
        "四（一）",
        _INDUSTRIAL,
    ),
    _define(
        OUTSIDE_PARK_MIN_MU,
        "Outside industrial parks: land of the enterprise's project, at least (亩)",
        "mu",
        D(50),
        "四（一）",
        "产业园区外亩均效益A类、B类龙头骨干企业用地面积50亩以上的存量工业项目",
    ),
    _define(
        OUTSIDE_PARK_CLASSES,
        "Outside industrial parks: 亩均效益 classes that qualify",
        "list",
        ("A", "B"),
        "四（一）",
        "产业园区外亩均效益A类、B类龙头骨干企业",
    ),
    _define(
        LAND_SUPPLY_SHARE_MIN,
        "2021: affordable rental land supply share of residential land supply, city proper",
        "ratio",
        D("0.10"),
        "四（一）",
        "2021年，温州市区年度保障性租赁住房用地供应面积占当年住宅用地供应面积的比例应达到10%以上",
        effective_from=date(2021, 1, 1),
        effective_to=date(2021, 12, 31),
    ),
    _define(
        LAND_SUPPLY_AREA,
        "The city proper (温州市区): county codes",
        "list",
        CITY_PROPER,
        "四（一）",
        "温州市区",
        effective_from=date(2021, 1, 1),
        note="市区为鹿城区、龙湾区、瓯海区、洞头区",
    ),
    _define(
        REVIEW_DEPARTMENTS,
        "Departments whose opinion the joint review needs (a county may add more)",
        "list",
        DEPARTMENTS,
        "四（二）",
        "组织住建、发改、经信、自然资源和规划、生态环境等相关部门，对申报认定为保障性租赁住房项目的建设、分配、运营管理方案实施联合审查",
    ),
    _define(
        REVIEW_OPINION_WORKING_DAYS,
        "Working days after submission within which each department gives its opinion",
        "working days",
        None,
        "四（二）",
        "明确项目审批操作指引",
        note="原文未规定期限，由县（市、区）操作指引确定",
    ),
    _define(
        REVIEW_DECISION_WORKING_DAYS,
        "Working days after submission within which the certificate is issued or refused",
        "working days",
        None,
        "四（二）",
        "形成联审意见，出具保障性租赁住房项目认定书",
        note="原文未规定期限，由县（市、区）操作指引确定",
    ),
    _define(
        RENT_CAP_RATIO, "Rent cap: share of market rent", "ratio", D("0.80"), "二（三）", _RENT
    ),
    _define(
        RENEWAL_FLOOR_RATIO,
        "Renewal: rent not lower than this share of market rent",
        "ratio",
        D("0.80"),
        "二（三）",
        _LEASE,
    ),
    _define(
        MARKET_RENT_MAX_AGE_MONTHS,
        "A market-rent appraisal is current for this many months",
        "months",
        None,
        "二（三）",
        "市场租赁住房租金由投资主体或运营管理主体委托第三方专业机构定期评估",
        note="原文只规定“定期”，未规定周期",
    ),
    _define(LEASE_MAX_MONTHS, "Lease term, at most", "months", 60, "二（三）", _LEASE),
    _define(
        RENEWAL_MAX_MONTHS,
        "Renewal term (all renewals of a lease together), at most",
        "months",
        36,
        "二（三）",
        _LEASE,
    ),
    _define(
        RENEWAL_MAX_COUNT,
        "Renewals of one lease, at most",
        "count",
        None,
        "二（三）",
        _LEASE,
        note="原文未限定续租次数，只限定续租期限；县（市、区）可规定",
    ),
    _define(
        TARGET_SHARE_NET_INFLOW,
        "Net-inflow districts: new affordable units' share of new housing supply units",
        "ratio",
        D("0.30"),
        "一（三）",
        "鹿城区、龙湾区、瓯海区、瑞安市等人口净流入的区（市）新增保障性租赁住房供应套（间）数占新增住房供应套（间）数的比例达到30%以上",
        effective_from=PLAN_FROM,
        effective_to=PLAN_UNTIL,
    ),
    _define(
        TARGET_SHARE_KEY,
        "Other key districts: new affordable units' share of new housing supply units",
        "ratio",
        D("0.15"),
        "一（三）",
        "洞头区、永嘉县、平阳县、苍南县、龙港市、乐清市等其他重点发展县（市、区）新增保障性租赁住房供应套（间）数占新增住房供应套（间）数的比例达到15%以上",
        effective_from=PLAN_FROM,
        effective_to=PLAN_UNTIL,
    ),
    _define(
        TARGET_CITY_UNITS,
        "City total built or raised in the 14th Five-Year Plan (2021–2025), units (套/间)",
        "count",
        131_000,
        "一（三）",
        _TARGET,
        effective_from=PLAN_FROM,
        effective_to=PLAN_UNTIL,
    ),
)

DEFAULT_PARAMETERS = ParameterSet(PARAMETERS)
