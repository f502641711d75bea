"""五（二）2 and the manager's share (五（二）): the concession at liquidation, by reinvestment tier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fund.domain import parameters as p
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    WARN,
    Evaluation,
    fraction,
    require_non_negative,
)
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.money import to_fen
from govkit.rules import Decision, Finding, ParameterSet

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class PostLiquidationFacts:
    mother_fund_paid_in: Decimal  # 科技创投基金实缴出资金额
    credited_reinvestment: Decimal  # 子基金返投金额 (as credited under 三（一）5)
    mother_fund_total_returns: Decimal  # 科技创投基金从子基金获得的全部收益
    recovered_principal_and_agreed_returns: bool
    investments_compliant: bool
    manager_concession: Decimal | None = None  # the manager's agreed part, to check FUND-CONC-SHARE


@dataclass(frozen=True, slots=True)
class PostLiquidationConcession:
    reinvestment_ratio: Decimal | None  # credited / paid-in, for display (tiers compare exactly)
    tier_rate: Decimal
    concession: Decimal
    manager_minimum: Decimal
    decision: Decision


def post_liquidation_concession(
    facts: PostLiquidationFacts,
    *,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> PostLiquidationConcession:
    """FUND-CONC-POST-LIQ (tier by reinvestment / paid-in) and FUND-CONC-SHARE (≥ 20% to the manager)."""
    f = facts
    require_non_negative(
        "FUND-CONC-POST-LIQ",
        mother_fund_paid_in=f.mother_fund_paid_in,
        credited_reinvestment=f.credited_reinvestment,
        mother_fund_total_returns=f.mother_fund_total_returns,
    )
    if f.mother_fund_paid_in <= 0:
        raise FundDomainError(
            "FUND-CONC-POST-LIQ",
            "科技创投基金实缴出资须为正数。",
            "The mother fund's paid-in contribution must be positive.",
        )
    ev = Evaluation(params, as_of, region)
    t1_min, t1_rate = ev.dec(p.CONC_TIER1_MIN), ev.dec(p.CONC_TIER1_RATE)
    t2_above, t2_rate = ev.dec(p.CONC_TIER2_ABOVE), ev.dec(p.CONC_TIER2_RATE)
    t3_above, t3_rate = ev.dec(p.CONC_TIER3_ABOVE), ev.dec(p.CONC_TIER3_RATE)
    used = ev.values(
        p.CONC_TIER1_MIN,
        p.CONC_TIER1_RATE,
        p.CONC_TIER2_ABOVE,
        p.CONC_TIER2_RATE,
        p.CONC_TIER3_ABOVE,
        p.CONC_TIER3_RATE,
    )
    paid, reinvested, returns = (
        f.mother_fund_paid_in,
        f.credited_reinvestment,
        f.mother_fund_total_returns,
    )
    ratio = fraction(reinvested, paid)
    facts_used = {
        "mother_fund_paid_in": paid,
        "credited_reinvestment": reinvested,
        "reinvestment_ratio": ratio,
        "mother_fund_total_returns": returns,
        "recovered_principal_and_agreed_returns": f.recovered_principal_and_agreed_returns,
        "investments_compliant": f.investments_compliant,
    }

    # Tiers compare amounts (reinvested against paid × bound), never a rounded ratio.
    at_tier3_bound = reinvested == paid * t3_above
    if reinvested > paid * t3_above:
        rate = t3_rate
    elif reinvested > paid * t2_above:
        rate = t2_rate  # ② "175%至200%（含）": 175% itself belongs to ①, which says （含）
    elif reinvested >= paid * t1_min:
        rate = t1_rate
    else:
        rate = ZERO

    if not (f.recovered_principal_and_agreed_returns and f.investments_compliant):
        rate, concession = ZERO, ZERO
        ev.add(
            "FUND-CONC-POST-LIQ",
            FAIL,
            "不符合清算后让利前提：须投资合规且科技创投基金已收回全部实缴本金及约定收益。",
            "Not eligible: investments must comply and the mother fund must have recovered all paid-in principal and its agreed returns.",
            facts_used,
            used,
        )
    elif rate == 0:
        concession = ZERO
        ev.add(
            "FUND-CONC-POST-LIQ",
            NOT_APPLICABLE,
            f"返投金额为实缴出资的{ratio}，低于{t1_min}，不让利。",
            f"Reinvestment is {ratio} of the paid-in, below {t1_min}: no concession.",
            facts_used,
            used,
        )
    else:
        concession = to_fen(min(returns * rate, returns))  # never more than the total returns
        if at_tier3_bound:
            # ② "至200%（含）" and ③ "200%以上" (以上 includes the number, Civil Code art. 1259)
            # both cover exactly 200%: a conflict in the text, settled here on ②'s explicit （含）
            # and flagged for a decision rather than resolved silently.
            ev.add(
                "FUND-CONC-POST-LIQ",
                WARN,
                f"返投金额恰为实缴出资的{t3_above}：原文②“至200%（含）”与③“200%以上”均适用，暂按②让利{t2_rate}（{concession}元），按③应为{t3_rate}，须管委会确认。",
                f"Reinvestment is exactly {t3_above} of the paid-in: the text's ② (up to 200% inclusive) and ③ (200% and above) both apply; ② is used ({t2_rate}, {concession}), ③ would give {t3_rate}; needs a committee decision.",
                facts_used,
                used,
            )
        else:
            ev.add(
                "FUND-CONC-POST-LIQ",
                PASS,
                f"返投金额为实缴出资的{ratio}，按全部收益{returns}元的{rate}让利{concession}元。",
                f"Reinvestment is {ratio} of the paid-in: concession {rate} of the total returns {returns} = {concession}.",
                facts_used,
                used,
            )

    manager_minimum = concession_share(ev, concession, f.manager_concession)
    result = {
        "reinvestment_ratio": ratio,
        "tier_rate": rate,
        "concession": concession,
        "manager_minimum": manager_minimum,
    }
    decision = ev.decision("fund.concession.post_liquidation", result)
    return PostLiquidationConcession(ratio, rate, concession, manager_minimum, decision)


def concession_share(ev: Evaluation, total: Decimal, manager_part: Decimal | None) -> Decimal:
    """FUND-CONC-SHARE: the manager's least part of a concession; checks an agreed part if given."""
    share = ev.dec(p.CONC_MANAGER_SHARE_MIN)
    minimum = to_fen(total * share)
    facts = {
        "total_concession": total,
        "manager_concession": manager_part,
        "manager_minimum": minimum,
    }
    used = {p.CONC_MANAGER_SHARE_MIN: share}
    if total == 0:
        ev.add(
            "FUND-CONC-SHARE",
            NOT_APPLICABLE,
            "无让利金额。",
            "No concession to share.",
            facts,
            used,
        )
    elif manager_part is None:
        ev.add(
            "FUND-CONC-SHARE",
            PASS,
            f"子基金管理机构应取得不低于{minimum}元（总让利{total}元的{share}）。",
            f"The sub-fund manager is due at least {minimum} ({share} of {total}).",
            facts,
            used,
        )
    elif manager_part >= total * share:
        ev.add(
            "FUND-CONC-SHARE",
            PASS,
            f"管理机构取得{manager_part}元，不低于总让利的{share}（{minimum}元）。",
            f"The manager's {manager_part} is at least {share} of the concession ({minimum}).",
            facts,
            used,
        )
    else:
        ev.add(
            "FUND-CONC-SHARE",
            FAIL,
            f"管理机构取得{manager_part}元，低于总让利的{share}（{minimum}元）。",
            f"The manager's {manager_part} is below {share} of the concession ({minimum}).",
            facts,
            used,
        )
    return minimum


def check_concession_share(
    total_concession: Decimal,
    manager_concession: Decimal,
    *,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> Finding:
    """FUND-CONC-SHARE for any concession (before or after liquidation)."""
    require_non_negative(
        "FUND-CONC-SHARE", total_concession=total_concession, manager_concession=manager_concession
    )
    ev = Evaluation(params, as_of, region)
    concession_share(ev, total_concession, manager_concession)
    return ev.findings[-1]
