"""A person's running totals for one calendar year: what the deductibles, caps and limits see."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from medical.domain.errors import MedicalDomainError

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class YearTotals:
    year: int
    claims: int = 0
    basic_paid: Decimal = ZERO  # against the basic annual cap (when layer 1 is computed)
    basic_deductible_used: Decimal = ZERO
    deductible_used: Decimal = ZERO  # critical-illness deductible consumed
    ci_paid: Decimal = ZERO  # against the ordinary critical-illness cap
    ma_paid: Decimal = ZERO  # = assistance limit used
    cs_deductible_used: Decimal = ZERO
    cs_paid: Decimal = ZERO
    self_pay_before_resolution: Decimal = ZERO  # G
    resolution: Decimal = ZERO  # H
    final_self_pay: Decimal = ZERO  # G − H
    # The part of G from claims settled while the person was needy (through the four layers):
    # what MED-HIGHCOST's threshold counts. Self-pay from before benefits start is not in it.
    needy_self_pay: Decimal = ZERO
    # Basic paid against the ordinary outpatient limit, where one is configured: outpatient claims
    # of no listed special disease. Everything else basic pays is in `basic_paid`, the annual
    # limit inpatient and listed special-disease outpatient care share (MED-SPECIAL-DISEASES).
    basic_paid_outpatient: Decimal = ZERO

    def __post_init__(self) -> None:
        lowest = min(
            self.basic_paid,
            self.basic_deductible_used,
            self.deductible_used,
            self.ci_paid,
            self.ma_paid,
            self.cs_deductible_used,
            self.cs_paid,
            self.self_pay_before_resolution,
            self.resolution,
            self.final_self_pay,
            self.needy_self_pay,
            self.basic_paid_outpatient,
        )
        if self.claims < 0 or lowest < 0:
            raise MedicalDomainError(
                None, "年度累计不得为负数", "year-to-date totals must not be negative"
            )

    def plus(self, other: YearTotals) -> YearTotals:
        self._same_year(other)
        return YearTotals(
            self.year,
            self.claims + other.claims,
            self.basic_paid + other.basic_paid,
            self.basic_deductible_used + other.basic_deductible_used,
            self.deductible_used + other.deductible_used,
            self.ci_paid + other.ci_paid,
            self.ma_paid + other.ma_paid,
            self.cs_deductible_used + other.cs_deductible_used,
            self.cs_paid + other.cs_paid,
            self.self_pay_before_resolution + other.self_pay_before_resolution,
            self.resolution + other.resolution,
            self.final_self_pay + other.final_self_pay,
            self.needy_self_pay + other.needy_self_pay,
            self.basic_paid_outpatient + other.basic_paid_outpatient,
        )

    def minus(self, other: YearTotals) -> YearTotals:
        """Raises MedicalDomainError when `other` was never part of these totals."""
        self._same_year(other)
        return YearTotals(
            self.year,
            self.claims - other.claims,
            self.basic_paid - other.basic_paid,
            self.basic_deductible_used - other.basic_deductible_used,
            self.deductible_used - other.deductible_used,
            self.ci_paid - other.ci_paid,
            self.ma_paid - other.ma_paid,
            self.cs_deductible_used - other.cs_deductible_used,
            self.cs_paid - other.cs_paid,
            self.self_pay_before_resolution - other.self_pay_before_resolution,
            self.resolution - other.resolution,
            self.final_self_pay - other.final_self_pay,
            self.needy_self_pay - other.needy_self_pay,
            self.basic_paid_outpatient - other.basic_paid_outpatient,
        )

    def _same_year(self, other: YearTotals) -> None:
        if other.year != self.year:
            raise MedicalDomainError(
                None,
                f"年度不一致：{self.year}与{other.year}",
                f"totals of {self.year} cannot be combined with {other.year}",
            )
