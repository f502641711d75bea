"""The one error the housing domain raises: an impossible request, naming the rule it breaks."""

from __future__ import annotations

from govkit.rules import DomainError


class HousingDomainError(DomainError):
    """A request the policy cannot grant or the facts cannot support (API: problem+json, 422).

    With a `rule_id` (HOUS-*) the problem is a `rule-violation` citing the rule and its clause;
    without one it is a `validation-error`.
    """
