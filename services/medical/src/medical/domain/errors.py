"""The one error the medical domain raises for input the policy cannot settle."""

from __future__ import annotations


class MedicalDomainError(ValueError):
    """Bad or impossible input; names the rule it breaks when there is one, in both languages."""

    def __init__(self, rule_id: str | None, message_zh: str, message_en: str) -> None:
        super().__init__(f"{rule_id}: {message_en}" if rule_id else message_en)
        self.rule_id = rule_id
        self.message_zh = message_zh
        self.message_en = message_en
