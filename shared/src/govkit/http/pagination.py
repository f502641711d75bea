"""Cursor paging: opaque cursors over a stable sort key, `limit` capped."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel, Field

from govkit.http.problem import VALIDATION, ProblemError

T = TypeVar("T")
MAX_LIMIT = 200
BIGINT_MAX = 2**63 - 1


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` to get the next page; null on the last page."
    )
    limit: int


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = orjson.loads(raw)
    except (ValueError, orjson.JSONDecodeError):
        raise _invalid_cursor() from None
    if not isinstance(value, dict):
        raise _invalid_cursor()
    return value


def _invalid_cursor() -> ProblemError:
    return ProblemError(
        VALIDATION,
        "The cursor is not valid.",
        errors=[
            {"in": "query", "name": "cursor", "pointer": "#/cursor", "detail": "invalid cursor"}
        ],
    )


def read_cursor(cursor: str | None, parse: Callable[[dict[str, Any]], T]) -> T | None:
    """The position a cursor stands at, read by `parse`; None for the first page.

    A cursor is opaque but client-held: one that decodes yet lacks a key or holds a value of the
    wrong kind (whatever `parse` raises on it) is a 422, never a 500."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return parse(position)
    except (AttributeError, ArithmeticError, KeyError, TypeError, ValueError):
        raise _invalid_cursor() from None


def cursor_int(value: Any) -> int:
    """A non-negative integer a cursor carries that fits PostgreSQL's bigint."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= BIGINT_MAX:
        raise ValueError("not a bigint position")
    return value


LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (1–200).")]
CursorQuery = Annotated[str | None, Query(description="Opaque cursor from `next_cursor`.")]
