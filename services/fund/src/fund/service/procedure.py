"""What the two procedures, sub-fund applications and concessions, do alike with a step.

Both keep their state on a versioned row and every step taken as a numbered row of a
transitions table; recording, listing and auditing a step is `govkit.store.steps` (re-exported
here); the fund's own part is who may take a committee's step and the refusal naming a rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from fund.domain import RULES
from govkit.http.auth import Principal
from govkit.http.problem import FORBIDDEN, RULE_VIOLATION, ProblemError
from govkit.store.steps import (
    STEP_FIELDS,
    actor_of,
    audit_step,
    not_in_future,
    record_step,
    step_out,
    steps_of,
)

__all__ = [
    "STEP_FIELDS",
    "actor_of",
    "audit_step",
    "not_in_future",
    "record_step",
    "require_scope",
    "rules_failed",
    "step_out",
    "steps_of",
]


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
