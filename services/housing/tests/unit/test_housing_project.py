"""Project recognition (二（二）, 三, 四（一）): worked examples 2 and 3, both sides of each
threshold."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from housing.domain import (
    DEFAULT_PARAMETERS,
    DEFAULT_REGISTRY,
    ConstructionMode,
    HousingDomainError,
    IndustrialProject,
    LandSource,
    ProjectFacts,
    UnitGroup,
    UnitType,
    check_project,
)
from housing.domain.examples import EXAMPLE_AS_OF, EXAMPLE_PROJECT

P = EXAMPLE_PROJECT
R, DORM = UnitType.RESIDENTIAL, UnitType.DORMITORY


def units(*groups: tuple[UnitType, str, int]) -> tuple[UnitGroup, ...]:
    return tuple(UnitGroup(t, D(a), n) for t, a, n in groups)


def decide(facts: ProjectFacts):  # type: ignore[no-untyped-def]
    return check_project(facts, DEFAULT_REGISTRY, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)


def outcome(facts: ProjectFacts, rule_id: str) -> str:
    return next(f.outcome.value for f in decide(facts).findings if f.rule_id == rule_id)


def test_worked_example_2_small_unit_share_83_25_percent_passes() -> None:
    d = decide(P)
    assert d.outcome.value == "pass", d.failed_rules
    small = next(f for f in d.findings if f.rule_id == "HOUS-UNIT-SMALL-SHARE")
    assert small.facts["small_unit_floor_area"] == D("3380.00")
    assert small.facts["unit_floor_area"] == D("4060.00")
    assert small.facts["share_percent"] == D("83.25")
    assert d.result["plans_for_review"] == ["construction", "allocation", "operation"]


def test_worked_example_2_share_79_27_percent_fails() -> None:
    d = decide(replace(P, units=units((R, "65", 50), (R, "85", 10))))
    assert d.failed_rules == ["HOUS-UNIT-SMALL-SHARE"]
    small = next(f for f in d.findings if f.rule_id == "HOUS-UNIT-SMALL-SHARE")
    assert small.facts["share_percent"] == D("79.27")


def test_worked_example_2_a_95_square_metre_unit_fails_residential() -> None:
    d = decide(replace(P, units=units((R, "65", 59), (R, "95", 1))))
    assert d.failed_rules == ["HOUS-UNIT-RESIDENTIAL"]


def test_residential_ceiling_is_90_inclusive() -> None:
    at = replace(P, units=units((R, "65", 59), (R, "90.00", 1)))
    assert outcome(at, "HOUS-UNIT-RESIDENTIAL") == "pass"
    above = replace(P, units=units((R, "65", 59), (R, "90.01", 1)))
    assert outcome(above, "HOUS-UNIT-RESIDENTIAL") == "fail"


def test_small_share_exactly_80_percent_passes_just_below_fails() -> None:
    # 60 × 70 = 4,200 small of 4,200 + 12 × 87.5 = 5,250 → 80% exactly.
    exact = replace(P, units=units((R, "70.00", 60), (R, "87.50", 12)))
    d = decide(exact)
    small = next(f for f in d.findings if f.rule_id == "HOUS-UNIT-SMALL-SHARE")
    assert small.facts["share_percent"] == D("80.00")
    assert small.outcome.value == "pass"
    below = replace(P, units=units((R, "70.00", 60), (R, "87.51", 12)))
    assert outcome(below, "HOUS-UNIT-SMALL-SHARE") == "fail"


def test_residential_mainly_35_to_70_at_half_of_the_units() -> None:
    half = replace(P, units=units((R, "35.00", 30), (R, "34.99", 30)))
    assert outcome(half, "HOUS-UNIT-RESIDENTIAL") == "pass"
    under = replace(P, units=units((R, "35.00", 29), (R, "34.99", 31)))
    assert outcome(under, "HOUS-UNIT-RESIDENTIAL") == "fail"


def test_dormitory_mainly_20_to_35() -> None:
    bounds = replace(P, units=units((DORM, "20.00", 30), (DORM, "35.00", 30)))
    assert outcome(bounds, "HOUS-UNIT-DORM") == "pass"
    outside = replace(P, units=units((DORM, "19.99", 31), (DORM, "35.01", 1), (DORM, "30", 28)))
    assert outcome(outside, "HOUS-UNIT-DORM") == "fail"
    assert outcome(P, "HOUS-UNIT-DORM") == "not_applicable"


def test_worked_example_3_project_minimum_49_units_or_2999_square_metres_fail() -> None:
    base = replace(P, floor_area=D("3000.00"), units=units((R, "60.00", 50)))
    assert outcome(base, "HOUS-PROJECT-MIN") == "pass"
    assert decide(replace(base, units=units((R, "60.00", 49)))).failed_rules == ["HOUS-PROJECT-MIN"]
    assert decide(replace(base, floor_area=D("2999.99"))).failed_rules == ["HOUS-PROJECT-MIN"]
    assert decide(replace(base, floor_area=D("2999"))).failed_rules == ["HOUS-PROJECT-MIN"]
    assert outcome(replace(base, standalone_building=False), "HOUS-PROJECT-MIN") == "fail"
    assert outcome(replace(base, closed_management=False), "HOUS-PROJECT-MIN") == "fail"


def test_converted_housing_is_a_relaxation_not_a_pass() -> None:
    d = decide(
        replace(
            P,
            construction_mode=ConstructionMode.HOUSING_CONVERSION,
            land_source=LandSource.IDLE_EXISTING_BUILDINGS,
            floor_area=D("900"),
            units=units((R, "120", 8)),
        )
    )
    assert d.failed_rules == []
    assert d.outcome.value == "warn"
    by_rule = {f.rule_id: f.outcome.value for f in d.findings}
    assert by_rule["HOUS-UNIT-CONVERTED"] == "warn"
    for rule in ("HOUS-UNIT-RESIDENTIAL", "HOUS-UNIT-SMALL-SHARE", "HOUS-PROJECT-MIN"):
        assert by_rule[rule] == "not_applicable"
    assert d.result["relaxations"] == ["HOUS-UNIT-CONVERTED"]
    assert d.result["plans_for_review"] == ["allocation", "operation"]


def test_dormitory_only_on_park_supporting_land_and_in_non_residential_conversions() -> None:
    park = replace(P, land_source=LandSource.INDUSTRIAL_PARK_SUPPORTING)
    assert decide(park).failed_rules == ["HOUS-PROJECT-DORM-ONLY"]
    dorms = replace(park, units=units((DORM, "30", 60)), floor_area=D("3000"))
    assert outcome(dorms, "HOUS-PROJECT-DORM-ONLY") == "pass"
    factory = replace(
        P,
        construction_mode=ConstructionMode.NON_RESIDENTIAL_CONVERSION,
        land_source=LandSource.IDLE_EXISTING_BUILDINGS,
    )
    assert outcome(factory, "HOUS-PROJECT-DORM-ONLY") == "fail"
    assert outcome(P, "HOUS-PROJECT-DORM-ONLY") == "not_applicable"


@pytest.mark.parametrize(
    ("district", "source", "expected"),
    [
        ("330302", LandSource.COLLECTIVE_COMMERCIAL_LAND, "pass"),  # net-inflow
        ("330305", LandSource.ENTERPRISE_OWN_IDLE_LAND, "pass"),  # key
        ("330328", LandSource.NEW_STATE_LAND, "pass"),  # 文成: other
        ("330328", LandSource.IDLE_EXISTING_BUILDINGS, "pass"),
        ("330329", LandSource.COLLECTIVE_COMMERCIAL_LAND, "fail"),  # 泰顺
        ("330329", LandSource.INDUSTRIAL_PARK_SUPPORTING, "fail"),
        ("330328", LandSource.ENTERPRISE_OWN_IDLE_LAND, "fail"),
    ],
)
def test_land_sources_by_tier(district: str, source: LandSource, expected: str) -> None:
    dorms = units((DORM, "30", 60))
    facts = replace(P, district=district, land_source=source, units=dorms)
    assert outcome(facts, "HOUS-LAND-SOURCE") == expected


def industrial(**changes: object) -> IndustrialProject:
    base = {
        "in_park": True,
        "existing": True,
        "efficiency_class": None,
        "land_mu": D(100),
        "support_land_mu": D(15),
        "floor_area": D(100000),
        "support_floor_area": D(30000),
    }
    base.update(changes)
    return IndustrialProject(**base)  # type: ignore[arg-type]


def with_industrial(ind: IndustrialProject) -> ProjectFacts:
    return replace(
        P,
        land_source=LandSource.ENTERPRISE_OWN_IDLE_LAND,
        units=units((DORM, "30", 100)),
        industrial=ind,
    )


def test_industrial_raised_caps_15_and_30_percent_inclusive() -> None:
    assert outcome(with_industrial(industrial()), "HOUS-INDUSTRIAL-RATIO") == "pass"
    land = industrial(support_land_mu=D("15.01"))
    assert outcome(with_industrial(land), "HOUS-INDUSTRIAL-RATIO") == "fail"
    floor = industrial(support_floor_area=D("30000.01"))
    assert outcome(with_industrial(floor), "HOUS-INDUSTRIAL-RATIO") == "fail"


def test_new_projects_inside_parks_qualify_too() -> None:
    assert outcome(with_industrial(industrial(existing=False)), "HOUS-INDUSTRIAL-RATIO") == "pass"


def test_outside_parks_only_a_b_class_with_50_mu_or_more() -> None:
    ok = industrial(in_park=False, efficiency_class="B", land_mu=D(50), support_land_mu=D("7.5"))
    assert outcome(with_industrial(ok), "HOUS-INDUSTRIAL-RATIO") == "pass"
    small = replace(ok, land_mu=D("49.99"), support_land_mu=D("7.49"))
    assert outcome(with_industrial(small), "HOUS-INDUSTRIAL-RATIO") == "fail"  # keeps 7%
    c_class = replace(ok, efficiency_class="C")
    assert outcome(with_industrial(c_class), "HOUS-INDUSTRIAL-RATIO") == "fail"
    new = replace(ok, existing=False)
    assert outcome(with_industrial(new), "HOUS-INDUSTRIAL-RATIO") == "fail"


def test_other_industrial_projects_keep_7_percent_inclusive() -> None:
    base = {"in_park": False, "efficiency_class": "C", "land_mu": D(100)}
    at = industrial(**base, support_land_mu=D(7))
    assert outcome(with_industrial(at), "HOUS-INDUSTRIAL-RATIO") == "pass"
    above = industrial(**base, support_land_mu=D("7.01"))
    assert outcome(with_industrial(above), "HOUS-INDUSTRIAL-RATIO") == "fail"


def test_the_increase_is_for_dormitories() -> None:
    facts = replace(with_industrial(industrial()), units=units((DORM, "30", 90), (R, "60", 10)))
    assert outcome(facts, "HOUS-INDUSTRIAL-RATIO") == "fail"
    assert outcome(P, "HOUS-INDUSTRIAL-RATIO") == "not_applicable"


def test_unknown_district_and_bad_areas_are_refused() -> None:
    with pytest.raises(HousingDomainError, match="330399"):
        decide(replace(P, district="330399"))
    with pytest.raises(HousingDomainError, match="area"):
        decide(replace(P, units=units((R, "0", 10))))
    with pytest.raises(HousingDomainError, match="no units"):
        decide(replace(P, units=()))
