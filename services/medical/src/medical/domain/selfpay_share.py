"""Share of out-of-catalogue cost in the needy's bills, per designated hospital (三（二）7).

合理控制医保目录外费用占比: the share is compared with a configured maximum, inclusive (a
hospital exactly at the maximum is within it). The text gives no figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govkit.rules import Finding, Outcome, ParameterSet
from medical.domain import parameters as p
from medical.domain.catalogue import RULES
from medical.domain.errors import MedicalDomainError
from medical.domain.terms import ratio

SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class HospitalBill:
    """One bill of a needy person at a designated hospital."""

    hospital: str
    total_cost: Decimal
    out_of_catalogue_cost: Decimal  # 医保目录外（自费）费用

    def __post_init__(self) -> None:
        if not 0 <= self.out_of_catalogue_cost <= self.total_cost:
            raise MedicalDomainError(
                "MED-SELFPAY-SHARE",
                "目录外费用须在0与总费用之间",
                "out-of-catalogue cost must be between 0 and the total cost",
            )


@dataclass(frozen=True, slots=True)
class HospitalShare:
    hospital: str
    total_cost: Decimal
    out_of_catalogue_cost: Decimal
    share: Decimal  # rounded to 4 places for display; the comparison is exact
    maximum: Decimal
    within: bool
    finding: Finding


def selfpay_share_by_hospital(
    bills: Iterable[HospitalBill], on: date, params: ParameterSet, county: str | None = None
) -> tuple[HospitalShare, ...]:
    """Per hospital, in name order. Raises ParameterNotConfigured until a maximum is set."""
    maximum = ratio(params.get(p.SELFPAY_SHARE_MAX, on, county), p.SELFPAY_SHARE_MAX)
    totals: dict[str, tuple[Decimal, Decimal]] = {}
    for bill in bills:
        total, out = totals.get(bill.hospital, (Decimal(0), Decimal(0)))
        totals[bill.hospital] = (total + bill.total_cost, out + bill.out_of_catalogue_cost)
    shares = []
    for hospital, (total, out) in sorted(totals.items()):
        share = (out / total).quantize(SHARE_PLACES) if total else Decimal(0)
        within = out <= maximum * total
        finding = RULES.finding(
            "MED-SELFPAY-SHARE",
            Outcome.PASS if within else Outcome.WARN,
            f"{hospital}困难群众目录外费用占比{share:.2%}，"
            + ("未超过" if within else "超过")
            + f"最高占比{maximum:.2%}",
            f"{hospital}: out-of-catalogue share {share:.2%} "
            + ("within" if within else "above")
            + f" the maximum {maximum:.2%}",
            {"hospital": hospital, "total_cost": str(total), "out_of_catalogue_cost": str(out)},
            {p.SELFPAY_SHARE_MAX: str(maximum)},
        )
        shares.append(HospitalShare(hospital, total, out, share, maximum, within, finding))
    return tuple(shares)
