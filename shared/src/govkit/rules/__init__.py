"""Rules as code: rules, findings, effective-dated parameters and decisions."""

from govkit.rules.errors import DomainError
from govkit.rules.model import (
    Decision,
    Finding,
    Outcome,
    Rule,
    RuleBook,
    RuleKind,
    overall_outcome,
)
from govkit.rules.parameters import (
    ParameterDefinition,
    ParameterNotConfigured,
    ParameterSet,
    ParameterValue,
)

__all__ = [
    "Decision",
    "DomainError",
    "Finding",
    "Outcome",
    "ParameterDefinition",
    "ParameterNotConfigured",
    "ParameterSet",
    "ParameterValue",
    "Rule",
    "RuleBook",
    "RuleKind",
    "overall_outcome",
]
