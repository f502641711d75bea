"""Domain tests of the air-defence service: facts from the worked examples, the default
parameters in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from airdefence.domain import (
    BuilderCategory,
    LandKind,
    OwnershipFacts,
    ParkingFacts,
    PeacetimeUse,
    default_parameters,
)
from govkit.rules import ParameterSet

AS_OF = date(2024, 6, 1)


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    return default_parameters()


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def ownership_facts(d: dict[str, Any], **changes: Any) -> OwnershipFacts:
    d = {**d, **changes}
    return OwnershipFacts(
        land=LandKind(d["land"]),
        jiejian=d["jiejian"],
        land_supply_plan_states_state_ownership=d["land_supply_plan_states_state_ownership"],
        builder_category=BuilderCategory(d["builder_category"]),
        in_enclosed_area=d["in_enclosed_area"],
        accepted_on=_day(d.get("accepted_on")),
        handed_over_on=_day(d.get("handed_over_on")),
    )


def parking_facts(d: dict[str, Any], **changes: Any) -> ParkingFacts:
    d = {**d, **changes}
    net = d.get("net_parking_area")
    return ParkingFacts(
        basement_floor_area=Decimal(d["basement_floor_area"]),
        peacetime_use=PeacetimeUse(d["peacetime_use"]),
        net_parking_area=Decimal(net) if net is not None else None,
        public_spaces_in_air_defence_area=d.get("public_spaces_in_air_defence_area", 0),
    )
