"""A claim as it reaches settlement: one inpatient stay or outpatient visit, amounts in yuan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from govkit.money import FEN
from medical.domain.errors import MedicalDomainError

ZERO = Decimal("0.00")


class HospitalLevel(StrEnum):
    PRIMARY = "primary"  # 基层医疗机构 (社区卫生服务中心、乡镇卫生院), paid at a higher ratio
    SECONDARY = "secondary"
    TERTIARY = "tertiary"


class CareSetting(StrEnum):
    INPATIENT = "inpatient"
    OUTPATIENT = "outpatient"  # in-catalogue outpatient cost: same terms, same limit (三（三）9)


@dataclass(frozen=True, slots=True)
class Claim:
    """Settlement input. `basic_payout` None = compute layer 1 from the configured basic terms.

    The two drug amounts are parts of the out-of-policy cost (total − in-policy) that layer 4 may
    pay: catalogue drugs used beyond their limits and out-of-catalogue high-cost special drugs.
    """

    claim_id: str
    person_id: str
    service_date: date  # discharge date for a stay: the day the law and the parameters apply at
    hospital: str
    hospital_level: HospitalLevel
    setting: CareSetting
    total_cost: Decimal
    in_policy_cost: Decimal
    basic_payout: Decimal | None
    over_limit_catalogue_drugs: Decimal = ZERO
    out_of_catalogue_special_drugs: Decimal = ZERO
    followed_guidance: bool = False  # 执行就医指导方案
    referred: bool = False  # 经规范转诊
    county: str | None = None  # county code whose parameters apply; None = city-wide
    # MED-SPECIAL-DISEASES: the disease the claim is for, and whether the dated catalogue lists it
    # on the service date (the service decides that from the catalogue it holds).
    disease_code: str | None = None
    disease_listed: bool = False

    def __post_init__(self) -> None:
        amounts = {
            "total_cost": self.total_cost,
            "in_policy_cost": self.in_policy_cost,
            "over_limit_catalogue_drugs": self.over_limit_catalogue_drugs,
            "out_of_catalogue_special_drugs": self.out_of_catalogue_special_drugs,
        }
        if self.basic_payout is not None:
            amounts["basic_payout"] = self.basic_payout
        for name, amount in amounts.items():
            if not isinstance(amount, Decimal) or not amount.is_finite():
                raise MedicalDomainError(
                    None, f"{name}须为有限的十进制金额", f"{name} must be a finite Decimal"
                )
            if amount < 0:
                raise MedicalDomainError(None, f"{name}不得为负数", f"{name} must be ≥ 0")
            if amount != amount.quantize(FEN):
                raise MedicalDomainError(
                    None, f"{name}最多两位小数（分）", f"{name} has more than two decimals"
                )
        if self.in_policy_cost > self.total_cost:
            raise MedicalDomainError(
                None,
                "政策范围内费用不得超过总费用",
                "in-policy cost must not exceed the total cost",
            )
        if self.basic_payout is not None and self.basic_payout > self.in_policy_cost:
            raise MedicalDomainError(
                "MED-BASIC",
                "基本医保支付不得超过政策范围内费用",
                "the basic payout must not exceed the in-policy cost",
            )
        out_of_policy = self.total_cost - self.in_policy_cost
        if self.over_limit_catalogue_drugs + self.out_of_catalogue_special_drugs > out_of_policy:
            raise MedicalDomainError(
                "MED-COMMERCIAL",
                "超限药品与目录外特殊药品费用之和不得超过政策范围外费用",
                "over-limit and special drug amounts must fit in the out-of-policy cost",
            )

    @property
    def year(self) -> int:
        return self.service_date.year
