"""The one error a service's domain raises for a request the policy cannot grant.

Every service's domain error derives from `DomainError`; the app factory maps it to problem+json
once for all of them (`govkit.platform.problems`): naming a rule of the service's rule book, it
is a 422 `rule-violation` with the rule's ID and clause; naming none, a 422 `validation-error`.
Either way `pointer`, when given, names the input at fault (`errors[]` with that JSON pointer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(ValueError):
    """Bad or impossible input, in both languages; `rule_id` names the rule it breaks, if any."""

    def __init__(
        self,
        rule_id: str | None,
        message_zh: str,
        message_en: str,
        facts: Mapping[str, Any] | None = None,
        *,
        pointer: str | None = None,
    ) -> None:
        super().__init__(f"{rule_id}: {message_en}" if rule_id else message_en)
        self.rule_id = rule_id
        self.message_zh = message_zh
        self.message_en = message_en
        self.facts: Mapping[str, Any] = dict(facts or {})
        self.pointer = pointer  # e.g. "#/builder/category"
