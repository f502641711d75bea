"""A procedure's steps: who took which step when, as numbered rows beside a versioned record.

A service keeps a procedure's state on a versioned row and every step taken as a row of a
steps table (`govkit.store.columns.step_columns`, plus a UUID `transition_id` and the owner's
key); a step is refused before anything is written, then stored, audited with the row before
and after, and answered with the new state.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import VALIDATION, ProblemError

# The fields of a step as answered, in order; `created_*` come after any of the table's own.
STEP_FIELDS = ("transition_id", "seq", "action", "from_stage", "to_stage", "on", "actor", "note")


def actor_of(principal: Principal) -> str:
    """The person (or, failing a user claim, the client) a step is recorded against."""
    return principal.user or principal.client_id


def not_in_future(on: date, today: date, pointer: str = "#/on") -> None:
    """A step is recorded once it has happened: `on` after today (Asia/Shanghai) is a 422."""
    if on > today:
        raise ProblemError(
            VALIDATION,
            f"A step is recorded once it has happened; {on} is after today ({today}).",
            errors=[
                {
                    "in": "body",
                    "pointer": pointer,
                    "detail": "must not be after today (Asia/Shanghai)",
                    "type": "value_error",
                }
            ],
        )


async def steps_of(session: AsyncSession, owner: sa.Column[Any], value: uuid.UUID) -> list[Any]:
    """The steps taken, in order; `owner` is the steps table's owner column."""
    table = owner.table
    return list(await session.execute(sa.select(table).where(owner == value).order_by(table.c.seq)))


def step_out(t: Any, *more: str) -> dict[str, Any]:
    """A step as answered; `more` names the table's own fields."""
    return {k: getattr(t, k) for k in (*STEP_FIELDS, *more, "created_at", "created_by")}


async def record_step(
    session: AsyncSession,
    owner: sa.Column[Any],
    value: uuid.UUID,
    step: Mapping[str, Any],
    stamp: Mapping[str, Any],
) -> uuid.UUID:
    """Insert the step (`STEP_FIELDS` but the ID, and the table's own) as a row of the owner's
    steps table; its new ID."""
    transition_id = uuid.uuid4()
    await session.execute(
        sa.insert(owner.table).values(
            transition_id=transition_id, **{owner.key: value}, **step, **stamp
        )
    )
    return transition_id


async def audit_step(
    session: AsyncSession,
    principal: Principal,
    request_id: str | None,
    entity: str,
    entity_id: uuid.UUID,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    step: Mapping[str, Any],
) -> None:
    """The audit record of a step: `<entity>.<action>`, the row's view before and after with
    the step's own facts (`action`, `on`, …, `note`) added to the after."""
    await audit.append(
        session,
        principal,
        request_id,
        f"{entity}.{step['action']}",
        entity,
        entity_id,
        before,
        {**after, **step},
    )
