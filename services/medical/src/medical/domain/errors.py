"""The one error the medical domain raises for input the policy cannot settle."""

from __future__ import annotations

from govkit.rules import DomainError


class MedicalDomainError(DomainError):
    """Bad or impossible input; names the rule it breaks when there is one, in both languages."""
