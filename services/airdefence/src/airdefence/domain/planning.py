"""Planning conditions of a basement (四（二）): the net parking share, no public spaces in the
air-defence area, and one quality for its air-defence and other areas.

Areas are exact decimals: "2500.00" of "10000.00" is 25% and passes AD-PARK-RATIO (不低于 is
inclusive); "2499.99" fails. The minimum net parking area is shown rounded up to the hundredth,
the smallest area that passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from airdefence.domain import parameters as p
from airdefence.domain.errors import AirDefenceDomainError
from airdefence.domain.evaluation import AirDefenceEvaluation
from airdefence.domain.works import PeacetimeUse
from govkit.rules import Decision, Outcome, ParameterSet
from govkit.rules.evaluation import Evaluation

PASS, FAIL, NA = Outcome.PASS, Outcome.FAIL, Outcome.NOT_APPLICABLE
HUNDREDTH = Decimal("0.01")
MICRO = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class ParkingFacts:
    basement_floor_area: Decimal  # 防空地下室建筑面积, m² (> 0)
    peacetime_use: PeacetimeUse
    net_parking_area: Decimal | None  # 机动车车位净面积, m²
    public_spaces_in_air_defence_area: int = 0  # 设置在人防区域的公共泊位


def require_parking_areas(
    basement: Decimal, net_parking: Decimal | None, use: PeacetimeUse, prefix: str = "#"
) -> None:
    """The area facts AD-PARK-RATIO compares must make sense together (input errors, 422)."""
    if basement <= 0:
        raise AirDefenceDomainError(
            None,
            "防空地下室建筑面积必须大于0。",
            "The basement's floor area must be greater than 0.",
            pointer=f"{prefix}/basement_floor_area",
        )
    if net_parking is not None and net_parking > basement:
        raise AirDefenceDomainError(
            None,
            f"机动车车位净面积（{net_parking}）不能大于防空地下室建筑面积（{basement}）。",
            f"The net parking area ({net_parking} m²) cannot exceed the basement's floor area "
            f"({basement} m²).",
            {"net_parking_area": net_parking, "basement_floor_area": basement},
            pointer=f"{prefix}/net_parking_area",
        )
    if use is PeacetimeUse.MOTOR_VEHICLE_PARKING and net_parking is None:
        raise AirDefenceDomainError(
            None,
            "平时用途为停放机动车的，须提供机动车车位净面积。",
            "net_parking_area is required when the peacetime use is motor-vehicle parking.",
            pointer=f"{prefix}/net_parking_area",
        )


def minimum_net_parking(basement: Decimal, ratio: Decimal) -> Decimal:
    """The smallest net parking area (to the hundredth) that meets `ratio` of `basement`."""
    return (basement * ratio).quantize(HUNDREDTH, rounding=ROUND_CEILING)


def parking_ratio_finding(
    ev: Evaluation, basement: Decimal, use: PeacetimeUse, net: Decimal | None
) -> dict[str, Any]:
    """AD-PARK-RATIO on these figures; the figures it used."""
    facts: dict[str, Any] = {
        "basement_floor_area": basement,
        "peacetime_use": use.value,
        "net_parking_area": net,
    }
    if use is not PeacetimeUse.MOTOR_VEHICLE_PARKING:
        ev.add(
            "AD-PARK-RATIO",
            NA,
            "防空地下室平时用途不是停放机动车，不适用车位净面积比例要求。",
            "The basement's peacetime use is not motor-vehicle parking: the net parking ratio "
            "does not apply.",
            facts,
        )
        return {"applies": False, "minimum_net_parking_area": None, "net_parking_share": None}
    assert net is not None  # require_parking_areas
    ratio = ev.dec(p.PARKING_MIN_RATIO)
    minimum = minimum_net_parking(basement, ratio)
    share = (net / basement).quantize(MICRO)
    facts.update(minimum_net_parking_area=minimum, net_parking_share=share)
    used = ev.values(p.PARKING_MIN_RATIO)
    percent = f"{(ratio * 100).normalize():f}%"
    if net >= basement * ratio:
        ev.add(
            "AD-PARK-RATIO",
            PASS,
            f"机动车车位净面积{net}平方米，不低于防空地下室建筑面积{basement}平方米的{percent}"
            f"（{minimum}平方米）。",
            f"Net parking area {net} m² is at least {percent} of the basement's {basement} m² "
            f"({minimum} m²).",
            facts,
            used,
        )
    else:
        ev.add(
            "AD-PARK-RATIO",
            FAIL,
            f"机动车车位净面积{net}平方米，低于防空地下室建筑面积{basement}平方米的{percent}"
            f"（应不低于{minimum}平方米）。",
            f"Net parking area {net} m² is below {percent} of the basement's {basement} m² "
            f"(at least {minimum} m² required).",
            facts,
            used,
        )
    return {"applies": True, "minimum_net_parking_area": minimum, "net_parking_share": share}


def public_spaces_finding(ev: Evaluation, spaces: int) -> None:
    """AD-PARK-PUBLIC: any public parking space inside the air-defence area fails."""
    facts = {"public_spaces_in_air_defence_area": spaces}
    if spaces > 0:
        ev.add(
            "AD-PARK-PUBLIC",
            FAIL,
            f"人防区域内设置了{spaces}个公共泊位；各类公共泊位不得设置在人防区域。",
            f"{spaces} public parking space(s) inside the air-defence area; no public parking "
            "space of any kind may be there.",
            facts,
        )
    else:
        ev.add(
            "AD-PARK-PUBLIC",
            PASS,
            "人防区域内未设置公共泊位。",
            "No public parking space inside the air-defence area.",
            facts,
        )


def check_parking(
    f: ParkingFacts, params: ParameterSet, as_of: date, region: str | None = None
) -> Decision:
    """AD-PARK-RATIO and AD-PARK-PUBLIC as one Decision."""
    if f.public_spaces_in_air_defence_area < 0:
        raise AirDefenceDomainError(
            None,
            "公共泊位数不能为负数。",
            "The number of public spaces cannot be negative.",
            pointer="#/public_spaces_in_air_defence_area",
        )
    require_parking_areas(f.basement_floor_area, f.net_parking_area, f.peacetime_use)
    ev = AirDefenceEvaluation(params, as_of, region)
    figures = parking_ratio_finding(ev, f.basement_floor_area, f.peacetime_use, f.net_parking_area)
    public_spaces_finding(ev, f.public_spaces_in_air_defence_area)
    return ev.decision("airdefence.parking", figures)


# ---- AD-SAME-QUALITY ----------------------------------------------------------------------------

ASPECTS = ("design", "acceptance", "delivery")
_ASPECT_ZH = {"design": "设计", "acceptance": "验收", "delivery": "交付"}


@dataclass(frozen=True, slots=True)
class AreaQuality:
    """How one part of the basement was designed, accepted and delivered (the standard named)."""

    design: str
    acceptance: str
    delivery: str

    def aspect(self, name: str) -> str:
        return " ".join(str(getattr(self, name)).split())


def same_quality_finding(ev: Evaluation, air_defence: AreaQuality, other: AreaQuality) -> list[str]:
    """AD-SAME-QUALITY; the aspects that differ (none: pass)."""
    differing = [a for a in ASPECTS if air_defence.aspect(a) != other.aspect(a)]
    facts: Mapping[str, Any] = {
        "air_defence_area": {a: air_defence.aspect(a) for a in ASPECTS},
        "non_air_defence_area": {a: other.aspect(a) for a in ASPECTS},
        "differing": differing,
    }
    if differing:
        zh = "、".join(_ASPECT_ZH[a] for a in differing)
        ev.add(
            "AD-SAME-QUALITY",
            Outcome.FAIL,
            f"人防区域与非人防区域的{zh}品质不一致。",
            f"The air-defence and non-air-defence areas differ in {', '.join(differing)}.",
            facts,
        )
    else:
        ev.add(
            "AD-SAME-QUALITY",
            Outcome.PASS,
            "人防区域与非人防区域同品质设计、验收、交付。",
            "The air-defence and non-air-defence areas are designed, accepted and delivered to "
            "the same quality.",
            facts,
        )
    return differing


def check_same_quality(
    air_defence: AreaQuality, other: AreaQuality, params: ParameterSet, as_of: date
) -> Decision:
    ev = AirDefenceEvaluation(params, as_of)
    differing = same_quality_finding(ev, air_defence, other)
    return ev.decision("airdefence.same_quality", {"differing": differing})


def check_planning(
    f: ParkingFacts,
    quality: tuple[AreaQuality, AreaQuality] | None,
    params: ParameterSet,
    as_of: date,
    region: str | None = None,
) -> Decision:
    """AD-PARK-RATIO, AD-PARK-PUBLIC and, where the two areas' quality is on record,
    AD-SAME-QUALITY, as one Decision (a stored works' planning conditions)."""
    ev = AirDefenceEvaluation(params, as_of, region)
    figures = parking_ratio_finding(ev, f.basement_floor_area, f.peacetime_use, f.net_parking_area)
    public_spaces_finding(ev, f.public_spaces_in_air_defence_area)
    if quality is not None:
        figures["differing"] = same_quality_finding(ev, *quality)
    return ev.decision("airdefence.planning", figures)
