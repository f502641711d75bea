"""Money: yuan as Decimal with two places, rounded half up to the fen only at the end.

JSON carries money as a decimal string ("1826136.99") so no client parses it as a float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
WAN = Decimal(10_000)  # 万元 in the policy texts


def to_fen(amount: Decimal | int | str) -> Decimal:
    """Round half up (四舍五入) to the fen."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def wan(amount: Decimal | int | str) -> Decimal:
    """A figure written in 万元 as yuan."""
    return Decimal(amount) * WAN


def _parse_money(value: Any) -> Decimal:
    if isinstance(value, float):
        # Floats cannot carry fen exactly; accept them only when they are exact to the fen.
        value = repr(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError('money must be a decimal string, e.g. "1234.56"')
    try:
        amount = Decimal(value)
    except ArithmeticError as exc:
        raise ValueError('money must be a decimal string, e.g. "1234.56"') from exc
    if not amount.is_finite():
        raise ValueError("money must be finite")
    # Magnitude first: quantizing a huge value (1E+30) raises InvalidOperation, not a ValueError.
    if abs(amount) >= Decimal("1e14"):
        raise ValueError("money exceeds NUMERIC(16,2)")
    if amount != amount.quantize(FEN):
        raise ValueError("money has at most two decimal places (fen)")
    return amount.quantize(FEN)


Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(lambda d: str(to_fen(d)), return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?\d{1,14}(\.\d{1,2})?$", "examples": ["1826136.99"]}
    ),
]
"""A pydantic field type for yuan: accepts a decimal string or integer, emits a string."""
