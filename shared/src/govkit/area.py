"""Floor areas: square metres as Decimal with two places, a decimal string in JSON.

Areas the policies compare (a basement's floor area, a parking area, a unit's size) are exact
decimals: "2500.00" is 25% of "10000.00" with no float in between. JSON carries them as decimal
strings; integers are accepted, floats are not (they cannot carry the hundredths exactly).
In the database an area is `NUMERIC(12,2)`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

HUNDREDTH = Decimal("0.01")
MAX_AREA = Decimal("1e10")  # NUMERIC(12,2): below ten thousand million m²
_PATTERN = r"^\d{1,10}(\.\d{1,2})?$"


def _parse_area(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError('an area must be a decimal string of square metres, e.g. "2500.00"')
    try:
        area = Decimal(value.strip() if isinstance(value, str) else value)
    except ArithmeticError as exc:
        raise ValueError(
            'an area must be a decimal string of square metres, e.g. "2500.00"'
        ) from exc
    if not area.is_finite():
        raise ValueError("an area must be finite")
    if area < 0:
        raise ValueError("an area must not be negative")
    if area >= MAX_AREA:
        raise ValueError("an area must be below 10000000000 m² (NUMERIC(12,2))")
    if area != area.quantize(HUNDREDTH):
        raise ValueError("an area has at most two decimal places")
    return area.quantize(HUNDREDTH)


def _positive(area: Decimal) -> Decimal:
    if area <= 0:
        raise ValueError("an area must be greater than 0")
    return area


def area_str(area: Decimal) -> str:
    """The area as its JSON string, two places."""
    return str(area.quantize(HUNDREDTH))


Area = Annotated[
    Decimal,
    BeforeValidator(_parse_area),
    PlainSerializer(area_str, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _PATTERN,
            "description": "平方米 Square metres, a decimal string with at most 2 places",
            "examples": ["2500.00"],
        }
    ),
]
"""Square metres, not negative (0 allowed), as a decimal string with at most two places."""

PositiveArea = Annotated[
    Decimal,
    BeforeValidator(_parse_area),
    AfterValidator(_positive),
    PlainSerializer(area_str, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _PATTERN,
            "description": "平方米 Square metres (> 0), a decimal string with at most 2 places",
            "examples": ["10000.00"],
        }
    ),
]
"""Square metres, greater than 0."""
