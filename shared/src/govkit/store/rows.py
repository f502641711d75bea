"""Rows of the service's tables: one by its key (else a 404), and the stamps of a new one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.http.auth import Principal
from govkit.http.problem import NOT_FOUND, ProblemError


async def fetch_row(
    session: AsyncSession,
    key: sa.Column[Any],
    value: uuid.UUID,
    missing: ProblemError,
    *,
    lock: bool = False,
) -> sa.Row[Any]:
    """The row of `key`'s table whose key is `value`, locked when about to change; else
    `missing` (a 404)."""
    q = sa.select(key.table).where(key == value)
    if lock:
        q = q.with_for_update()
    row = (await session.execute(q)).first()
    if row is None:
        raise missing
    return row


def not_found(what: str, key: str, value: uuid.UUID) -> ProblemError:
    """404 naming the missing key, e.g. `not_found("sub-fund", "sub_fund_id", id)`."""
    extension: dict[str, Any] = {key: str(value)}
    return ProblemError(NOT_FOUND, f"No {what} {value}.", **extension)


def created_stamp(principal: Principal, request_id: str | None, now: datetime) -> dict[str, Any]:
    """The values of `govkit.store.columns.created_columns()` for a new row."""
    return {"created_at": now, "created_by": principal.client_id, "request_id": request_id}


def first_version(principal: Principal, request_id: str | None, now: datetime) -> dict[str, Any]:
    """The values of `versioned_columns()` and `created_columns()` for a new versioned row."""
    return {"version": 1, "updated_at": now, **created_stamp(principal, request_id, now)}


def name_contains(column: sa.ColumnElement[str], text: str) -> sa.ColumnElement[bool]:
    """Case-insensitive "contains", `%` and `_` in `text` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
