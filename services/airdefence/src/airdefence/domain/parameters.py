"""Every figure the air-defence rules read: defaults from the text, effective-dated and cited.

Rules never hard-code a threshold; they read it from a `ParameterSet` at the law's date and the
works' county, so county overrides and what-if copies just work. Ratios are fractions
(0.25 = 25%), areas square metres (`Decimal`), days ISO dates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from airdefence.domain.policy import EFFECTIVE_FROM, EFFECTIVE_TO, clause
from govkit.rules import ParameterDefinition, ParameterSet, ParameterValue

PARKING_MIN_RATIO = "airdefence.parking.net_area_min_ratio"
SURVEY_AREA_TOLERANCE = "airdefence.survey.area_tolerance"
CITY_DEVELOPMENT_GROUP_USCC = "airdefence.registration.city_development_group_uscc"
COUNTY_MEASURES_DUE = "airdefence.county_measures.due"


def _define(
    path: str, description: str, unit: str, value: Any, ref: str, quote: str
) -> ParameterDefinition:
    source = f"{clause(ref)}「{quote}」"
    default = ParameterValue(path, value, EFFECTIVE_FROM, EFFECTIVE_TO, source)
    return ParameterDefinition(path=path, description=description, unit=unit, default=default)


PARAMETERS: tuple[ParameterDefinition, ...] = (
    _define(
        PARKING_MIN_RATIO,
        "Minimum net parking area as a share of the basement's floor area when its peacetime "
        "use is motor-vehicle parking (inclusive: 不低于)",
        "ratio",
        Decimal("0.25"),
        "四（二）",
        "防空地下室平时用途为停放机动车的，机动车车位净面积不低于防空地下室建筑面积的25%",
    ),
    _define(
        SURVEY_AREA_TOLERANCE,
        "Difference in square metres between a planned and a surveyed area that the completion "
        "survey still counts as agreeing (the text gives none: every difference is recorded)",
        "m2",
        Decimal("0.00"),
        "四（二）",
        "在竣工测绘成果中，人防主管部门应核实人防独立区域及独享的口部建筑面积与位置，"
        "以及机动车车位净面积与防空地下室的配置要求（原文未规定允许误差）",
    ),
    _define(
        CITY_DEVELOPMENT_GROUP_USCC,
        "统一社会信用代码 of 市城发集团, the registered owner of the works in its enclosed area "
        "(the text names the group, not its code: not configured until an operator sets it)",
        "text",
        None,
        "四（三）",
        "市城发集团封闭区域内所有项目，及封闭区外城发集团自主建设项目，登记在其组织机构名下",
    ),
    _define(
        COUNTY_MEASURES_DUE,
        "Last day for each county (city, district) and functional zone to issue its measures "
        "for the peacetime use and management of state-owned civil air-defence works",
        "date",
        date(2021, 12, 31),
        "五（二）",
        "在2021年12月底前，制定国有人民防空工程资产平时使用管理办法",
    ),
)


def default_parameters() -> ParameterSet:
    return ParameterSet(PARAMETERS)
