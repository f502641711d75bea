"""AD-SURVEY: every difference between what was planned and what was surveyed is a discrepancy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from airdefence.domain import Entrance, Layout, PeacetimeUse, Zone, evaluate_survey
from airdefence.domain import parameters as p
from govkit.rules import ParameterSet, ParameterValue

from .conftest import AS_OF

D = Decimal
PLANNED = Layout(
    basement_floor_area=D("10000.00"),
    net_parking_area=D("2600.00"),
    zones=(
        Zone(
            "一号防护单元",
            D("4000.00"),
            "地下一层东区",
            (Entrance("1号出入口", D("45.50"), "东侧"), Entrance("2号出入口", D("38.00"), "北侧")),
        ),
        Zone(
            "二号防护单元",
            D("3500.00"),
            "地下一层西区",
            (Entrance("3号出入口", D("40.00"), "西侧"),),
        ),
    ),
)
PARKING = PeacetimeUse.MOTOR_VEHICLE_PARKING


def test_a_survey_that_agrees_passes(params: ParameterSet) -> None:
    d, found = evaluate_survey(PLANNED, PLANNED, PARKING, params, AS_OF)
    assert found == []
    assert d.failed_rules == []
    assert {f.rule_id for f in d.findings} == {"AD-SURVEY", "AD-PARK-RATIO", "AD-PARK-PUBLIC"}


def test_each_difference_is_recorded_in_order(params: ParameterSet) -> None:
    zone1 = PLANNED.zones[0]
    surveyed = replace(
        PLANNED,
        zones=(
            replace(
                zone1,
                floor_area=D("3999.99"),
                location="地下一层东北区",
                entrances=(Entrance("1号出入口", D("45.50"), "东侧"),),
            ),
            Zone("三号防护单元", D("500.00"), "地下二层"),
        ),
    )
    d, found = evaluate_survey(PLANNED, surveyed, PARKING, params, AS_OF)
    assert [(x.kind, x.subject) for x in found] == [
        ("zone_area", "一号防护单元"),
        ("zone_location", "一号防护单元"),
        ("entrance_missing", "一号防护单元 / 2号出入口"),
        ("zone_missing", "二号防护单元"),
        ("zone_unplanned", "三号防护单元"),
    ]
    assert found[0].difference == D("-0.01")
    assert d.failed_rules == ["AD-SURVEY"]


def test_tolerance_is_inclusive(params: ParameterSet) -> None:
    tolerant = params.with_values(
        [ParameterValue(p.SURVEY_AREA_TOLERANCE, D("0.50"), date(2022, 1, 1), None, "test")]
    )
    at = replace(PLANNED, basement_floor_area=D("10000.50"))
    assert evaluate_survey(PLANNED, at, PARKING, tolerant, AS_OF)[1] == []
    beyond = replace(PLANNED, basement_floor_area=D("10000.51"))
    assert [x.kind for x in evaluate_survey(PLANNED, beyond, PARKING, tolerant, AS_OF)[1]] == [
        "basement_floor_area"
    ]


def test_net_parking_is_verified_against_the_basements_requirement(params: ParameterSet) -> None:
    short = replace(PLANNED, net_parking_area=D("2499.99"))
    d, found = evaluate_survey(PLANNED, short, PARKING, params, AS_OF)
    assert [x.kind for x in found] == ["net_parking_area", "net_parking_requirement"]
    assert set(d.failed_rules) == {"AD-SURVEY", "AD-PARK-RATIO"}
    requirement = found[1]
    assert (requirement.planned, requirement.surveyed) == ("2500.00", "2499.99")


def test_public_spaces_found_by_the_survey_are_recorded(params: ParameterSet) -> None:
    found_public = replace(PLANNED, public_spaces_in_air_defence_area=2)
    d, found = evaluate_survey(PLANNED, found_public, PARKING, params, AS_OF)
    assert [x.kind for x in found] == ["public_parking_in_air_defence_area"]
    assert set(d.failed_rules) == {"AD-SURVEY", "AD-PARK-PUBLIC"}
