"""The completion survey (竣工测绘, AD-SURVEY): what was built against what was planned.

The air-defence authority verifies the floor area and location of each independent zone and
of its exclusive entrances (口部), and the net parking area against the basement's requirement
(AD-PARK-RATIO on the surveyed figures). Every difference is a discrepancy recorded against the
works; an area difference within the configured tolerance (none by default: the text gives
none) is not one. Locations are compared as written, spaces aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from airdefence.domain import parameters as p
from airdefence.domain.evaluation import AirDefenceEvaluation
from airdefence.domain.planning import (
    parking_ratio_finding,
    public_spaces_finding,
    require_parking_areas,
)
from airdefence.domain.works import PeacetimeUse
from govkit.rules import Decision, Outcome, ParameterSet


@dataclass(frozen=True, slots=True)
class Entrance:
    """An exclusive entrance (独享的口部) of a zone."""

    name: str
    floor_area: Decimal
    location: str


@dataclass(frozen=True, slots=True)
class Zone:
    """An independent air-defence zone (人防独立区域) and its exclusive entrances."""

    name: str
    floor_area: Decimal
    location: str
    entrances: tuple[Entrance, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    """The figures the survey verifies, as planned or as surveyed."""

    basement_floor_area: Decimal
    net_parking_area: Decimal | None
    zones: tuple[Zone, ...] = ()
    public_spaces_in_air_defence_area: int = 0


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: str  # e.g. zone_area, entrance_location, zone_missing, net_parking_requirement
    subject: str  # what it concerns, e.g. "一号防护单元 / 1号出入口"
    planned: str | None
    surveyed: str | None
    difference: Decimal | None = None  # surveyed − planned, for areas

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "planned": self.planned,
            "surveyed": self.surveyed,
            "difference": None if self.difference is None else str(self.difference),
        }


@dataclass
class _Comparison:
    tolerance: Decimal
    found: list[Discrepancy] = field(default_factory=list)

    def area(
        self, kind: str, subject: str, planned: Decimal | None, surveyed: Decimal | None
    ) -> None:
        if planned is None and surveyed is None:
            return
        if planned is None or surveyed is None:
            self.found.append(Discrepancy(kind, subject, _s(planned), _s(surveyed)))
            return
        if abs(surveyed - planned) > self.tolerance:
            self.found.append(
                Discrepancy(kind, subject, _s(planned), _s(surveyed), surveyed - planned)
            )

    def location(self, kind: str, subject: str, planned: str, surveyed: str) -> None:
        if " ".join(planned.split()) != " ".join(surveyed.split()):
            self.found.append(Discrepancy(kind, subject, planned, surveyed))


def _s(area: Decimal | None) -> str | None:
    return None if area is None else f"{area:.2f}"


def _by_name(items: Sequence[Any]) -> dict[str, Any]:
    return {i.name: i for i in items}


def compare_layouts(planned: Layout, surveyed: Layout, tolerance: Decimal) -> list[Discrepancy]:
    """Every difference between the planned and the surveyed layout, in a stable order."""
    c = _Comparison(tolerance)
    c.area(
        "basement_floor_area",
        "防空地下室",
        planned.basement_floor_area,
        surveyed.basement_floor_area,
    )
    c.area(
        "net_parking_area", "机动车车位净面积", planned.net_parking_area, surveyed.net_parking_area
    )
    planned_zones, surveyed_zones = _by_name(planned.zones), _by_name(surveyed.zones)
    for name, zone in planned_zones.items():
        built = surveyed_zones.get(name)
        if built is None:
            c.found.append(Discrepancy("zone_missing", name, _s(zone.floor_area), None))
            continue
        c.area("zone_area", name, zone.floor_area, built.floor_area)
        c.location("zone_location", name, zone.location, built.location)
        planned_ways, built_ways = _by_name(zone.entrances), _by_name(built.entrances)
        for way_name, way in planned_ways.items():
            subject = f"{name} / {way_name}"
            got = built_ways.get(way_name)
            if got is None:
                c.found.append(Discrepancy("entrance_missing", subject, _s(way.floor_area), None))
                continue
            c.area("entrance_area", subject, way.floor_area, got.floor_area)
            c.location("entrance_location", subject, way.location, got.location)
        for way_name, got in built_ways.items():
            if way_name not in planned_ways:
                c.found.append(
                    Discrepancy(
                        "entrance_unplanned", f"{name} / {way_name}", None, _s(got.floor_area)
                    )
                )
    for name, built in surveyed_zones.items():
        if name not in planned_zones:
            c.found.append(Discrepancy("zone_unplanned", name, None, _s(built.floor_area)))
    return c.found


def evaluate_survey(
    planned: Layout,
    surveyed: Layout,
    use: PeacetimeUse,
    params: ParameterSet,
    as_of: date,
    region: str | None = None,
) -> tuple[Decision, list[Discrepancy]]:
    """AD-SURVEY (with AD-PARK-RATIO and AD-PARK-PUBLIC on the surveyed figures) and the
    discrepancies to record."""
    require_parking_areas(
        surveyed.basement_floor_area, surveyed.net_parking_area, use, prefix="#/surveyed"
    )
    ev = AirDefenceEvaluation(params, as_of, region)
    tolerance = ev.dec(p.SURVEY_AREA_TOLERANCE)
    found = compare_layouts(planned, surveyed, tolerance)
    figures = parking_ratio_finding(
        ev, surveyed.basement_floor_area, use, surveyed.net_parking_area
    )
    ratio_failed = ev.findings[-1].outcome is Outcome.FAIL
    if ratio_failed:
        found.append(
            Discrepancy(
                "net_parking_requirement",
                "机动车车位净面积与防空地下室的配置要求",
                _s(figures["minimum_net_parking_area"]),
                _s(surveyed.net_parking_area),
                None
                if surveyed.net_parking_area is None
                else surveyed.net_parking_area - figures["minimum_net_parking_area"],
            )
        )
    public_spaces_finding(ev, surveyed.public_spaces_in_air_defence_area)
    if surveyed.public_spaces_in_air_defence_area > 0:
        found.append(
            Discrepancy(
                "public_parking_in_air_defence_area",
                "人防区域内公共泊位",
                "0",
                str(surveyed.public_spaces_in_air_defence_area),
            )
        )
    facts = {
        "zones_planned": len(planned.zones),
        "zones_surveyed": len(surveyed.zones),
        "discrepancies": len(found),
        "kinds": sorted({d.kind for d in found}),
    }
    used = ev.values(p.SURVEY_AREA_TOLERANCE)
    if found:
        ev.add(
            "AD-SURVEY",
            Outcome.FAIL,
            f"竣工测绘核实发现{len(found)}处不一致，已逐项记录。",
            f"The completion survey found {len(found)} discrepanc"
            f"{'y' if len(found) == 1 else 'ies'}, each recorded against the works.",
            facts,
            used,
        )
    else:
        ev.add(
            "AD-SURVEY",
            Outcome.PASS,
            "竣工测绘核实：人防独立区域及独享口部的建筑面积与位置、机动车车位净面积均与要求一致。",
            "The completion survey agrees: the zones' and exclusive entrances' floor areas and "
            "locations, and the net parking area against the requirement.",
            facts,
            used,
        )
    result = {**figures, "discrepancies": [d.as_dict() for d in found]}
    return ev.decision("airdefence.survey", result), found
