"""govkit.area: square metres exact to the hundredth, decimal strings in JSON, no floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from govkit.area import Area, PositiveArea


class Plan(BaseModel):
    basement: PositiveArea
    parking: Area | None = None


def test_decimal_strings_and_integers_are_exact() -> None:
    plan = Plan(basement="10000", parking="2500.5")  # type: ignore[arg-type]
    assert plan.basement == Decimal("10000.00")
    assert plan.model_dump(mode="json") == {"basement": "10000.00", "parking": "2500.50"}
    assert Plan(basement=1).basement == Decimal("1.00")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    ["0", "0.00", "-0.01", "-5", "1.001", 2500.5, True, "NaN", "Infinity", "1e10", "", "abc", None],
)
def test_positive_area_refuses(value: object) -> None:
    with pytest.raises(ValidationError):
        Plan(basement=value)  # type: ignore[arg-type]


def test_zero_is_an_area_but_not_a_positive_one() -> None:
    assert Plan(basement="0.01", parking="0").parking == Decimal("0.00")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Plan(basement="0.01", parking="-0.01")  # type: ignore[arg-type]


def test_the_largest_area_numeric_12_2_holds() -> None:
    assert Plan(basement="9999999999.99").basement == Decimal("9999999999.99")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Plan(basement="10000000000")  # type: ignore[arg-type]
