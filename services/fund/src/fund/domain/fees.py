"""Management fees: the sub-fund's fee caps (三（一）7) and the mother fund's own fee (五（一）)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fund.domain import parameters as p
from fund.domain.application_facts import FeeTerms
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import FAIL, PASS, WARN, Evaluation, require_non_negative
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.money import to_fen
from govkit.rules import Decision, ParameterSet


class FeePeriod(StrEnum):
    INVESTMENT = "investment"  # 投资期
    EXIT = "exit"  # 退出期
    EXTENSION = "extension"  # 延长期


_PERIOD_ZH = {
    FeePeriod.INVESTMENT: "投资期",
    FeePeriod.EXIT: "退出期",
    FeePeriod.EXTENSION: "延长期",
}

_CAP = {
    FeePeriod.INVESTMENT: (
        "FUND-SUB-FEE-INVEST",
        p.FEE_INVESTMENT_MAX,
        "实缴出资总额",
        "total paid-in capital",
    ),
    FeePeriod.EXIT: (
        "FUND-SUB-FEE-EXIT",
        p.FEE_EXIT_MAX,
        "未退出项目投资本金",
        "principal of unexited projects",
    ),
    FeePeriod.EXTENSION: ("FUND-SUB-FEE-EXTENSION", p.FEE_EXTENSION_MAX, "—", "—"),
}


def fee_rate_rules(ev: Evaluation, fees: FeeTerms) -> None:
    """FUND-SUB-FEE-*: the agreed annual rates against the caps, and parity with the others."""
    for period, rate in (
        (FeePeriod.INVESTMENT, fees.investment_period_rate),
        (FeePeriod.EXIT, fees.exit_period_rate),
        (FeePeriod.EXTENSION, fees.extension_period_rate),
    ):
        rule_id, path, basis_zh, basis_en = _CAP[period]
        cap = ev.dec(path)
        facts = {"period": period, "annual_rate": rate}
        if rate < 0:
            raise FundDomainError(
                rule_id, "管理费率不能为负数。", "A fee rate must not be negative.", facts
            )
        if rate <= cap:  # 不超过: inclusive
            ev.add(
                rule_id,
                PASS,
                f"{_PERIOD_ZH[period]}管理费率{rate}不超过{cap}（基数：{basis_zh}）。",
                f"{period.value} period fee rate {rate} is within {cap} (of the {basis_en}).",
                facts,
                {path: cap},
            )
        else:
            ev.add(
                rule_id,
                FAIL,
                f"{_PERIOD_ZH[period]}管理费率{rate}超过上限{cap}（基数：{basis_zh}）。",
                f"{period.value} period fee rate {rate} exceeds the cap {cap} (of the {basis_en}).",
                facts,
                {path: cap},
            )

    mother, others = fees.mother_fund_rate, fees.lowest_other_rate
    facts = {
        "mother_fund_rate": mother,
        "lowest_other_rate": others,
        "includes_all_expenses": fees.includes_all_expenses,
    }
    missing = [
        (name, zh)
        for name, zh, rate in (
            ("mother_fund_rate", "对科技创投基金的费率", mother),
            ("lowest_other_rate", "其他出资人中最低的费率", others),
        )
        if rate is None
    ]
    if mother is not None and others is not None and mother > others:
        ev.add(
            "FUND-SUB-FEE-PARITY",
            FAIL,
            f"对科技创投基金的管理费率{mother}高于其他出资人的{others}。",
            f"The mother fund's fee rate {mother} is higher than another contributor's {others}.",
            facts,
        )
    elif not fees.includes_all_expenses:
        ev.add(
            "FUND-SUB-FEE-PARITY",
            FAIL,
            "管理费须已含子基金所有费用支出（审计、尽调、托管等）。",
            "The fee must include all the sub-fund's expenses (audit, due diligence, custody…).",
            facts,
        )
    elif missing:
        # Missing evidence is not a pass: the headline rate says nothing of what each pays.
        ev.add(
            "FUND-SUB-FEE-PARITY",
            WARN,
            f"未提供{'、'.join(zh for _, zh in missing)}，无法核实对科技创投基金的管理费标准不高于其他出资人。",
            f"Missing {', '.join(name for name, _ in missing)}: that the mother fund pays no more "
            "than any other contributor cannot be verified.",
            {**facts, "missing": [name for name, _ in missing]},
        )
    else:
        ev.add(
            "FUND-SUB-FEE-PARITY",
            PASS,
            f"对科技创投基金的管理费率{mother}不高于其他出资人中最低的{others}，且已含所有费用。",
            f"The mother fund's rate {mother} is not above the lowest other contributor's {others}, all expenses included.",
            facts,
        )


@dataclass(frozen=True, slots=True)
class SubFundFeeCap:
    period: FeePeriod
    rate_cap: Decimal
    basis: Decimal  # paid-in total (investment period) or unexited principal (exit period)
    annual_cap: Decimal  # to the fen


def subfund_fee_cap(
    period: FeePeriod,
    *,
    paid_in_total: Decimal,
    unexited_principal: Decimal,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> SubFundFeeCap:
    """The most the sub-fund's manager may charge for a year of `period`."""
    rule_id, path, _, _ = _CAP[period]
    require_non_negative(
        rule_id, paid_in_total=paid_in_total, unexited_principal=unexited_principal
    )
    rate = Evaluation(params, as_of, region).dec(path)
    basis = unexited_principal if period is FeePeriod.EXIT else paid_in_total
    return SubFundFeeCap(period, rate, basis, to_fen(basis * rate))


