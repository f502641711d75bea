"""Declared facts: what an applicant attests rather than what the numbers show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Attestation:
    """A yes/no statement with who made it and when; without both it attests nothing."""

    attested: bool
    by: str | None = None
    on: date | None = None

    @property
    def complete(self) -> bool:
        return self.attested and bool(self.by) and self.on is not None
