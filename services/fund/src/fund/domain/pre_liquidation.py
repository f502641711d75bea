"""五（二）1: buying out the mother fund before liquidation — the price and the LPR it used.

"4年内（含4年）" is an elapsed-time band that prices the buy-back, not a time limit for doing
something, so CAL-HOLIDAY-SHIFT does not move it: counted from the day after the first paid-in
(Civil Code art. 201), the band ends on the 4th anniversary (art. 202: the same-numbered day, or
the month's last day). From the next day — the first day of year 5 — interest runs for every day
up to and including the base date, so the price is continuous: the first day after the band
costs exactly one day of interest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from fund.domain import parameters as p
from fund.domain.dates import add_years, whole_years_and_days
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    Evaluation,
    fraction,
    require_non_negative,
)
from fund.domain.lpr import LprQuote
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.money import to_fen
from govkit.rules import Decision, ParameterSet

ZERO = Decimal(0)
BAND_READING = (
    "4年内（含4年）为回购定价的期间，不是办理事项的期限，不适用节假日顺延：自首期实缴次日起算，"
    "至第4个周年对应日届满（民法典第201、202条），自次日（第5年第一天）起逐日计收益至基准日。 "
    "The 4-year band prices the buy-back; it is not a time limit, so no holiday shift applies: it "
    "ends on the 4th anniversary of the first paid-in (Civil Code arts. 201-202), and from the next "
    "day (the first day of year 5) interest counts for every day up to the base date."
)


class Buyer(StrEnum):
    MANAGER = "manager"  # 子基金管理机构
    NAMED_CONTRIBUTOR = "named_contributor"  # 其指定的子基金其他出资人
    THIRD_PARTY = "third_party"  # 子基金出资人之外的其他投资者: the price is an auction floor
    CAPITAL_REDUCTION = "capital_reduction"  # 减资退出: priced the same way


@dataclass(frozen=True, slots=True)
class PreLiquidationFacts:
    buyer: Buyer
    original_investment: Decimal  # 科技创投基金原始投资额
    first_paid_in_on: date  # 首期实缴之日
    base_date: date  # 让利申请日 (基准日)
    subfund_paid_in_capital: Decimal  # 实收资本
    subfund_external_investment: Decimal  # 对外投资
    investments_compliant: bool  # 投资符合本办法有关规定


@dataclass(frozen=True, slots=True)
class PreLiquidationPrice:
    price: Decimal  # the transfer price (the auction floor for a third party)
    interest: Decimal
    within_free_period: bool
    free_period_end: date  # last day of the band: the 4th anniversary of the first paid-in
    year5_start: (
        date  # first day of year 5 (the day after the anniversary): interest runs from here
    )
    whole_years: int
    remaining_days: int
    lpr: LprQuote | None
    eligible: bool  # 80% invested and compliant
    decision: Decision


def pre_liquidation_price(
    facts: PreLiquidationFacts,
    *,
    lpr: LprQuote | None,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> PreLiquidationPrice:
    """FUND-CONC-PRE-4Y / -PRE-LATER / -THIRD-PARTY at the base date.

    `lpr` is the caller's pick of the quote in force on the base date (see `pick_lpr`); it is
    not needed within the first 4 years.
    """
    f = facts
    require_non_negative(
        "FUND-CONC-PRE-LATER",
        original_investment=f.original_investment,
        subfund_paid_in_capital=f.subfund_paid_in_capital,
        subfund_external_investment=f.subfund_external_investment,
    )
    if f.base_date < f.first_paid_in_on:
        raise FundDomainError(
            "FUND-CONC-PRE-4Y",
            "基准日早于首期实缴日。",
            "The base date precedes the first paid-in date.",
            {"base_date": f.base_date, "first_paid_in_on": f.first_paid_in_on},
        )
    ev = Evaluation(params, f.base_date, region)
    years, min_ratio, basis = (
        ev.count(p.CONC_FREE_YEARS),
        ev.dec(p.CONC_MIN_INVESTED_RATIO),
        ev.count(p.CONC_DAY_COUNT),
    )

    # The band ends on the anniversary whatever day of the week it is (see the module's note).
    free_end = add_years(f.first_paid_in_on, years)
    year5_start = free_end + timedelta(days=1)
    within = f.base_date <= free_end

    eligible = (
        f.investments_compliant
        and f.subfund_external_investment >= f.subfund_paid_in_capital * min_ratio
    )
    cond_facts = {
        "subfund_paid_in_capital": f.subfund_paid_in_capital,
        "subfund_external_investment": f.subfund_external_investment,
        "invested_ratio": fraction(f.subfund_external_investment, f.subfund_paid_in_capital),
        "investments_compliant": f.investments_compliant,
    }

    if within:
        whole, days, interest, used_lpr = 0, 0, ZERO, None
    else:
        if lpr is None:
            raise FundDomainError(
                "FUND-CONC-PRE-LATER",
                f"首期实缴满{years}年后转让须提供基准日{f.base_date}适用的一年期LPR。",
                f"After {years} years the 1-year LPR in force on the base date {f.base_date} is required.",
            )
        if lpr.published_on > f.base_date:
            raise FundDomainError(
                "FUND-CONC-PRE-LATER",
                f"LPR公布日{lpr.published_on}晚于基准日{f.base_date}。",
                f"The LPR was published {lpr.published_on}, after the base date {f.base_date}.",
            )
        # Every day from year5_start through the base date: whole years count 1 (anniversary to
        # anniversary), the rest actual days / 365; simple interest, rounded once, at the end.
        whole, days = whole_years_and_days(free_end, f.base_date)
        interest = f.original_investment * lpr.rate * (whole + Decimal(days) / basis)
        used_lpr = lpr
    price = to_fen(f.original_investment + interest)
    interest = to_fen(interest)

    base_facts = {
        "buyer": f.buyer,
        "original_investment": f.original_investment,
        "first_paid_in_on": f.first_paid_in_on,
        "base_date": f.base_date,
        "free_period_end": free_end,
        "year5_start": year5_start,
        "band_reading": BAND_READING,
        **cond_facts,
    }
    cond_zh = f"子基金对外投资须达到实收资本的{min_ratio}且投资合规"
    cond_en = (
        f"external investment must reach {min_ratio} of paid-in capital, with compliant investments"
    )
    if used_lpr is None:  # within the 4 years
        used = ev.values(p.CONC_FREE_YEARS, p.CONC_MIN_INVESTED_RATIO)
        if eligible:
            ev.add(
                "FUND-CONC-PRE-4Y",
                PASS,
                f"自首期实缴{f.first_paid_in_on}起{years}年内（至第{years}个周年日{free_end}，不因节假日顺延）转让，价格为原始投资额{price}元。",
                f"Within {years} years of the first paid-in {f.first_paid_in_on} (through the anniversary {free_end}; no holiday shift): price = original investment {price}.",
                base_facts,
                used,
            )
        else:
            ev.add(
                "FUND-CONC-PRE-4Y",
                FAIL,
                f"不符合让利条件：{cond_zh}。",
                f"Not eligible: {cond_en}.",
                base_facts,
                used,
            )
        ev.add(
            "FUND-CONC-PRE-LATER",
            NOT_APPLICABLE,
            f"基准日在{years}年内，不计收益。",
            f"Base date within {years} years: no interest.",
            base_facts,
        )
    else:
        ev.add(
            "FUND-CONC-PRE-4Y",
            NOT_APPLICABLE,
            f"基准日已超过首期实缴后{years}年（至第{years}个周年日{free_end}，不因节假日顺延）。",
            f"The base date is past {years} years from the first paid-in (through the anniversary {free_end}; no holiday shift).",
            base_facts,
        )
        lpr_facts = {
            **base_facts,
            "lpr_rate": used_lpr.rate,
            "lpr_published_on": used_lpr.published_on,
            "whole_years": whole,
            "remaining_days": days,
            "interest": interest,
        }
        used = ev.values(p.CONC_FREE_YEARS, p.CONC_MIN_INVESTED_RATIO, p.CONC_DAY_COUNT)
        if eligible:
            ev.add(
                "FUND-CONC-PRE-LATER",
                PASS,
                f"价格{price}元＝原始投资额{f.original_investment}元＋自{year5_start}（第{years + 1}年第一天）起至基准日按一年期LPR {used_lpr.rate}（{used_lpr.published_on}公布）计算的收益{interest}元（{whole}年＋{days}天/{basis}）。",
                f"Price {price} = original {f.original_investment} + interest {interest} from {year5_start} (the first day of year {years + 1}) through the base date at the 1-year LPR {used_lpr.rate} (published {used_lpr.published_on}) for {whole} years + {days}/{basis}.",
                lpr_facts,
                used,
            )
        else:
            ev.add(
                "FUND-CONC-PRE-LATER",
                FAIL,
                f"不符合让利条件：{cond_zh}。",
                f"Not eligible: {cond_en}.",
                lpr_facts,
                used,
            )
    if f.buyer is Buyer.THIRD_PARTY:
        ev.add(
            "FUND-CONC-THIRD-PARTY",
            PASS,
            f"出资人以外的投资者受让：以{price}元为底价公开竞价。",
            f"A buyer outside the contributors: public auction with a floor of {price}.",
            {"buyer": f.buyer, "floor": price},
        )
    else:
        ev.add(
            "FUND-CONC-THIRD-PARTY",
            NOT_APPLICABLE,
            "受让方为管理机构或其指定出资人（或减资），按上述价格转让。",
            "The buyer is the manager or a named contributor (or a capital reduction): the price applies as is.",
            {"buyer": f.buyer},
        )

    result = {
        "price": price,
        "interest": interest,
        "auction_floor": f.buyer is Buyer.THIRD_PARTY,
        "within_free_period": within,
        "year5_start": year5_start,
        "whole_years": whole,
        "remaining_days": days,
        "lpr": None
        if used_lpr is None
        else {"rate": used_lpr.rate, "published_on": used_lpr.published_on},
        "eligible": eligible,
    }
    decision = ev.decision("fund.concession.pre_liquidation", result)
    return PreLiquidationPrice(
        price, interest, within, free_end, year5_start, whole, days, used_lpr, eligible, decision
    )
