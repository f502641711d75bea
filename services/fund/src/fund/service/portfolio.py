"""Portfolio investments (checked by FUND-INV-* before they are recorded) and Wenzhou
reinvestment (FUND-SUB-REINVEST, -CREDIT, -EXCLUDE, FUND-SUB-STAGE-EARLY, -ALL).

A failing investment is stored only as `rejected`, with its stored decision: it is no part of
the portfolio, so it counts neither for the 20% limit of later investments nor for
reinvestment.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.sub_fund_schemas import (
    CompanyStageFacts,
    InvestmentCreate,
    ReinvestmentCalc,
    Source,
    WenzhouFacts,
)
from fund.db.portfolio import investments
from fund.domain import (
    AssetClass,
    CompanyFacts,
    CompanyStage,
    PortfolioInvestment,
    ProposedInvestment,
    TargetCompany,
    check_investment,
    check_stage_targets,
    classify_stage,
    credit_reinvestment,
    evaluate_portfolio,
)
from fund.service import sub_funds as sf
from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import NOT_FOUND, ProblemError
from govkit.platform.decisions import store_decision
from govkit.rules import ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import created_stamp

ZERO = Decimal("0.00")
ACCEPTED, REJECTED = "accepted", "rejected"


def company_key(name: str) -> str:
    """The same company whatever the spacing or letter case of its name."""
    return "".join(name.split()).casefold()


def _company_facts(name: str, listed: bool, facts: CompanyStageFacts | None) -> CompanyFacts | None:
    if facts is None:
        return None
    return CompanyFacts(
        name=name,
        independent_legal_person=facts.independent_legal_person,
        listed=listed,
        product_status=facts.product_status,
        little_or_no_sales=facts.little_or_no_sales,
        high_tech_or_business_model=facts.high_tech_or_business_model,
        employees=facts.employees,
        prior_year_revenue=facts.prior_year_revenue,
        national_high_tech_enterprise=facts.national_high_tech_enterprise,
        recognised_tech_sme=facts.recognised_tech_sme,
    )


def portfolio_investment(
    company: str,
    amount: Decimal,
    invested_on: date,
    wenzhou: WenzhouFacts,
    *,
    by_manager_other_fund: bool,
    company_facts: CompanyFacts | None,
) -> PortfolioInvestment:
    return PortfolioInvestment(
        company=company,
        amount=amount,
        invested_on=invested_on,
        registered_in_wenzhou=wenzhou.registered_in_wenzhou,
        by_manager_other_fund=by_manager_other_fund,
        relocated_to_wenzhou_on=wenzhou.relocated_to_wenzhou_on,
        leading_talent_or_team=wenzhou.leading_talent_or_team,
        acquired_by_wenzhou_stake=wenzhou.acquired_by_wenzhou_stake,
        acquired_on=wenzhou.acquired_on,
        wenzhou_subsidiary_investment=wenzhou.wenzhou_subsidiary_investment,
        subsidiary_set_up_on=wenzhou.subsidiary_set_up_on,
        committee_approved_amount=wenzhou.committee_approved_amount,
        moved_out_of_wenzhou_on=wenzhou.moved_out_of_wenzhou_on,
        stay_commitment_years=wenzhou.stay_commitment_years,
        company_facts=company_facts,
    )


def investment_out(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: row[k]
        for k in (
            "investment_id",
            "sub_fund_id",
            "source",
            "company",
            "asset_class",
            "amount",
            "invested_on",
            "stake_after",
            "status",
            "failed_rules",
            "decision_id",
            "stage",
            "facts",
            "created_at",
            "created_by",
        )
    }


async def record_investment(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    body: InvestmentCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    row = await sf.get_row(session, sub_fund_id, lock=True)
    if body.invested_on > today:
        raise sf.invalid("#/invested_on", "invested_on is in the future.")
    if body.invested_on < row.registered_on:
        raise sf.invalid("#/invested_on", "invested_on precedes the sub-fund's registration.")
    key = company_key(body.company)
    facts = _company_facts(body.company, body.target.listed, body.stage_facts)
    stage: CompanyStage | None = None
    stage_findings: tuple[Any, ...] = ()
    if facts is not None:
        stage, stage_findings = classify_stage(
            facts, as_of=body.invested_on, params=params, region=row.region
        )

    decision = None
    status = ACCEPTED
    if body.source is Source.SUB_FUND:
        prior = await session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(investments.c.amount), 0)).where(
                investments.c.sub_fund_id == sub_fund_id,
                investments.c.company_key == key,
                investments.c.status == ACCEPTED,
                investments.c.source == Source.SUB_FUND.value,
                investments.c.asset_class == AssetClass.EQUITY.value,
            )
        )
        checked = check_investment(
            ProposedInvestment(
                target=TargetCompany(
                    name=body.company,
                    listed=body.target.listed,
                    is_partnership=body.target.is_partnership,
                    is_venture_capital_firm=body.target.is_venture_capital_firm,
                    real_estate_industry=body.target.real_estate_industry,
                    restricted_industry=body.target.restricted_industry,
                ),
                amount=body.amount,
                stake_after=body.stake_after if body.stake_after is not None else Decimal(0),
                gains_actual_control=body.gains_actual_control,
                asset_class=body.asset_class,
                bond_rating=body.bond_rating,
                approved_public_welfare_donation=body.approved_public_welfare_donation,
                funded_from_recovered_proceeds=body.funded_from_recovered_proceeds,
            ),
            subfund_size=row.size,
            prior_investments_in_company=Decimal(prior or 0),
            as_of=body.invested_on,
            params=params,
            region=row.region,
        )
        # The stage findings explain the company's stage; they judge nothing (never fail).
        decision = replace(checked, findings=checked.findings + tuple(stage_findings))
        status = REJECTED if decision.failed_rules else ACCEPTED

    now = datetime.now(UTC)
    decision_id = await store_decision(session, decision, principal) if decision else None
    investment_id = uuid.uuid4()
    values = {
        "investment_id": investment_id,
        "sub_fund_id": sub_fund_id,
        "source": body.source.value,
        "company": body.company,
        "company_key": key,
        "asset_class": body.asset_class.value,
        "amount": body.amount,
        "invested_on": body.invested_on,
        "stake_after": body.stake_after,
        "status": status,
        "failed_rules": decision.failed_rules if decision else [],
        "decision_id": decision_id,
        "stage": stage.value if stage else None,
        "facts": body.model_dump(mode="json"),
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(investments).values(**values))
    if status == ACCEPTED:
        await sf.touch(session, sub_fund_id, now)
    out = investment_out(values)
    await audit.append(
        session,
        principal,
        request_id,
        f"investment.{status}",
        "investment",
        investment_id,
        None,
        {k: v for k, v in out.items() if k not in ("facts", "created_at", "created_by")},
    )
    out["decision"] = sf.decision_out(decision) if decision else None
    return out


async def get_investment(
    session: AsyncSession, sub_fund_id: uuid.UUID, investment_id: uuid.UUID
) -> dict[str, Any]:
    await sf.get_row(session, sub_fund_id)
    row = (
        await session.execute(
            sa.select(investments).where(
                investments.c.investment_id == investment_id,
                investments.c.sub_fund_id == sub_fund_id,
            )
        )
    ).first()
    if row is None:
        raise ProblemError(
            NOT_FOUND,
            f"No investment {investment_id} of sub-fund {sub_fund_id}.",
            investment_id=str(investment_id),
        )
    return investment_out(row._asdict())


async def list_investments(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    *,
    status: str | None,
    company: str | None,
    source: str | None,
    after: int | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    await sf.get_row(session, sub_fund_id)
    cond = [investments.c.sub_fund_id == sub_fund_id]
    if status:
        cond.append(investments.c.status == status)
    if company:
        cond.append(investments.c.company_key == company_key(company))
    if source:
        cond.append(investments.c.source == source)
    page, cursor = await seq_page(
        session, sa.select(investments).where(*cond), investments.c.seq, after, limit=limit
    )
    return [investment_out(r._asdict()) for r in page], cursor


# ---- reinvestment -----------------------------------------------------------------------------


def evaluate(
    lines: Sequence[tuple[uuid.UUID | None, PortfolioInvestment]],
    *,
    mother_fund_commitment: Decimal,
    mother_fund_paid_in: Decimal | None,
    recognised_on: date,
    term: tuple[date, date] | None,
    params: ParameterSet,
    region: str | None,
    sub_fund_id: uuid.UUID | None,
) -> dict[str, Any]:
    """Credit, target, stage tests (when the paid-in is known) and what is missing.

    Relocations, acquisitions and subsidiaries count within the term and up to the day of
    recognition: later events are not facts yet on that day.
    """
    invs = [inv for _, inv in lines]
    term = (term[0] if term else date.min, min(term[1] if term else date.max, recognised_on))
    credit = credit_reinvestment(
        invs,
        mother_fund_commitment=mother_fund_commitment,
        recognised_on=recognised_on,
        params=params,
        region=region,
        term=term,
    )
    by_case: dict[str, Decimal] = {}
    for line in credit.lines:
        by_case[line.case.value] = by_case.get(line.case.value, ZERO) + line.credited
    missing: dict[str, Any] = {"reinvestment": credit.shortfall}
    stage_out = None
    decision = credit.decision
    if mother_fund_paid_in is not None:
        stages = check_stage_targets(
            invs,
            mother_fund_paid_in=mother_fund_paid_in,
            as_of=recognised_on,
            params=params,
            region=region,
        )
        decision = evaluate_portfolio(
            invs,
            mother_fund_commitment=mother_fund_commitment,
            mother_fund_paid_in=mother_fund_paid_in,
            recognised_on=recognised_on,
            params=params,
            region=region,
            term=term,
        )
        stage_out = {
            "mother_fund_paid_in": mother_fund_paid_in,
            "early_invested": stages.early_invested,
            "early_target": stages.early_target,
            "early_shortfall": stages.early_shortfall,
            "early_passes": stages.early_invested >= stages.early_target,
            "all_invested": stages.all_invested,
            "all_target": stages.all_target,
            "all_shortfall": stages.all_shortfall,
            "all_passes": stages.all_invested >= stages.all_target,
            "stages": dict(stages.stages),
            "unclassified": list(stages.unclassified),
        }
        missing |= {
            "early_stage": stages.early_shortfall,
            "all_stages": stages.all_shortfall,
            "company_facts_for": list(stages.unclassified),
        }
    return {
        "sub_fund_id": sub_fund_id,
        "recognised_on": recognised_on,
        "mother_fund_commitment": mother_fund_commitment,
        "target": credit.target,
        "credited_total": credit.credited_total,
        "shortfall": credit.shortfall,
        "passes": credit.credited_total >= credit.target,
        "by_case": by_case,
        "lines": [
            {
                "investment_id": investment_id,
                "company": line.company,
                "amount": line.amount,
                "invested_on": inv.invested_on,
                "case": line.case,
                "credited": line.credited,
                "candidates": {c.value: v for c, v in line.candidates.items()},
            }
            for (investment_id, inv), line in zip(lines, credit.lines, strict=True)
        ],
        "stage": stage_out,
        "missing": missing,
        "decision": sf.decision_out(decision),
    }


def reinvestment_calc(body: ReinvestmentCalc, *, params: ParameterSet) -> dict[str, Any]:
    lines = [
        (
            None,
            portfolio_investment(
                i.company,
                i.amount,
                i.invested_on,
                i.wenzhou,
                by_manager_other_fund=i.by_manager_other_fund,
                company_facts=_company_facts(i.company, i.listed, i.stage_facts),
            ),
        )
        for i in body.investments
    ]
    term = (body.term_start, body.term_end) if body.term_start and body.term_end else None
    return evaluate(
        lines,
        mother_fund_commitment=body.mother_fund_commitment,
        mother_fund_paid_in=body.mother_fund_paid_in,
        recognised_on=body.recognised_on,
        term=term,
        params=params,
        region=body.region,
        sub_fund_id=None,
    )


async def reinvestment(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    *,
    recognised_on: date,
    params: ParameterSet,
) -> dict[str, Any]:
    """The sub-fund's accepted equity investments up to `recognised_on`, as recorded."""
    row = await sf.get_row(session, sub_fund_id)
    rows = (
        await session.execute(
            sa.select(investments)
            .where(
                investments.c.sub_fund_id == sub_fund_id,
                investments.c.status == ACCEPTED,
                investments.c.asset_class == AssetClass.EQUITY.value,
                investments.c.invested_on <= recognised_on,
            )
            .order_by(investments.c.seq)
        )
    ).all()
    lines = []
    for r in rows:
        body = InvestmentCreate.model_validate(r.facts)
        assert body.wenzhou is not None  # equity investments carry their Wenzhou facts
        lines.append(
            (
                r.investment_id,
                portfolio_investment(
                    body.company,
                    body.amount,
                    body.invested_on,
                    body.wenzhou,
                    by_manager_other_fund=body.source is Source.MANAGER_OTHER_FUND,
                    company_facts=_company_facts(
                        body.company, body.target.listed, body.stage_facts
                    ),
                ),
            )
        )
    paid = sum(
        (a for a, _ in await sf.mother_fund_payments(session, sub_fund_id, through=recognised_on)),
        ZERO,
    )
    return evaluate(
        lines,
        mother_fund_commitment=row.mother_fund_commitment,
        mother_fund_paid_in=paid,
        recognised_on=recognised_on,
        term=(row.registered_on, sf.term_end(row)),
        params=params,
        region=row.region,
        sub_fund_id=sub_fund_id,
    )
