"""District and city targets (一（三）, 四（一）): HOUS-TARGET-SHARE, HOUS-TARGET-CITY,
HOUS-LAND-SUPPLY.

Per district and year, new affordable rental units ÷ all new housing supply units against the
tier's share (net-inflow 30%, other key districts 15%, inclusive; 文成 and 泰顺 are reported
with no numeric target). The text sets these shares and the city's 131,000 units for the 14th
Five-Year Plan (2021–2025), and the 10% land supply share for 2021 only: the parameters carry
those periods, and a year they do not cover has no numeric target unless one is configured.
These evaluations are dated by the year's last day and read the text's own periods, so they
carry no validity-window warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govkit.rules import Decision, Finding, ParameterNotConfigured, ParameterSet
from govkit.rules.evaluation import FAIL, NOT_APPLICABLE, PASS, WARN
from housing.domain.districts import TIER_ZH, District, Tier
from housing.domain.evaluation import HousingEvaluation, percent
from housing.domain.parameters import (
    LAND_SUPPLY_AREA,
    LAND_SUPPLY_SHARE_MIN,
    TARGET_CITY_UNITS,
    TARGET_SHARE_KEY,
    TARGET_SHARE_NET_INFLOW,
)
from housing.domain.policy import PLAN_FIRST_YEAR, PLAN_LAST_YEAR

SUBJECT = "housing.targets"
SHARE_PATH = {Tier.NET_INFLOW: TARGET_SHARE_NET_INFLOW, Tier.KEY: TARGET_SHARE_KEY}


class TargetEvaluation(HousingEvaluation):
    """Dated by the year's own last day (2021 included), without the window warning."""

    __slots__ = ()

    @classmethod
    def law_date_for(cls, as_of: date) -> date:
        return as_of

    def window(self) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
        return (), ()


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One district's figures for one year, as the district reported them."""

    district: str
    year: int
    new_housing_units: int  # 新增住房供应套（间）数
    new_affordable_units: int  # 新增保障性租赁住房供应套（间）数
    affordable_units_raised: int  # 建设筹集保障性租赁住房套（间）数
    residential_land_area: Decimal | None = None  # 住宅用地供应面积（m²）
    affordable_land_area: Decimal | None = None  # 保障性租赁住房用地供应面积（m²）


@dataclass(frozen=True, slots=True)
class DistrictTarget:
    district: District
    figures: YearFigures | None
    target_share: Decimal | None  # None: no numeric target
    share_percent: Decimal | None
    finding: Finding


@dataclass(frozen=True, slots=True)
class TargetsResult:
    year: int
    rows: tuple[DistrictTarget, ...]
    city_raised: int  # 2021 through min(year, 2025)
    city_target: int | None
    city_finding: Finding
    land_finding: Finding
    decision: Decision


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _optional_share(ev: HousingEvaluation, path: str) -> Decimal | None:
    try:
        return ev.dec(path)
    except ParameterNotConfigured:
        return None


