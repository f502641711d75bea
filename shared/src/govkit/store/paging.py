"""Keyset paging: the rows after a position in a unique order, and the cursors that carry it.

A page is read with one row more than asked for; that row's presence says a next page
exists, whose cursor is the position of the page's last row. Cursors hold the position as
JSON: `{"seq": n}` for insertion order, `{"<day field>": iso, "id": uuid}` for a dated order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.http.pagination import cursor_int, encode_cursor, read_cursor

T = TypeVar("T")


async def keyset_page(
    session: AsyncSession,
    query: sa.Select[Any],
    keys: Sequence[sa.ColumnElement[Any]],
    after: Sequence[object] | None,
    *,
    limit: int,
    descending: bool = False,
) -> tuple[list[sa.Row[Any]], sa.Row[Any] | None]:
    """Up to `limit` rows of `query` past `after` in the order of `keys` (a unique key), and
    the page's last row when more follow (the next cursor's position), else None."""
    if after is not None:
        here, there = sa.tuple_(*keys), sa.tuple_(*(sa.literal(v) for v in after))
        query = query.where(here < there if descending else here > there)
    order = [k.desc() for k in keys] if descending else list(keys)
    rows = (await session.execute(query.order_by(*order).limit(limit + 1))).all()
    page = rows[:limit]
    return page, page[-1] if len(rows) > limit else None


async def seq_page(
    session: AsyncSession,
    query: sa.Select[Any],
    seq: sa.ColumnElement[int],
    after: int | None,
    *,
    limit: int,
) -> tuple[list[sa.Row[Any]], str | None]:
    """A page in insertion order (the table's `seq`), and the next page's cursor."""
    page, last = await keyset_page(
        session, query, (seq,), None if after is None else (after,), limit=limit
    )
    return page, None if last is None else encode_cursor({"seq": last.seq})


async def newest_first(
    session: AsyncSession,
    table: sa.Table,
    cond: Sequence[sa.ColumnElement[bool]],
    after: tuple[datetime, uuid.UUID] | None,
    *,
    limit: int,
) -> tuple[list[sa.Row[Any]], str | None]:
    """A page of `table`'s rows meeting `cond`, newest first (`created_at`, then the row's
    UUID key), and the next page's cursor."""
    (row_id,) = table.primary_key.columns
    page, last = await keyset_page(
        session,
        sa.select(table).where(*cond),
        (table.c.created_at, row_id),
        after,
        limit=limit,
        descending=True,
    )
    cursor = None if last is None else dated_cursor("at", last.created_at, last._mapping[row_id])
    return page, cursor


def seq_after(cursor: str | None) -> int | None:
    """The insertion position (`seq`) a cursor stands at; None for the first page."""
    return read_cursor(cursor, lambda position: cursor_int(position["seq"]))


def dated_after(
    cursor: str | None,
    field: str,
    parse: Callable[[Any], T],
) -> tuple[T, uuid.UUID] | None:
    """The (day or time, ID) position a cursor stands at; None for the first page. Only
    cursors this service issued are accepted: anything else is a 422, never a 500."""
    return read_cursor(cursor, lambda position: (parse(position[field]), uuid.UUID(position["id"])))


def dated_cursor(field: str, at: Any, row_id: uuid.UUID) -> str:
    """The cursor of a dated position; `at` is a date or datetime."""
    return encode_cursor({field: at.isoformat(), "id": str(row_id)})
