"""The 1-year Loan Prime Rate quote a pre-liquidation price uses (五（二）1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fund.domain.errors import FundDomainError

_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LprQuote:
    """A 1-year LPR as published by the National Interbank Funding Center.

    `rate` is a fraction (0.0345 for 3.45%), like every rate in this domain; use `from_percent`
    for the published percent figure.
    """

    rate: Decimal
    published_on: date

    def __post_init__(self) -> None:
        if not Decimal(0) < self.rate < Decimal(1):
            raise FundDomainError(
                "FUND-CONC-PRE-LATER",
                f"LPR须以小数表示（3.45%记为0.0345），收到{self.rate}。",
                f"The LPR is a fraction (3.45% is 0.0345); got {self.rate}.",
            )

    @classmethod
    def from_percent(cls, percent: Decimal | str, published_on: date) -> LprQuote:
        return cls(Decimal(percent) / _HUNDRED, published_on)


def pick_lpr(quotes: Iterable[LprQuote], base_date: date) -> LprQuote:
    """The quote in force on `base_date`: the latest published on or before it."""
    best: LprQuote | None = None
    for quote in quotes:
        if quote.published_on <= base_date and (
            best is None or quote.published_on > best.published_on
        ):
            best = quote
    if best is None:
        raise FundDomainError(
            "FUND-CONC-PRE-LATER",
            f"没有{base_date}当日或之前公布的一年期LPR，无法计算转让价格。",
            f"No 1-year LPR published on or before {base_date}: the price cannot be computed.",
            {"base_date": base_date},
        )
    return best
