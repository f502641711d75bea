"""Market rent and the rent cap (二（三）): HOUS-MARKET-RENT, HOUS-RENT-CAP.

The market rent of comparable rental housing comes from a periodic third-party appraisal the
investor or operator commissions, or from a government reference price, with its source and
date. A record may be per unit and month (元/套（间）·月) or per m² and month; for a unit it is
then rate × the unit's floor area. The cap is the market rent × the cap ratio (80%), rounded half
up to the fen at the end; the renewal floor likewise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from govkit.calendar.periods import months_after
from govkit.money import to_fen
from govkit.rules.evaluation import FAIL, PASS
from housing.domain.evaluation import HousingEvaluation
from housing.domain.parameters import (
    MARKET_RENT_MAX_AGE_MONTHS,
    RENEWAL_FLOOR_RATIO,
    RENT_CAP_RATIO,
)


class RentSource(StrEnum):
    THIRD_PARTY_APPRAISAL = "third_party_appraisal"  # 委托第三方专业机构定期评估
    GOVERNMENT_REFERENCE = "government_reference"  # 政府发布的参考价格


class RentBasis(StrEnum):
    PER_UNIT = "per_unit"  # 元/套（间）·月
    PER_M2 = "per_m2"  # 元/平方米·月


class Commissioner(StrEnum):
    INVESTOR = "investor"  # 投资主体
    OPERATOR = "operator"  # 运营管理主体


@dataclass(frozen=True, slots=True)
class MarketRent:
    amount: Decimal  # per month, per unit or per m² (basis)
    basis: RentBasis
    source: RentSource
    valued_on: date  # the appraisal's or the price's date
    appraiser: str | None = None  # the third-party agency
    commissioned_by: Commissioner | None = None
    reference: str | None = None  # the government price's document, e.g. 温住建〔2024〕N号

    def for_unit(self, area: Decimal | None) -> Decimal:
        """The monthly market rent of one unit (exact; rounded only where it is shown)."""
        if self.basis is RentBasis.PER_UNIT:
            return self.amount
        if area is None:
            raise ValueError("a per-m² market rent needs the unit's floor area")
        return self.amount * area


def market_rent_finding(ev: HousingEvaluation, rent: MarketRent, on: date) -> bool:
    """HOUS-MARKET-RENT: where the market rent comes from, and whether it is current on `on`."""
    zh: list[str] = []
    en: list[str] = []
    if rent.source is RentSource.THIRD_PARTY_APPRAISAL:
        if not rent.appraiser:
            zh.append("第三方评估须记录评估机构")
            en.append("a third-party appraisal must name the appraiser")
        if rent.commissioned_by is None:
            zh.append("第三方评估须由投资主体或运营管理主体委托")
            en.append("the appraisal must be commissioned by the investor or the operator")
    elif not rent.reference:
        zh.append("政府参考价格须记录发布文件")
        en.append("a government reference price must name its document")
    if rent.valued_on > on:
        zh.append(f"评估（发布）日期{rent.valued_on}晚于适用日{on}")
        en.append(f"it is dated {rent.valued_on}, after the day it is used for ({on})")
    max_age = ev.optional_count(MARKET_RENT_MAX_AGE_MONTHS)
    current_until = months_after(rent.valued_on, max_age) if max_age else None
    if current_until is not None and on > current_until:
        zh.append(f"评估已逾{max_age}个月（有效至{current_until}），须重新评估")
        en.append(f"it is older than {max_age} months (current until {current_until})")
    source_zh = (
        f"第三方评估（{rent.appraiser}，{rent.valued_on}）"
        if rent.source is RentSource.THIRD_PARTY_APPRAISAL
        else f"政府参考价格（{rent.reference}，{rent.valued_on}）"
    )
    basis_zh = "元/套（间）·月" if rent.basis is RentBasis.PER_UNIT else "元/平方米·月"
    ev.verdict(
        "HOUS-MARKET-RENT",
        zh,
        en,
        f"市场租金{rent.amount}{basis_zh}，来源：{source_zh}。",
        f"Market rent {rent.amount} ({rent.basis.value}, monthly) from {rent.source.value} "
        f"dated {rent.valued_on}.",
        {
            "amount": rent.amount,
            "basis": rent.basis.value,
            "source": rent.source.value,
            "appraiser": rent.appraiser,
            "commissioned_by": rent.commissioned_by.value if rent.commissioned_by else None,
            "reference": rent.reference,
            "valued_on": rent.valued_on,
            "current_until": current_until,
            "used_on": on,
        },
        {MARKET_RENT_MAX_AGE_MONTHS: max_age},
    )
    return not zh


@dataclass(frozen=True, slots=True)
class RentLimits:
    market: Decimal  # the unit's monthly market rent, to the fen
    cap: Decimal  # HOUS-RENT-CAP: the most a first lease may charge
    renewal_floor: Decimal  # HOUS-LEASE-RENEWAL: the least a renewal may charge
    cap_ratio: Decimal
    floor_ratio: Decimal


def rent_limits(ev: HousingEvaluation, rent: MarketRent, area: Decimal | None) -> RentLimits:
    market = rent.for_unit(area)
    cap_ratio, floor_ratio = ev.dec(RENT_CAP_RATIO), ev.dec(RENEWAL_FLOOR_RATIO)
    return RentLimits(
        to_fen(market),
        to_fen(market * cap_ratio),
        to_fen(market * floor_ratio),
        cap_ratio,
        floor_ratio,
    )


def rent_cap_finding(ev: HousingEvaluation, rent: Decimal, limits: RentLimits) -> bool:
    """HOUS-RENT-CAP: a rent of at most the cap (inclusive)."""
    used = {"monthly_rent": rent, "market_rent": limits.market, "cap": limits.cap}
    params = ev.values(RENT_CAP_RATIO)
    ratio = f"{limits.cap_ratio * 100:.0f}%"
    if rent <= limits.cap:
        ev.add(
            "HOUS-RENT-CAP",
            PASS,
            f"租金{rent}元/月，不高于市场租金{limits.market}元的{ratio}（{limits.cap}元）。",
            f"Rent {rent}/month is within {ratio} of the market rent {limits.market} "
            f"(cap {limits.cap}).",
            used,
            params,
        )
        return True
    ev.add(
        "HOUS-RENT-CAP",
        FAIL,
        f"租金{rent}元/月，高于市场租金{limits.market}元的{ratio}（{limits.cap}元）。",
        f"Rent {rent}/month exceeds {ratio} of the market rent {limits.market} (cap {limits.cap}).",
        used,
        params,
    )
    return False
