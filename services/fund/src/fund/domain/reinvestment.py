"""三（一）5–6: Wenzhou reinvestment — crediting, the 1.5× target, the stage tests, what is missing.

Every investment is credited under its single most favourable case; cases never add up
(ties keep the first case in `CreditCase` order). Amounts are exact until the totals, which are
rounded half up to the fen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from fund.domain import parameters as p
from fund.domain.company_stage import CompanyFacts, CompanyStage, classify_stage
from fund.domain.dates import add_years
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import FAIL, NOT_APPLICABLE, PASS, WARN, Evaluation
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.money import to_fen
from govkit.rules import Decision, Finding, ParameterSet

ZERO = Decimal(0)


class CreditCase(StrEnum):
    WENZHOU_REGISTERED = "wenzhou_registered"  # 投资于温州市注册企业 (1×)
    RELOCATION = "relocation"  # （1）注册地迁往温州 (2×)
    TALENT_OR_TEAM = "talent_or_team"  # （2）领军型人才创业项目、高水平创新团队项目 (2×)
    ACQUISITION = "acquisition"  # （3）被温州企业收购（持股>50%）(1×)
    MANAGER_OTHER_FUND = "manager_other_fund"  # （4）管理机构其他基金 (1×)
    SUBSIDIARY = "subsidiary"  # （5）在温设立子公司（子公司在温实际投资额，封顶子基金投资额）
    COMMITTEE_APPROVED = "committee_approved"  # （6）管委会批准的其他情形
    NONE = "none"


@dataclass(frozen=True, slots=True)
class PortfolioInvestment:
    """One investment (by the sub-fund, or by another fund of its manager for case (4))."""

    company: str
    amount: Decimal  # the fund's actual investment
    invested_on: date
    registered_in_wenzhou: bool  # where the company was registered when the fund invested
    by_manager_other_fund: bool = False
    relocated_to_wenzhou_on: date | None = None
    leading_talent_or_team: bool = False  # Wenzhou city-level-or-above talent / team project
    acquired_by_wenzhou_stake: Decimal | None = None  # stake a Wenzhou company acquired
    acquired_on: date | None = None
    wenzhou_subsidiary_investment: Decimal | None = None  # audited actual investment in Wenzhou
    subsidiary_set_up_on: date | None = None
    committee_approved_amount: Decimal | None = None
    moved_out_of_wenzhou_on: date | None = None  # the latest move out of Wenzhou, if any
    stay_commitment_years: int = 0  # committed not to move out of Wenzhou for this many years
    company_facts: CompanyFacts | None = None  # for the stage tests, as at the investment


@dataclass(frozen=True, slots=True)
class CreditLine:
    company: str
    amount: Decimal
    case: CreditCase
    credited: Decimal
    candidates: Mapping[CreditCase, Decimal]  # every case that applied, with its credit


@dataclass(frozen=True, slots=True)
class ReinvestmentResult:
    lines: tuple[CreditLine, ...]
    credited_total: Decimal
    target: Decimal
    shortfall: Decimal
    decision: Decision


def reinvestment_target(
    mother_fund_commitment: Decimal,
    *,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> Decimal:
    """FUND-SUB-REINVEST: the Wenzhou investment required (1.5 × the commitment)."""
    return to_fen(
        mother_fund_commitment * Evaluation(params, as_of, region).dec(p.REINVEST_MULTIPLE)
    )


def credit_reinvestment(
    investments: Sequence[PortfolioInvestment],
    *,
    mother_fund_commitment: Decimal,
    recognised_on: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
    term: tuple[date, date] | None = None,
) -> ReinvestmentResult:
    """Credit each investment (FUND-SUB-REINVEST-CREDIT/-EXCLUDE) and test the target.

    `recognised_on` is the day of recognition (认定之日); `term` the sub-fund's term, when
    given, bounds the relocations, acquisitions and subsidiaries that count (子基金存续期内).
    """
    ev = Evaluation(params, recognised_on, region)
    lines = tuple(_credit(ev, inv, recognised_on, term) for inv in investments)
    total, target, shortfall = _reinvest_target(ev, lines, mother_fund_commitment)
    result = {
        "credited_total": total,
        "target": target,
        "shortfall": shortfall,
        "lines": [_line_dict(line) for line in lines],
    }
    return ReinvestmentResult(
        lines, total, target, shortfall, ev.decision("fund.reinvestment", result)
    )


def _reinvest_target(
    ev: Evaluation, lines: Sequence[CreditLine], commitment: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    multiple = ev.dec(p.REINVEST_MULTIPLE)
    total = to_fen(sum((line.credited for line in lines), ZERO))
    target = to_fen(commitment * multiple)
    shortfall = max(target - total, ZERO)
    facts = {"credited_total": total, "mother_fund_commitment": commitment, "target": target}
    if total >= target:  # 不低于: inclusive
        ev.add(
            "FUND-SUB-REINVEST",
            PASS,
            f"认定返投金额{total}元，不低于科技创投基金出资额{commitment}元的{multiple}倍（{target}元）。",
            f"Credited Wenzhou investment {total} is at least {multiple} × the commitment {commitment} ({target}).",
            facts,
            {p.REINVEST_MULTIPLE: multiple},
        )
    else:
        ev.add(
            "FUND-SUB-REINVEST",
            FAIL,
            f"认定返投金额{total}元，低于{target}元（出资额{commitment}元的{multiple}倍），尚差{shortfall}元。",
            f"Credited Wenzhou investment {total} is below {target} ({multiple} × {commitment}): {shortfall} missing.",
            facts,
            {p.REINVEST_MULTIPLE: multiple},
        )
    return total, target, shortfall


def _within(d: date | None, term: tuple[date, date] | None) -> bool:
    return d is not None and (term is None or term[0] <= d <= term[1])


def _credit(
    ev: Evaluation, inv: PortfolioInvestment, recognised_on: date, term: tuple[date, date] | None
) -> CreditLine:
    if inv.amount < 0:
        raise FundDomainError(
            "FUND-SUB-REINVEST-CREDIT",
            f"{inv.company}的投资额不能为负数。",
            f"The investment in {inv.company} must not be negative.",
        )
    lookback, stay_years = ev.count(p.EXCLUDE_MOVED_OUT_YEARS), ev.count(p.STAY_COMMITMENT_YEARS)
    double, talent = ev.dec(p.CREDIT_RELOCATION_FACTOR), ev.dec(p.CREDIT_TALENT_FACTOR)
    acq_factor, acq_above = (
        ev.dec(p.CREDIT_ACQUISITION_FACTOR),
        ev.dec(p.CREDIT_ACQUISITION_STAKE_ABOVE),
    )
    other_factor = ev.dec(p.CREDIT_OTHER_FUND_FACTOR)
    amount, outside = inv.amount, not inv.registered_in_wenzhou

    # FUND-SUB-REINVEST-EXCLUDE: who counts as an outside company, and whose move counts.
    moved_out = inv.moved_out_of_wenzhou_on
    recently_left = (
        moved_out is not None and add_years(recognised_on, -lookback) <= moved_out <= recognised_on
    )
    relocated = _within(inv.relocated_to_wenzhou_on, term)
    left_again = (
        relocated
        and moved_out is not None
        and inv.relocated_to_wenzhou_on is not None
        and moved_out > inv.relocated_to_wenzhou_on
    )
    committed = inv.stay_commitment_years >= stay_years
    acquired = (
        _within(inv.acquired_on, term)
        and inv.acquired_by_wenzhou_stake is not None
        and inv.acquired_by_wenzhou_stake > acq_above
    )
    subsidiary = (
        _within(inv.subsidiary_set_up_on, term) and inv.wenzhou_subsidiary_investment is not None
    )
    outside_ok = outside and not recently_left
    relocation_ok = outside_ok and relocated and committed and not left_again
    subsidiary_ok = outside_ok and subsidiary and committed

    candidates: dict[CreditCase, Decimal] = {}
    if inv.by_manager_other_fund:
        if inv.registered_in_wenzhou or relocation_ok or (outside_ok and acquired):
            candidates[CreditCase.MANAGER_OTHER_FUND] = amount * other_factor
    else:
        if inv.registered_in_wenzhou:
            candidates[CreditCase.WENZHOU_REGISTERED] = amount
        if relocation_ok:
            candidates[CreditCase.RELOCATION] = amount * double
        if inv.leading_talent_or_team:
            candidates[CreditCase.TALENT_OR_TEAM] = amount * talent
        if outside_ok and acquired:
            candidates[CreditCase.ACQUISITION] = amount * acq_factor
        if subsidiary_ok and inv.wenzhou_subsidiary_investment is not None:
            candidates[CreditCase.SUBSIDIARY] = min(inv.wenzhou_subsidiary_investment, amount)
    if inv.committee_approved_amount is not None:
        candidates[CreditCase.COMMITTEE_APPROVED] = inv.committee_approved_amount
    case, credited = max(candidates.items(), key=lambda kv: kv[1], default=(CreditCase.NONE, ZERO))
    credited = to_fen(credited)  # exact already for amounts in fen; fixes the scale for display

    facts = {
        "company": inv.company,
        "amount": amount,
        "registered_in_wenzhou": inv.registered_in_wenzhou,
        "by_manager_other_fund": inv.by_manager_other_fund,
        "relocated_to_wenzhou_on": inv.relocated_to_wenzhou_on,
        "leading_talent_or_team": inv.leading_talent_or_team,
        "acquired_by_wenzhou_stake": inv.acquired_by_wenzhou_stake,
        "wenzhou_subsidiary_investment": inv.wenzhou_subsidiary_investment,
        "committee_approved_amount": inv.committee_approved_amount,
        "candidates": {c.value: v for c, v in candidates.items()},
    }
    used = ev.values(
        p.CREDIT_RELOCATION_FACTOR,
        p.CREDIT_TALENT_FACTOR,
        p.CREDIT_ACQUISITION_FACTOR,
        p.CREDIT_ACQUISITION_STAKE_ABOVE,
        p.CREDIT_OTHER_FUND_FACTOR,
    )
    if case is CreditCase.NONE:
        why_zh, why_en = "不符合任何返投认定情形", "no crediting case applies"
        stake = inv.acquired_by_wenzhou_stake
        if stake is not None and stake <= acq_above:
            why_zh, why_en = (
                f"被收购持股比例{stake}未超过{acq_above}",
                f"the acquired stake {stake} is not above {acq_above}",
            )
        ev.add(
            "FUND-SUB-REINVEST-CREDIT",
            NOT_APPLICABLE,
            f"{inv.company}：{why_zh}，认定0元。",
            f"{inv.company}: {why_en}; credited 0.",
            facts,
            used,
        )
    else:
        ev.add(
            "FUND-SUB-REINVEST-CREDIT",
            PASS,
            f"{inv.company}：按{_CASE_ZH[case]}认定{credited}元（投资额{amount}元；取最有利的一种情形，不叠加）。",
            f"{inv.company}: credited {credited} as {case} (invested {amount}; the single most favourable case, never stacked).",
            facts,
            used,
        )

    # Say why an outside-company case was refused, so the shortfall is explainable.
    wanted_outside = outside and (
        inv.relocated_to_wenzhou_on is not None
        or inv.subsidiary_set_up_on is not None
        or inv.acquired_by_wenzhou_stake is not None
    )
    ex_facts = {
        "company": inv.company,
        "moved_out_of_wenzhou_on": moved_out,
        "recognised_on": recognised_on,
        "stay_commitment_years": inv.stay_commitment_years,
        "relocated_to_wenzhou_on": inv.relocated_to_wenzhou_on,
    }
    ex_used = {p.EXCLUDE_MOVED_OUT_YEARS: lookback, p.STAY_COMMITMENT_YEARS: stay_years}
    if wanted_outside and recently_left:
        ev.add(
            "FUND-SUB-REINVEST-EXCLUDE",
            WARN,
            f"{inv.company}于{moved_out}迁出温州，在认定日{recognised_on}前{lookback}年内，不属于温州市以外被投企业。",
            f"{inv.company} moved out of Wenzhou on {moved_out}, within {lookback} years before recognition on {recognised_on}: not an outside company.",
            ex_facts,
            ex_used,
        )
    elif outside and (relocated or subsidiary) and not committed:
        ev.add(
            "FUND-SUB-REINVEST-EXCLUDE",
            WARN,
            f"{inv.company}迁入或设立子公司未承诺{stay_years}年内不迁出温州，不予认定。",
            f"{inv.company}: relocation or subsidiary without a commitment to stay {stay_years} years; not credited.",
            ex_facts,
            ex_used,
        )
    elif left_again:
        ev.add(
            "FUND-SUB-REINVEST-EXCLUDE",
            WARN,
            f"{inv.company}迁入温州后又于{moved_out}迁出，违反不迁出承诺，不予认定迁入。",
            f"{inv.company} moved back out on {moved_out} after relocating: the commitment is broken; relocation not credited.",
            ex_facts,
            ex_used,
        )
    return CreditLine(inv.company, amount, case, credited, MappingProxyType(candidates))


_CASE_ZH = {
    CreditCase.WENZHOU_REGISTERED: "投资温州市注册企业",
    CreditCase.RELOCATION: "注册地迁往温州（2倍）",
    CreditCase.TALENT_OR_TEAM: "领军型人才或高水平创新团队项目（2倍）",
    CreditCase.ACQUISITION: "被温州企业收购",
    CreditCase.MANAGER_OTHER_FUND: "管理机构其他基金投资",
    CreditCase.SUBSIDIARY: "在温设立子公司（按子公司在温实际投资额，不超过子基金投资额）",
    CreditCase.COMMITTEE_APPROVED: "管委会批准的其他情形",
}


def _line_dict(line: CreditLine) -> dict[str, object]:
    return {
        "company": line.company,
        "amount": line.amount,
        "case": line.case,
        "credited": line.credited,
    }


# -- 三（一）6: stage tests --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageTargets:
    early_invested: Decimal  # Wenzhou seed + start-up
    early_target: Decimal
    all_invested: Decimal  # Wenzhou seed + start-up + growth
    all_target: Decimal
    stages: Mapping[str, CompanyStage]  # company → stage at its investment
    unclassified: tuple[str, ...]  # Wenzhou investments lacking company facts
    findings: tuple[Finding, ...]

    @property
    def early_shortfall(self) -> Decimal:
        return max(self.early_target - self.early_invested, ZERO)

    @property
    def all_shortfall(self) -> Decimal:
        return max(self.all_target - self.all_invested, ZERO)


def check_stage_targets(
    investments: Sequence[PortfolioInvestment],
    *,
    mother_fund_paid_in: Decimal,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> StageTargets:
    """FUND-SUB-STAGE-EARLY/-ALL: actual amounts in Wenzhou companies by their stage when invested."""
    ev = Evaluation(params, as_of, region)
    early_multiple, all_multiple = ev.dec(p.STAGE_EARLY_MULTIPLE), ev.dec(p.STAGE_ALL_MULTIPLE)
    stages: dict[str, CompanyStage] = {}
    unclassified: list[str] = []
    early = every = ZERO
    for inv in investments:
        in_wenzhou = inv.registered_in_wenzhou or (
            inv.relocated_to_wenzhou_on is not None and inv.relocated_to_wenzhou_on <= as_of
        )
        if inv.by_manager_other_fund or not in_wenzhou:
            continue
        if inv.company_facts is None:
            unclassified.append(inv.company)
            continue
        stage, _ = classify_stage(
            inv.company_facts, as_of=inv.invested_on, params=params, region=region
        )
        stages[inv.company] = stage
        if stage in (CompanyStage.SEED, CompanyStage.STARTUP):
            early += inv.amount
        if stage is not CompanyStage.NONE:
            every += inv.amount
    early, every = to_fen(early), to_fen(every)
    early_target, all_target = (
        to_fen(mother_fund_paid_in * early_multiple),
        to_fen(mother_fund_paid_in * all_multiple),
    )
    facts = {
        "mother_fund_paid_in": mother_fund_paid_in,
        "stages": {k: v.value for k, v in stages.items()},
        "unclassified": tuple(unclassified),
    }
    for rule_id, invested, target, multiple, path, zh, en in (
        (
            "FUND-SUB-STAGE-EARLY",
            early,
            early_target,
            early_multiple,
            p.STAGE_EARLY_MULTIPLE,
            "种子期、初创期",
            "seed and start-up",
        ),
        (
            "FUND-SUB-STAGE-ALL",
            every,
            all_target,
            all_multiple,
            p.STAGE_ALL_MULTIPLE,
            "种子期、初创期、成长期",
            "seed, start-up and growth",
        ),
    ):
        f = {**facts, "invested": invested, "target": target}
        if invested >= target:  # 不低于: inclusive
            ev.add(
                rule_id,
                PASS,
                f"投资温州{zh}科技企业{invested}元，不低于实缴出资{mother_fund_paid_in}元的{multiple}倍。",
                f"{invested} in Wenzhou {en} companies: at least {multiple} × the paid-in {mother_fund_paid_in}.",
                f,
                {path: multiple},
            )
        else:
            ev.add(
                rule_id,
                FAIL,
                f"投资温州{zh}科技企业{invested}元，低于{target}元，尚差{target - invested}元。",
                f"{invested} in Wenzhou {en} companies is below {target}: {target - invested} missing.",
                f,
                {path: multiple},
            )
    return StageTargets(
        early,
        early_target,
        every,
        all_target,
        MappingProxyType(stages),
        tuple(unclassified),
        tuple(ev.findings),
    )


def evaluate_portfolio(
    investments: Sequence[PortfolioInvestment],
    *,
    mother_fund_commitment: Decimal,
    mother_fund_paid_in: Decimal,
    recognised_on: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
    term: tuple[date, date] | None = None,
) -> Decision:
    """Reinvestment and stage tests together, with what is still missing for each target."""
    credit = credit_reinvestment(
        investments,
        mother_fund_commitment=mother_fund_commitment,
        recognised_on=recognised_on,
        params=params,
        region=region,
        term=term,
    )
    stages = check_stage_targets(
        investments,
        mother_fund_paid_in=mother_fund_paid_in,
        as_of=recognised_on,
        params=params,
        region=region,
    )
    missing = {
        "reinvestment": credit.shortfall,
        "early_stage": stages.early_shortfall,
        "all_stages": stages.all_shortfall,
        "company_facts_for": stages.unclassified,
    }
    ev = Evaluation(params, recognised_on, region)
    ev.findings.extend(credit.decision.findings)
    ev.findings.extend(stages.findings)
    for path in (
        p.REINVEST_MULTIPLE,
        p.STAGE_EARLY_MULTIPLE,
        p.STAGE_ALL_MULTIPLE,
        p.EXCLUDE_MOVED_OUT_YEARS,
        p.STAY_COMMITMENT_YEARS,
        p.CREDIT_RELOCATION_FACTOR,
        p.CREDIT_TALENT_FACTOR,
        p.CREDIT_ACQUISITION_FACTOR,
        p.CREDIT_ACQUISITION_STAKE_ABOVE,
        p.CREDIT_OTHER_FUND_FACTOR,
    ):
        ev.resolve(path)
    result = {
        **credit.decision.result,
        "early_invested": stages.early_invested,
        "all_invested": stages.all_invested,
        "missing": missing,
    }
    return ev.decision("fund.portfolio", result)
