"""Cursor paging: opaque cursors over a stable sort key, `limit` capped."""

from __future__ import annotations

import base64
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Query
from pydantic import BaseModel, Field

from govkit.http.problem import VALIDATION, ProblemError

T = TypeVar("T")
MAX_LIMIT = 200


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
        raise ProblemError(
            VALIDATION,
            "The cursor is not valid.",
            errors=[
                {"in": "query", "name": "cursor", "pointer": "#/cursor", "detail": "invalid cursor"}
            ],
        ) from None
    if not isinstance(value, dict):
        raise ProblemError(VALIDATION, "The cursor is not valid.")
    return value


LimitQuery = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (1–200).")]
CursorQuery = Annotated[str | None, Query(description="Opaque cursor from `next_cursor`.")]
