"""Every rule of the catalogue is evaluated somewhere: as a finding, a deadline or a refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from fund.domain import (
    RULES,
    Action,
    ActionFacts,
    ApplicationState,
    Buyer,
    CompanyFacts,
    EarlyExitFacts,
    FundDomainError,
    LprQuote,
    PaidInTranche,
    PayInFacts,
    PortfolioInvestment,
    PostLiquidationFacts,
    PreLiquidationFacts,
    ProductStatus,
    ProposedInvestment,
    Rating,
    TargetCompany,
    check_application,
    check_investment,
    classify_stage,
    concession_deadlines,
    credit_reinvestment,
    early_exit_floor,
    early_exit_triggers,
    evaluate_portfolio,
    mother_fund_fee,
    mother_fund_pay_in,
    notice_end,
    objection_due,
    pending_deadlines,
    post_liquidation_concession,
    pre_liquidation_price,
    reporting_schedule,
    signing_deadlines,
    transition,
)
from fund.domain.examples import EXAMPLE_APPLICATION, EXAMPLE_AS_OF
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.rules import Decision

ON = date(2024, 3, 20)


def test_every_rule_id_is_produced_by_some_evaluator() -> None:
    seen: set[str] = set()
    seen |= {
        f.rule_id
        for f in check_application(EXAMPLE_APPLICATION, DEFAULT_PARAMETERS, EXAMPLE_AS_OF).findings
    }
    company = CompanyFacts(
        "c", True, False, ProductStatus.PROTOTYPE, True, True, 10, D(0), False, True
    )
    seen |= {f.rule_id for f in classify_stage(company, as_of=ON)[1]}
    portfolio = [
        PortfolioInvestment("a", D("1000000.00"), date(2023, 1, 1), True, company_facts=company)
    ]
    seen |= {
        f.rule_id
        for f in evaluate_portfolio(
            portfolio, mother_fund_commitment=D(1), mother_fund_paid_in=D(1), recognised_on=ON
        ).findings
    }
    seen |= {f.rule_id for f in credit_exclusion().findings}
    target = TargetCompany("t", False, False, False)
    seen |= {
        f.rule_id
        for f in check_investment(
            ProposedInvestment(target, D(1), D("0.1")),
            subfund_size=D(100),
            prior_investments_in_company=D(0),
            as_of=ON,
        ).findings
    }
    seen |= {
        f.rule_id
        for f in mother_fund_fee(
            invested_total_at_year_start=D(1), rating=Rating.GOOD, as_of=ON
        ).decision.findings
    }
    pre = PreLiquidationFacts(Buyer.THIRD_PARTY, D(1), date(2018, 1, 2), ON, D(1), D(1), True)
    seen |= {
        f.rule_id
        for f in pre_liquidation_price(pre, lpr=LprQuote(D("0.0345"), ON)).decision.findings
    }
    seen |= {
        f.rule_id
        for f in pre_liquidation_price(
            replace(pre, base_date=date(2021, 1, 4)), lpr=None
        ).decision.findings
    }
    post = PostLiquidationFacts(D(1), D(2), D(1), True, True)
    seen |= {f.rule_id for f in post_liquidation_concession(post, as_of=ON).decision.findings}
    seen |= {
        f.rule_id
        for f in mother_fund_pay_in(
            PayInFacts(True, D(1), D(0), D(1), D(1), False), as_of=ON
        ).decision.findings
    }
    seen |= {
        f.rule_id for f in early_exit_triggers(EarlyExitFacts(date(2023, 1, 3)), as_of=ON).findings
    }
    seen |= {
        f.rule_id
        for f in early_exit_floor(
            [PaidInTranche(D(1), date(2023, 1, 3))], exit_on=ON, demand_deposit_rate=D("0.0035")
        ).decision.findings
    }
    deadlines = [
        notice_end(ON),
        objection_due(ON),
        *signing_deadlines(ON),
        *concession_deadlines(ON),
    ]
    deadlines += reporting_schedule(
        registered_on=date(2023, 1, 1), through=date(2023, 12, 31), major_events=[ON]
    )
    signed = ApplicationState(signed_on=ON)
    deadlines += pending_deadlines(signed)
    seen |= {d.rule_id for d in deadlines}
    seen |= {
        refusal(ApplicationState(), Action.APPROVE),
        refusal(at_expert_review(), Action.COMPLETE_EXPERT_REVIEW),
    }
    assert seen == {rule.id for rule in RULES}


def credit_exclusion() -> Decision:
    left = PortfolioInvestment(
        "g",
        D(1),
        date(2022, 1, 3),
        False,
        relocated_to_wenzhou_on=date(2023, 9, 1),
        moved_out_of_wenzhou_on=date(2023, 6, 30),
        stay_commitment_years=5,
    )
    return credit_reinvestment([left], mother_fund_commitment=D(1), recognised_on=ON).decision


def at_expert_review() -> ApplicationState:
    state = ApplicationState()
    for action in (Action.SUBMIT, Action.COMPLETE_PRE_REVIEW, Action.COMPLETE_DUE_DILIGENCE):
        state = transition(state, action, ActionFacts(ON, "officer"))
    return state


def refusal(state: ApplicationState, action: Action) -> str:
    with pytest.raises(FundDomainError) as err:
        transition(state, action, ActionFacts(ON, "officer"))
    return err.value.rule_id