def _district_row(
    params: ParameterSet, year: int, district: District, figures: YearFigures | None
) -> tuple[DistrictTarget, HousingEvaluation]:
    ev = TargetEvaluation(params, _year_end(year), district.code)
    rule = "HOUS-TARGET-SHARE"
    path = SHARE_PATH.get(district.tier)
    target = _optional_share(ev, path) if path else None
    share = (
        percent(Decimal(figures.new_affordable_units), Decimal(figures.new_housing_units))
        if figures is not None
        else None
    )
    name = f"{district.name}（{TIER_ZH[district.tier]}）"
    facts = {
        "district": district.code,
        "tier": district.tier.value,
        "year": year,
        "new_housing_units": figures.new_housing_units if figures else None,
        "new_affordable_units": figures.new_affordable_units if figures else None,
        "share_percent": share,
    }
    params_used = {path: target} if path else {}
    if target is None:
        why_zh = "应结合实际合理发展，无数值目标" if path is None else f"{year}年无数值目标"
        why_en = (
            "develops as it sees fit, with no numeric target"
            if path is None
            else f"has no numeric target for {year}"
        )
        shown = f"，{year}年占比{share}%" if share is not None else ""
        finding = ev.add(
            rule,
            NOT_APPLICABLE,
            f"{name}{why_zh}{shown}。",
            f"{district.code} {why_en}"
            + (f"; {year} share {share}%" if share is not None else "")
            + ".",
            facts,
            params_used,
        )
    elif figures is None:
        finding = ev.add(
            rule,
            WARN,
            f"{name}{year}年数据未报送，目标{target * 100:.0f}%无法考核。",
            f"{district.code} has reported no figures for {year}; the {target * 100:.0f}% target "
            "cannot be assessed.",
            facts,
            params_used,
        )
    elif figures.new_housing_units == 0:
        finding = ev.add(
            rule,
            NOT_APPLICABLE,
            f"{name}{year}年无新增住房供应，占比无从计算。",
            f"{district.code} had no new housing supply in {year}: no share to assess.",
            facts,
            params_used,
        )
    elif figures.new_affordable_units >= figures.new_housing_units * target:
        finding = ev.add(
            rule,
            PASS,
            f"{name}{year}年新增保障性租赁住房{figures.new_affordable_units}套（间），占新增住房供应"
            f"{figures.new_housing_units}套（间）的{share}%，达到{target * 100:.0f}%以上。",
            f"{district.code} {year}: {figures.new_affordable_units} of "
            f"{figures.new_housing_units} new units are affordable rental ({share}%), at least "
            f"{target * 100:.0f}%.",
            facts,
            params_used,
        )
    else:
        finding = ev.add(
            rule,
            FAIL,
            f"{name}{year}年新增保障性租赁住房{figures.new_affordable_units}套（间），占新增住房供应"
            f"{figures.new_housing_units}套（间）的{share}%，未达到{target * 100:.0f}%。",
            f"{district.code} {year}: {figures.new_affordable_units} of "
            f"{figures.new_housing_units} new units are affordable rental ({share}%), below "
            f"{target * 100:.0f}%.",
            facts,
            params_used,
        )
    return DistrictTarget(district, figures, target, share, finding), ev


def _city(
    params: ParameterSet, year: int, raised_by_year: Mapping[int, int]
) -> tuple[int, int | None, Finding, HousingEvaluation]:
    last = min(year, PLAN_LAST_YEAR)
    ev = TargetEvaluation(params, _year_end(max(last, PLAN_FIRST_YEAR)), None)
    rule = "HOUS-TARGET-CITY"
    total = sum(n for y, n in raised_by_year.items() if PLAN_FIRST_YEAR <= y <= last)
    try:
        target = ev.count(TARGET_CITY_UNITS)
    except ParameterNotConfigured:
        target = None
    facts = {
        "period": f"{PLAN_FIRST_YEAR}-{PLAN_LAST_YEAR}",
        "through_year": last,
        "raised_units": total,
        "by_year": {str(y): raised_by_year.get(y, 0) for y in range(PLAN_FIRST_YEAR, last + 1)},
        "progress_percent": percent(Decimal(total), Decimal(target)) if target else None,
    }
    if year < PLAN_FIRST_YEAR or target is None:
        return (
            total,
            None,
            ev.add(
                rule,
                NOT_APPLICABLE,
                f"{year}年不在“十四五”期间，无全市目标。",
                f"{year} is outside the 14th Five-Year Plan: no city target.",
                facts,
            ),
            ev,
        )
    progress = facts["progress_percent"]
    used = ev.values(TARGET_CITY_UNITS)
    if total >= target:
        finding = ev.add(
            rule,
            PASS,
            f"“十四五”期间（截至{last}年）全市建设筹集保障性租赁住房{total}套（间），达到"
            f"{target}套（间）。",
            f"The city built or raised {total} units in 2021–{last}, at least {target}.",
            facts,
            used,
        )
    elif year < PLAN_LAST_YEAR:
        finding = ev.add(
            rule,
            WARN,
            f"截至{last}年全市建设筹集{total}套（间），完成“十四五”目标{target}套（间）的"
            f"{progress}%（期间未满）。",
            f"By {last} the city built or raised {total} units, {progress}% of the {target} "
            "target (the period is not over).",
            facts,
            used,
        )
    else:
        finding = ev.add(
            rule,
            FAIL,
            f"“十四五”期间全市建设筹集{total}套（间），未达到{target}套（间）（完成{progress}%）。",
            f"The city built or raised {total} units in 2021–2025, below the {target} target "
            f"({progress}%).",
            facts,
            used,
        )
    return total, target, finding, ev


