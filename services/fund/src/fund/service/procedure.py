"""What the two procedures, sub-fund applications and concessions, do alike with a step.

Both keep their state on a versioned row and every step taken as a numbered row of a
transitions table (`fund.db.tables.step_columns`); a step is refused before anything is
written, then stored, audited with the row before and after, and answered with the new state.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.domain import RULES
from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import FORBIDDEN, RULE_VIOLATION, VALIDATION, ProblemError

# The fields of a step as answered, in order; `created_*` come after any of the table's own.
STEP_FIELDS = ("transition_id", "seq", "action", "from_stage", "to_stage", "on", "actor", "note")


def actor_of(principal: Principal) -> str:
    return principal.user or principal.client_id


def not_in_future(on: date, today: date) -> None:
    if on > today:
        raise ProblemError(
            VALIDATION,
            f"A step is recorded once it has happened; {on} is after today ({today}).",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/on",
                    "detail": "must not be after today (Asia/Shanghai)",
                    "type": "value_error",
                }
            ],
        )


def require_scope(principal: Principal, scope: str, detail: str) -> None:
    """403 for a step that is another body's decision (the committee's: `fund:decide`)."""
    if not principal.has(scope):
        raise ProblemError(FORBIDDEN, detail, required_scope=scope)


def rules_failed(decision_id: uuid.UUID | None, failed: Sequence[str], zh: str, en: str) -> None:
    """Refuse a step because a stored check failed: a rule-violation naming the first rule."""
    first = failed[0]
    raise ProblemError(
        RULE_VIOLATION,
        en,
        rule_id=first,
        clause=RULES[first].clause if first in RULES else None,
        failed_rules=list(failed),
        message_zh=zh,
        message_en=en,
        decision_id=str(decision_id) if decision_id else None,
    )


async def steps_of(session: AsyncSession, owner: sa.Column[Any], value: uuid.UUID) -> list[Any]:
    """The steps taken, in order; `owner` is the transitions table's owner column."""
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
    transitions table; its new ID."""
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
