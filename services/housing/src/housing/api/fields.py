"""Field types of the housing API: areas, land in 亩, months, counts, county codes, rents.

Areas and land are decimal strings (m² and 亩, two places); money is `govkit.money.Money` (a
decimal string in yuan); days are ISO dates; a month is `YYYY-MM`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from govkit.money import Money
from govkit.platform.parameters import REGION_PATTERN
from housing.domain import (
    Commissioner,
    ConstructionMode,
    ExitReason,
    LandSource,
    PartyRole,
    RecordKind,
    RentBasis,
    RentSource,
    Tier,
    TitleAct,
    Transferee,
    UnitType,
)

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

_AREA_SCHEMA = {"type": "string", "pattern": r"^\d{1,7}(\.\d{1,2})?$"}

Area = Annotated[
    Decimal,
    Field(gt=0, max_digits=9, decimal_places=2),
    WithJsonSchema({**_AREA_SCHEMA, "examples": ["65.00"]}),
]
"""Building floor area in m² (above 0, two places)."""

Mu = Annotated[
    Decimal,
    Field(gt=0, max_digits=9, decimal_places=2),
    WithJsonSchema({**_AREA_SCHEMA, "examples": ["60.00"]}),
]
"""Land in 亩 (above 0, two places)."""

NonNegativeArea = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,10}(\.\d{1,2})?$", "examples": ["0.00"]}),
]
"""An area (m² or 亩) that may be 0."""

Rent = Annotated[
    Money,
    Field(gt=0),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{1,14}(\.\d{1,2})?$", "examples": ["2000.00"]}
    ),
]
"""A monthly rent in yuan, above 0."""

Units = Annotated[int, Field(ge=0, le=10_000_000)]
UnitCount = Annotated[int, Field(ge=1, le=100_000)]
Months = Annotated[int, Field(ge=1, le=1200)]
County = Annotated[
    str, Field(pattern=REGION_PATTERN, description="县（市、区）代码 County code (GB/T 2260)")
]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=2000)]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _month(value: Any) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("a month is written YYYY-MM, e.g. 2024-01")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a calendar month (01–12)")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the year must lie between {FIRST_YEAR} and {LAST_YEAR}")
    return date(year, month, 1)


Month = Annotated[
    date,
    BeforeValidator(_month),
    PlainSerializer(lambda d: f"{d.year:04d}-{d.month:02d}", return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "examples": ["2024-01"]}
    ),
]
"""A calendar month `YYYY-MM` (kept as its first day)."""

Year = Annotated[int, Field(ge=2021, le=2035, description="年度 Year", examples=[2022])]


# The domain's enumerations, inlined in the OpenAPI document (no component named after them).
def _enum(values: type[StrEnum]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": [m.value for m in values]})


UnitTypeValue = Annotated[UnitType, _enum(UnitType)]
ConstructionModeValue = Annotated[ConstructionMode, _enum(ConstructionMode)]
LandSourceValue = Annotated[LandSource, _enum(LandSource)]
RentBasisValue = Annotated[RentBasis, _enum(RentBasis)]
RentSourceValue = Annotated[RentSource, _enum(RentSource)]
CommissionerValue = Annotated[Commissioner, _enum(Commissioner)]
TitleActValue = Annotated[TitleAct, _enum(TitleAct)]
TransfereeValue = Annotated[Transferee, _enum(Transferee)]
TierValue = Annotated[Tier, _enum(Tier)]
ExitReasonValue = Annotated[ExitReason, _enum(ExitReason)]
PartyRoleValue = Annotated[PartyRole, _enum(PartyRole)]
RecordKindValue = Annotated[RecordKind, _enum(RecordKind)]