def _land(
    params: ParameterSet, year: int, figures: Mapping[str, YearFigures]
) -> tuple[Finding, HousingEvaluation]:
    ev = TargetEvaluation(params, _year_end(year), None)
    rule = "HOUS-LAND-SUPPLY"
    minimum = _optional_share(ev, LAND_SUPPLY_SHARE_MIN)
    if minimum is None:
        return ev.add(
            rule,
            NOT_APPLICABLE,
            f"用地供应比例目标只针对2021年，{year}年无此目标。",
            f"The land supply share is set for 2021 only; none for {year}.",
            {"year": year},
        ), ev
    area = tuple(str(c) for c in ev.resolve(LAND_SUPPLY_AREA).value)
    missing = [
        c
        for c in area
        if c not in figures
        or figures[c].residential_land_area is None
        or figures[c].affordable_land_area is None
    ]
    residential = sum(
        (figures[c].residential_land_area or Decimal(0) for c in area if c in figures), Decimal(0)
    )
    affordable = sum(
        (figures[c].affordable_land_area or Decimal(0) for c in area if c in figures), Decimal(0)
    )
    share = percent(affordable, residential)
    facts = {
        "year": year,
        "city_proper": list(area),
        "residential_land_area": residential,
        "affordable_land_area": affordable,
        "share_percent": share,
        "missing_districts": missing,
    }
    used = ev.values(LAND_SUPPLY_SHARE_MIN, LAND_SUPPLY_AREA)
    pct = f"{minimum * 100:.0f}%"
    if missing:
        return ev.add(
            rule,
            WARN,
            f"{year}年市区用地供应数据不全（缺{'、'.join(missing)}），{pct}目标无法考核。",
            f"{year} city-proper land figures are incomplete (missing {', '.join(missing)}).",
            facts,
            used,
        ), ev
    if not residential:
        return ev.add(
            rule,
            NOT_APPLICABLE,
            f"{year}年市区无住宅用地供应。",
            f"No residential land was supplied in the city proper in {year}.",
            facts,
            used,
        ), ev
    outcome = PASS if affordable >= residential * minimum else FAIL
    verb_zh, verb_en = ("达到", "at least") if outcome is PASS else ("未达到", "below")
    return ev.add(
        rule,
        outcome,
        f"{year}年市区保障性租赁住房用地供应{affordable}平方米，占住宅用地供应{residential}平方米的"
        f"{share}%，{verb_zh}{pct}。",
        f"{year}: city-proper affordable rental land {affordable} of {residential} m² of "
        f"residential land ({share}%), {verb_en} {pct}.",
        facts,
        used,
    ), ev


def evaluate_targets(
    year: int,
    districts: Sequence[District],
    figures: Mapping[str, YearFigures],
    raised_by_year: Mapping[int, int],
    params: ParameterSet,
) -> TargetsResult:
    """Every district's HOUS-TARGET-SHARE for `year`, the city's HOUS-TARGET-CITY (2021 through
    `year`, at most 2025) and HOUS-LAND-SUPPLY; `raised_by_year` sums every district's raised
    units per year."""
    rows: list[DistrictTarget] = []
    used: dict[str, object] = {}
    findings: list[Finding] = []
    for district in districts:
        row, ev = _district_row(params, year, district, figures.get(district.code))
        rows.append(row)
        findings.append(row.finding)
        used.update(
            {f"{k}@{district.code}": v for k, v in ev.decision(SUBJECT).parameters_used.items()}
        )
    total, target, city, ev_city = _city(params, year, raised_by_year)
    land, ev_land = _land(params, year, figures)
    findings += [city, land]
    for ev in (ev_city, ev_land):
        used.update(ev.decision(SUBJECT).parameters_used)
    decision = Decision(
        subject=SUBJECT,
        findings=tuple(findings),
        as_of=_year_end(year),
        rules_version=HousingEvaluation.RULES_VERSION,
        parameters_used=used,
        result={"year": year, "city_raised_units": total, "city_target": target},
    )
    return TargetsResult(year, tuple(rows), total, target, city, land, decision)
