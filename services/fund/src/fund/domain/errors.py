"""The one error the fund domain raises: an impossible request, naming the rule it breaks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govkit.rules import DomainError


class FundDomainError(DomainError):
    """A request the policy cannot grant or the facts cannot support (API: problem+json, 422).

    `rule_id` names the rule (FUND-*) so the problem document can cite it and its clause.
    """

    def __init__(
        self,
        rule_id: str,
        message_zh: str,
        message_en: str,
        facts: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(rule_id, message_zh, message_en, facts)
        self.rule_id: str = rule_id
