"""Field types of the air-defence bodies: bounded days, Wenzhou county codes, organisations'
codes (GB 32100, checked), names and notes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from govkit.ids import InvalidIdentifier, validate_uscc

FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2100, 12, 31)
COUNTY_PATTERN = r"^3303\d{2}$"  # GB/T 2260 codes of Wenzhou's counties and zones (3303xx)


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"the date must lie between {FIRST_DAY} and {LAST_DAY}")
    return day


def _uscc(code: str) -> str:
    try:
        return validate_uscc(code)
    except InvalidIdentifier as exc:
        raise ValueError(str(exc)) from None


Day = Annotated[date, AfterValidator(_in_range)]
"""An ISO day within 1990–2100."""

Uscc = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=18, max_length=18),
    AfterValidator(_uscc),
    Field(
        description="统一社会信用代码 Unified social credit code (GB 32100, check character verified)",
        examples=["91330302MA2C3D4E5Q"],
    ),
]
County = Annotated[
    str,
    Field(
        pattern=COUNTY_PATTERN,
        description="县（市、区）或功能区代码 Wenzhou county or zone code (GB/T 2260, 3303xx)",
        examples=["330302"],
    ),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WorksParty(BaseModel):
    """An organisation: its code and name."""

    model_config = STRICT

    uscc: Uscc
    name: Name = Field(description="名称 Name")
