"""JSON answers encoded once with orjson, for bodies already shaped as plain values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from fastapi import Response


def _default(value: object) -> Any:
    # Money and rates stay exact: a Decimal is its decimal string, never a float.
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(body: Any, status_code: int = 200) -> Response:
    """`body` (dicts, lists, strings, numbers, dates, enums, Decimals, sets) as JSON."""
    return Response(
        orjson.dumps(body, default=_default, option=orjson.OPT_NON_STR_KEYS),
        status_code=status_code,
        media_type="application/json",
    )
