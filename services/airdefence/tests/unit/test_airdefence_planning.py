"""AD-PARK-RATIO (worked example 3 to the hundredth), AD-PARK-PUBLIC, AD-SAME-QUALITY."""

from __future__ import annotations

from decimal import Decimal

import pytest

from airdefence.domain import (
    AirDefenceDomainError,
    AreaQuality,
    check_parking,
    check_same_quality,
    minimum_net_parking,
)
from airdefence.domain import examples as ex
from airdefence.domain import parameters as p
from govkit.rules import ParameterSet

from .conftest import AS_OF, parking_facts


def outcome(decision: object, rule_id: str) -> str:
    return next(f.outcome.value for f in decision.findings if f.rule_id == rule_id)  # type: ignore[attr-defined]


def test_example_3_exactly_25_percent_passes(params: ParameterSet) -> None:
    d = check_parking(parking_facts(ex.PARKING_EXACTLY_25), params, AS_OF)
    assert outcome(d, "AD-PARK-RATIO") == "pass"
    assert d.result["minimum_net_parking_area"] == Decimal("2500.00")
    assert d.result["net_parking_share"] == Decimal("0.250000")
    assert d.parameters_used[p.PARKING_MIN_RATIO]["value"] == "0.25"
    assert d.outcome.value == "pass"


def test_example_3_one_hundredth_below_fails(params: ParameterSet) -> None:
    d = check_parking(parking_facts(ex.PARKING_JUST_BELOW), params, AS_OF)
    assert d.failed_rules == ["AD-PARK-RATIO"]


def test_example_3_storage_is_not_applicable(params: ParameterSet) -> None:
    d = check_parking(parking_facts(ex.STORAGE), params, AS_OF)
    assert outcome(d, "AD-PARK-RATIO") == "not_applicable"
    assert d.result["applies"] is False
    assert p.PARKING_MIN_RATIO not in d.parameters_used


def test_example_3_one_public_space_fails(params: ParameterSet) -> None:
    d = check_parking(parking_facts(ex.ONE_PUBLIC_SPACE), params, AS_OF)
    assert d.failed_rules == ["AD-PARK-PUBLIC"]
    storage = check_parking(
        parking_facts(ex.STORAGE, public_spaces_in_air_defence_area=1), params, AS_OF
    )
    assert storage.failed_rules == ["AD-PARK-PUBLIC"]  # 各类公共泊位: whatever the use


def test_minimum_is_rounded_up_to_the_smallest_passing_area(params: ParameterSet) -> None:
    assert minimum_net_parking(Decimal("10001.01"), Decimal("0.25")) == Decimal("2500.26")
    passes = check_parking(
        parking_facts(
            ex.PARKING_EXACTLY_25, basement_floor_area="10001.01", net_parking_area="2500.26"
        ),
        params,
        AS_OF,
    )
    assert passes.failed_rules == []
    fails = check_parking(
        parking_facts(
            ex.PARKING_EXACTLY_25, basement_floor_area="10001.01", net_parking_area="2500.25"
        ),
        params,
        AS_OF,
    )
    assert fails.failed_rules == ["AD-PARK-RATIO"]


def test_net_parking_equal_to_the_basement_passes_and_larger_is_refused(
    params: ParameterSet,
) -> None:
    whole = check_parking(
        parking_facts(ex.PARKING_EXACTLY_25, net_parking_area="10000.00"), params, AS_OF
    )
    assert whole.failed_rules == []
    with pytest.raises(AirDefenceDomainError) as caught:
        check_parking(
            parking_facts(ex.PARKING_EXACTLY_25, net_parking_area="10000.01"), params, AS_OF
        )
    assert caught.value.pointer == "#/net_parking_area"


def test_parking_use_needs_a_net_parking_area(params: ParameterSet) -> None:
    with pytest.raises(AirDefenceDomainError) as caught:
        check_parking(parking_facts(ex.PARKING_EXACTLY_25, net_parking_area=None), params, AS_OF)
    assert caught.value.pointer == "#/net_parking_area"


def test_a_regional_ratio_is_read_for_the_county(params: ParameterSet) -> None:
    from datetime import date

    from govkit.rules import ParameterValue

    stricter = params.with_values(
        [
            ParameterValue(
                p.PARKING_MIN_RATIO, Decimal("0.30"), date(2023, 1, 1), None, "test", "330302"
            )
        ]
    )
    there = check_parking(parking_facts(ex.PARKING_EXACTLY_25), stricter, AS_OF, "330302")
    assert there.failed_rules == ["AD-PARK-RATIO"]
    elsewhere = check_parking(parking_facts(ex.PARKING_EXACTLY_25), stricter, AS_OF, "330303")
    assert elsewhere.failed_rules == []


SAME = AreaQuality("精装修设计：环氧地坪、LED照明", "竣工验收合格", "同标准交付")


def test_same_quality_passes_when_every_aspect_matches(params: ParameterSet) -> None:
    spaced = AreaQuality("精装修设计：环氧地坪、LED照明 ", "竣工验收合格", "同标准交付")
    d = check_same_quality(SAME, spaced, params, AS_OF)
    assert d.failed_rules == []


def test_same_quality_fails_naming_each_differing_aspect(params: ParameterSet) -> None:
    other = AreaQuality("精装修设计：环氧地坪、LED照明", "竣工验收合格", "毛坯交付")
    d = check_same_quality(SAME, other, params, AS_OF)
    assert d.failed_rules == ["AD-SAME-QUALITY"]
    assert d.result["differing"] == ["delivery"]
