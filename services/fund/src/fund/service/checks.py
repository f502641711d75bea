"""Stateless checks and calculators: the domain evaluators over a request, as JSON bodies.

Nothing here is stored. A check is an evaluation a client may repeat at will (like medical's
simulate and pay-later), so its Decision is returned with `stored: false` and no decision_id;
decisions that change state (an application's check on creation) are stored by their use case.
The API answers them with `govkit.http.responses.json_response`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fund.api.calc_schemas import MotherFundFeeCalc, PostLiquidationCalc, SubFundFeeCapCalc
from fund.api.check_schemas import ApplicationCheck, CompanyStageCheck, InvestmentCheck
from fund.domain import (
    RULES,
    FeePeriod,
    PostLiquidationFacts,
    check_application,
    check_investment,
    check_subfund_fee,
    classify_stage,
    mother_fund_fee,
    post_liquidation_concession,
    subfund_fee_cap,
)
from fund.domain.evaluation import Evaluation
from govkit.calendar import today_shanghai
from govkit.platform.computations import decision_body, scenario, what_if
from govkit.rules import ParameterSet

# ---- checks -----------------------------------------------------------------------------------


def application(body: ApplicationCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_application(body.to_domain(), used, body.as_of or today_shanghai())
    return decision_body(decision, body.parameter_overrides)


def investment(body: InvestmentCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_investment(
            body.to_domain(),
            subfund_size=body.subfund_size,
            prior_investments_in_company=body.prior_investments_in_company,
            as_of=body.as_of or today_shanghai(),
            params=used,
            region=body.region,
        )
    return decision_body(decision, body.parameter_overrides)


def company_stage(body: CompanyStageCheck, params: ParameterSet) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        stage, findings = classify_stage(
            body.to_domain(), as_of=as_of, params=used, region=body.region
        )
    # The same Decision an evaluator builds: validity window, parameters with their citations.
    ev = Evaluation(used, as_of, body.region)
    ev.findings.extend(findings)
    for finding in findings:
        for path in finding.parameters:
            ev.resolve(path)
    out = decision_body(
        ev.decision("fund.company_stage", {"stage": stage.value}), body.parameter_overrides
    )
    out["stage"] = stage.value
    return out


# ---- calculators ------------------------------------------------------------------------------

_FEE_RULE = {
    FeePeriod.INVESTMENT: "FUND-SUB-FEE-INVEST",
    FeePeriod.EXIT: "FUND-SUB-FEE-EXIT",
    FeePeriod.EXTENSION: "FUND-SUB-FEE-EXTENSION",
}


def cited_parameters(
    params: ParameterSet, rule_id: str, as_of: date, region: str | None
) -> dict[str, Any]:
    """The rule's parameters in force at `as_of`, with their effective dates and citations."""
    ev = Evaluation(params, as_of, region)
    for path in RULES[rule_id].parameters:
        ev.resolve(path)
    return dict(ev.decision("fund.parameters").parameters_used)


def sub_fund_fee_cap(body: SubFundFeeCapCalc, params: ParameterSet) -> dict[str, Any]:
    as_of = body.as_of or today_shanghai()
    used = scenario(params, body.parameter_overrides)
    paid_in = body.paid_in_total or Decimal(0)
    unexited = body.unexited_principal or Decimal(0)
    with what_if(body.parameter_overrides):
        cap = subfund_fee_cap(
            body.period,
            paid_in_total=paid_in,
            unexited_principal=unexited,
            as_of=as_of,
            params=used,
            region=body.region,
        )
    rule_id = _FEE_RULE[body.period]
    parameters_used = cited_parameters(used, rule_id, as_of, body.region)
    out: dict[str, Any] = {
        "period": cap.period.value,
        "rule_id": rule_id,
        "clause": RULES[rule_id].clause,
        "as_of": as_of,
        "rate_cap": cap.rate_cap,
        "basis": "unexited_principal" if body.period is FeePeriod.EXIT else "paid_in_total",
        "basis_amount": cap.basis,
        "annual_cap": cap.annual_cap,
        "charged": None,
        "excess": None,
        "within_cap": None,
        "parameters_used": parameters_used,
        "parameter_overrides": dict(body.parameter_overrides),
        "decision": None,
    }
    if body.charged is not None:
        with what_if(body.parameter_overrides):
            decision = check_subfund_fee(
                body.period,
                charged=body.charged,
                paid_in_total=paid_in,
                unexited_principal=unexited,
                as_of=as_of,
                params=used,
                region=body.region,
            )
        excess = decision.result["excess"]
        out.update(
            charged=body.charged,
            excess=f"{excess:.2f}",
            within_cap=not excess,
            decision=decision_body(decision, body.parameter_overrides),
        )
    return out


def mother_fund_fee_calc(body: MotherFundFeeCalc, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        fee = mother_fund_fee(
            invested_total_at_year_start=body.invested_total_at_year_start,
            rating=body.rating,
            as_of=body.as_of or today_shanghai(),
            params=used,
            region=body.region,
        )
    return {
        "invested_total_at_year_start": fee.base,
        "rating": fee.rating.value if fee.rating else None,
        "rate": fee.rate,
        "annual_fee": fee.annual_fee,
        "upfront_draw": fee.upfront_draw,
        "balance": fee.balance,
        "decision": decision_body(fee.decision, body.parameter_overrides),
    }


def post_liquidation(body: PostLiquidationCalc, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        result = post_liquidation_concession(
            PostLiquidationFacts(
                mother_fund_paid_in=body.mother_fund_paid_in,
                credited_reinvestment=body.credited_reinvestment,
                mother_fund_total_returns=body.mother_fund_total_returns,
                recovered_principal_and_agreed_returns=body.recovered_principal_and_agreed_returns,
                investments_compliant=body.investments_compliant,
                manager_concession=body.manager_concession,
            ),
            as_of=body.as_of or today_shanghai(),
            params=used,
            region=body.region,
        )
    return {
        "reinvestment_ratio": result.reinvestment_ratio,
        "band_rate": result.tier_rate,
        "band": f"{(result.tier_rate * 100).normalize():f}%",
        "concession": result.concession,
        "manager_minimum": result.manager_minimum,
        "mother_fund_total_returns": body.mother_fund_total_returns,
        "decision": decision_body(result.decision, body.parameter_overrides),
    }