def check_subfund_fee(
    period: FeePeriod,
    *,
    charged: Decimal,
    paid_in_total: Decimal,
    unexited_principal: Decimal,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> Decision:
    """A year's charged fee against the cap of its period (FUND-SUB-FEE-INVEST/-EXIT/-EXTENSION)."""
    rule_id, path, basis_zh, basis_en = _CAP[period]
    require_non_negative(
        rule_id, charged=charged, paid_in_total=paid_in_total, unexited_principal=unexited_principal
    )
    ev = Evaluation(params, as_of, region)
    rate = ev.dec(path)
    basis = unexited_principal if period is FeePeriod.EXIT else paid_in_total
    cap = to_fen(basis * rate)
    facts = {"period": period, "charged": charged, "basis": basis}
    if charged <= cap:
        ev.add(
            rule_id,
            PASS,
            f"{_PERIOD_ZH[period]}年度管理费{charged}元不超过上限{cap}元（{basis_zh}{basis}元×{rate}）。",
            f"Annual fee {charged} is within the cap {cap} ({basis_en} {basis} × {rate}).",
            facts,
            {path: rate},
        )
    else:
        ev.add(
            rule_id,
            FAIL,
            f"{_PERIOD_ZH[period]}年度管理费{charged}元超过上限{cap}元（{basis_zh}{basis}元×{rate}），超出{charged - cap}元。",
            f"Annual fee {charged} exceeds the cap {cap} ({basis_en} {basis} × {rate}) by {charged - cap}.",
            facts,
            {path: rate},
        )
    return ev.decision(
        "fund.subfund_fee",
        {"annual_cap": cap, "rate_cap": rate, "excess": max(charged - cap, Decimal(0))},
    )


class Rating(StrEnum):
    """The committee office's annual rating of the mother fund's manager (五（一）)."""

    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    QUALIFIED = "qualified"  # 合格
    BELOW_STANDARD = "below_standard"  # 不达标


_RATE_BY_RATING = {
    Rating.EXCELLENT: p.MGMT_FEE_RATE_EXCELLENT,
    Rating.GOOD: p.MGMT_FEE_RATE_GOOD,
    Rating.QUALIFIED: p.MGMT_FEE_RATE_QUALIFIED,
    Rating.BELOW_STANDARD: p.MGMT_FEE_RATE_BELOW_STANDARD,
}


@dataclass(frozen=True, slots=True)
class MotherFundFee:
    base: Decimal  # actual invested total at the start of the year
    upfront_draw: Decimal  # drawn at the start of the year
    rating: Rating | None
    rate: Decimal | None  # None until rated
    annual_fee: Decimal | None
    balance: Decimal | None  # drawn after the rating; negative = overdrawn, to be returned
    decision: Decision


def mother_fund_fee(
    *,
    invested_total_at_year_start: Decimal,
    rating: Rating | None,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> MotherFundFee:
    """FUND-MGMT-FEE: the year's fee by rating, the up-front draw and the balance after rating."""
    base = invested_total_at_year_start
    require_non_negative("FUND-MGMT-FEE", invested_total_at_year_start=base)
    ev = Evaluation(params, as_of, region)
    qualified, share = ev.dec(p.MGMT_FEE_RATE_QUALIFIED), ev.dec(p.MGMT_FEE_UPFRONT_SHARE)
    upfront = to_fen(base * qualified * share)
    facts = {"invested_total_at_year_start": base, "rating": rating.value if rating else None}
    if rating is None:
        ev.add(
            "FUND-MGMT-FEE",
            PASS,
            f"年初按合格档次{qualified}的{share}提取{upfront}元；其余待年度考核后确定。",
            f"Up-front draw {upfront} ({share} of the qualified rate {qualified}); the rest awaits the rating.",
            facts,
            ev.values(p.MGMT_FEE_RATE_QUALIFIED, p.MGMT_FEE_UPFRONT_SHARE),
        )
        return MotherFundFee(
            base,
            upfront,
            None,
            None,
            None,
            None,
            ev.decision("fund.mgmt_fee", {"upfront_draw": upfront}),
        )
    rate_path = _RATE_BY_RATING[rating]
    rate = ev.dec(rate_path)
    annual = to_fen(base * rate)
    balance = annual - upfront
    ev.add(
        "FUND-MGMT-FEE",
        PASS,
        f"年度管理费{annual}元（{base}元×{rate}）；年初已提{upfront}元，考核后提取{balance}元。",
        f"Annual fee {annual} ({base} × {rate}); {upfront} drawn up front, {balance} after the rating.",
        facts,
        ev.values(rate_path, p.MGMT_FEE_RATE_QUALIFIED, p.MGMT_FEE_UPFRONT_SHARE),
    )
    result = {"annual_fee": annual, "rate": rate, "upfront_draw": upfront, "balance": balance}
    return MotherFundFee(
        base, upfront, rating, rate, annual, balance, ev.decision("fund.mgmt_fee", result)
    )
