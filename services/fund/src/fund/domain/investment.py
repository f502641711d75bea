"""三（五）, 六（五）（六）: whether one proposed investment by a sub-fund is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fund.domain import parameters as p
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
from govkit.rules import Decision, ParameterSet


class AssetClass(StrEnum):
    """What the money goes into. Only EQUITY and (for idle cash) BANK_DEPOSIT are allowed."""

    EQUITY = "equity"  # 股权投资
    BANK_DEPOSIT = "bank_deposit"  # 闲置资金存银行 (六（五）)
    # 六（六） prohibited uses
    LENDING_OR_GUARANTEE = "lending_or_guarantee"  # 借（存）贷、担保
    DISGUISED_DEBT = "disguised_debt"  # 明股实债
    SECONDARY_MARKET_SHARES = "secondary_market_shares"  # 二级市场股票
    FUTURES = "futures"
    REAL_ESTATE = "real_estate"
    SECURITIES_FUND = "securities_fund"
    ENTERPRISE_BOND = "enterprise_bond"  # allowed? see bond_rating
    WEALTH_MANAGEMENT = "wealth_management"  # 理财产品
    ASSET_MANAGEMENT_PLAN = "asset_management_plan"  # 证券/基金/保险公司及其子公司的资管计划
    DERIVATIVES = "derivatives"
    CREDIT_ASSETS = "credit_assets"  # 保理、融资租赁、典当等类信贷资产
    UNLIMITED_LIABILITY = "unlimited_liability"  # 承担无限（连带）责任的投资
    DONATION = "donation"  # 赞助、捐赠
    DEPOSIT_TAKING_OR_THIRD_PARTY_LOAN = "deposit_taking_or_third_party_loan"
    TRUST_OR_POOLED_PRODUCT = "trust_or_pooled_product"  # 发行信托或集合理财产品
    OTHER_PROHIBITED = "other_prohibited"  # 法律、行政法规和中国证监会禁止的其他投资活动


@dataclass(frozen=True, slots=True)
class TargetCompany:
    name: str
    listed: bool  # at the time of this investment
    is_partnership: bool
    is_venture_capital_firm: bool
    real_estate_industry: bool = False  # 房地产业
    restricted_industry: bool = False  # 国家政策限制类行业


@dataclass(frozen=True, slots=True)
class ProposedInvestment:
    target: TargetCompany
    amount: Decimal
    stake_after: Decimal  # the sub-fund's stake in the target afterwards (fraction)
    gains_actual_control: bool = False
    asset_class: AssetClass = AssetClass.EQUITY
    bond_rating: str | None = None  # for ENTERPRISE_BOND
    approved_public_welfare_donation: bool = False  # for DONATION
    funded_from_recovered_proceeds: bool = False  # 投资回收资金


def check_investment(
    investment: ProposedInvestment,
    *,
    subfund_size: Decimal,
    prior_investments_in_company: Decimal,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> Decision:
    """FUND-INV-*: the target, the size of the position, control, prohibited uses, recycling."""
    inv, target = investment, investment.target
    require_non_negative(
        "FUND-INV-SINGLE-MAX",
        amount=inv.amount,
        prior_investments_in_company=prior_investments_in_company,
        subfund_size=subfund_size,
    )
    ev = Evaluation(params, as_of, region)
    _prohibited(ev, inv)
    _recycling(ev, inv)
    if inv.asset_class is not AssetClass.EQUITY:
        for rule_id in (
            "FUND-INV-UNLISTED",
            "FUND-INV-SINGLE-MAX",
            "FUND-INV-NOT-PARTNERSHIP",
            "FUND-INV-NOT-VC",
            "FUND-INV-NO-CONTROL",
        ):
            ev.add(
                rule_id,
                NOT_APPLICABLE,
                "非股权投资，不适用。",
                "Not an equity investment.",
                {"asset_class": inv.asset_class},
            )
        return ev.decision("fund.investment")

    facts = {"target": target.name, "listed": target.listed}
    if target.listed:
        ev.add(
            "FUND-INV-UNLISTED",
            FAIL,
            "投资对象已上市（仅上市前所持股份不受限）。",
            "The target is listed (only shares held from before listing are exempt).",
            facts,
        )
    else:
        ev.add(
            "FUND-INV-UNLISTED", PASS, "投资对象为未上市企业。", "The target is unlisted.", facts
        )

    max_ratio = ev.dec(p.INV_SINGLE_MAX_RATIO)
    cumulative = prior_investments_in_company + inv.amount
    facts = {
        "amount": inv.amount,
        "prior_investments_in_company": prior_investments_in_company,
        "cumulative": cumulative,
        "subfund_size": subfund_size,
        "ratio": fraction(cumulative, subfund_size),
    }
    if cumulative <= subfund_size * max_ratio:  # 不超过: inclusive
        ev.add(
            "FUND-INV-SINGLE-MAX",
            PASS,
            f"对该企业累计投资{cumulative}元，不超过子基金总规模的{max_ratio}。",
            f"Cumulative {cumulative} in this company is within {max_ratio} of the sub-fund's size.",
            facts,
            {p.INV_SINGLE_MAX_RATIO: max_ratio},
        )
    else:
        ev.add(
            "FUND-INV-SINGLE-MAX",
            FAIL,
            f"对该企业累计投资{cumulative}元，超过子基金总规模{subfund_size}元的{max_ratio}。",
            f"Cumulative {cumulative} in this company exceeds {max_ratio} of the sub-fund's size {subfund_size}.",
            facts,
            {p.INV_SINGLE_MAX_RATIO: max_ratio},
        )

    facts = {"target": target.name, "is_partnership": target.is_partnership}
    if target.is_partnership:
        ev.add(
            "FUND-INV-NOT-PARTNERSHIP",
            FAIL,
            "投资对象为合伙企业。",
            "The target is a partnership.",
            facts,
        )
    else:
        ev.add(
            "FUND-INV-NOT-PARTNERSHIP",
            PASS,
            "投资对象不是合伙企业。",
            "The target is not a partnership.",
            facts,
        )

    facts = {"target": target.name, "is_venture_capital_firm": target.is_venture_capital_firm}
    if target.is_venture_capital_firm:
        ev.add(
            "FUND-INV-NOT-VC",
            FAIL,
            "不得投资于其他创业投资企业。",
            "The target is another venture capital firm.",
            facts,
        )
    else:
        ev.add(
            "FUND-INV-NOT-VC",
            PASS,
            "投资对象不是创业投资企业。",
            "The target is not a venture capital firm.",
            facts,
        )

    above = ev.dec(p.INV_CONTROL_ABOVE)
    facts = {"stake_after": inv.stake_after, "gains_actual_control": inv.gains_actual_control}
    if inv.stake_after > above or inv.gains_actual_control:
        # 原则上不得控股: an exception is possible, so it is flagged for decision, not failed.
        ev.add(
            "FUND-INV-NO-CONTROL",
            WARN,
            f"投资后持股{inv.stake_after}或取得实际控制，原则上不得控股，须说明理由。",
            f"Stake {inv.stake_after} or actual control after the investment: controlling is not allowed in principle; needs a reason.",
            facts,
            {p.INV_CONTROL_ABOVE: above},
        )
    else:
        ev.add(
            "FUND-INV-NO-CONTROL",
            PASS,
            f"投资后持股{inv.stake_after}，不控股。",
            f"Stake {inv.stake_after}: no control.",
            facts,
            {p.INV_CONTROL_ABOVE: above},
        )
    return ev.decision("fund.investment")


_PROHIBITED_ZH = {
    AssetClass.LENDING_OR_GUARANTEE: "借（存）贷、担保",
    AssetClass.DISGUISED_DEBT: "明股实债",
    AssetClass.SECONDARY_MARKET_SHARES: "二级市场股票",
    AssetClass.FUTURES: "期货",
    AssetClass.REAL_ESTATE: "房地产",
    AssetClass.SECURITIES_FUND: "证券投资基金",
    AssetClass.WEALTH_MANAGEMENT: "理财产品",
    AssetClass.ASSET_MANAGEMENT_PLAN: "资产管理计划产品",
    AssetClass.DERIVATIVES: "期货及其他金融衍生品",
    AssetClass.CREDIT_ASSETS: "保理、融资租赁、典当等类信贷资产",
    AssetClass.UNLIMITED_LIABILITY: "承担无限责任的投资",
    AssetClass.DONATION: "赞助、捐赠",
    AssetClass.DEPOSIT_TAKING_OR_THIRD_PARTY_LOAN: "吸收存款或向第三方提供贷款和资金拆借",
    AssetClass.TRUST_OR_POOLED_PRODUCT: "发行信托或集合理财产品募集资金",
    AssetClass.OTHER_PROHIBITED: "法律法规和中国证监会禁止的其他投资活动",
}


def _prohibited(ev: Evaluation, inv: ProposedInvestment) -> None:
    kind, target = inv.asset_class, inv.target
    facts = {
        "asset_class": kind,
        "bond_rating": inv.bond_rating,
        "real_estate_industry": target.real_estate_industry,
        "restricted_industry": target.restricted_industry,
    }
    rule = "FUND-INV-PROHIBITED"
    if kind is AssetClass.ENTERPRISE_BOND:
        floor = ev.text(p.INV_BOND_RATING_FLOOR)
        used = {p.INV_BOND_RATING_FLOOR: floor}
        if (inv.bond_rating or "").upper() == floor:
            # "评级AAA以下": art. 1259 makes 以下 include AAA itself; the common reading excludes it.
            ev.add(
                rule,
                WARN,
                f"评级{floor}的企业债：原文“{floor}以下”按民法典第1259条含本数，是否禁止须确认。",
                f"An enterprise bond rated {floor}: the text's '{floor}以下' includes {floor} under Civil Code art. 1259; whether it is prohibited needs a decision.",
                facts,
                used,
            )
        else:
            ev.add(
                rule,
                FAIL,
                f"禁止投资评级{floor}以下的企业债（评级：{inv.bond_rating or '无'}）。",
                f"Enterprise bonds rated below {floor} are prohibited (rating: {inv.bond_rating or 'none'}).",
                facts,
                used,
            )
    elif kind is AssetClass.DONATION and inv.approved_public_welfare_donation:
        ev.add(rule, PASS, "经批准的公益性捐赠。", "An approved public-welfare donation.", facts)
    elif kind in _PROHIBITED_ZH:
        ev.add(rule, FAIL, f"禁止事项：{_PROHIBITED_ZH[kind]}。", f"Prohibited use: {kind}.", facts)
    elif kind is AssetClass.EQUITY and (target.real_estate_industry or target.restricted_industry):
        ev.add(
            rule,
            FAIL,
            "禁止投向房地产业以及国家政策限制类行业。",
            "Real estate and nationally restricted industries are prohibited.",
            facts,
        )
    else:
        ev.add(rule, PASS, "不属于禁止事项。", "Not a prohibited use.", facts)


def _recycling(ev: Evaluation, inv: ProposedInvestment) -> None:
    facts = {
        "asset_class": inv.asset_class,
        "funded_from_recovered_proceeds": inv.funded_from_recovered_proceeds,
    }
    if inv.asset_class is AssetClass.BANK_DEPOSIT:
        ev.add(
            "FUND-INV-NO-RECYCLE",
            PASS,
            "闲置资金存放银行。",
            "Idle cash held as bank deposits.",
            facts,
        )
    elif inv.funded_from_recovered_proceeds:
        ev.add(
            "FUND-INV-NO-RECYCLE",
            FAIL,
            "存续期内投资回收资金不得再用于对外投资（只可存银行）。",
            "Proceeds recovered during the term must not be reinvested (bank deposits only).",
            facts,
        )
    else:
        ev.add(
            "FUND-INV-NO-RECYCLE",
            PASS,
            "未使用投资回收资金。",
            "Not funded from recovered proceeds.",
            facts,
        )
