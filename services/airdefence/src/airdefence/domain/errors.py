"""The one error the air-defence domain raises: an impossible request, naming the rule it breaks."""

from __future__ import annotations

from govkit.rules import DomainError


class AirDefenceDomainError(DomainError):
    """A request the policy cannot grant or the facts cannot support (API: problem+json, 422).

    `rule_id` names the AD-* rule, so the problem cites it and its clause; `pointer`, when
    given, is the JSON pointer of the input at fault.
    """
