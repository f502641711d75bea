"""Stateless checks of applications, investments and company stage.

Each answers the domain's Decision: every applicable rule's finding (rule ID, clause, outcome,
bilingual message, the facts and parameter values used), the overall outcome, the rules version
and the parameters in force on the evaluation day with their citations. Nothing is stored.
"""

from __future__ import annotations

from fastapi import APIRouter

from fund.api.check_schemas import (
    ApplicationCheck,
    CheckDecisionOut,
    CompanyStageCheck,
    CompanyStageOut,
    InvestmentCheck,
)
from fund.api.computations import post_computation
from fund.api.deps import PREFIX, documented
from fund.service import checks as svc
from govkit.http.problem import RULE_VIOLATION, VALIDATION
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED

router = APIRouter(prefix=PREFIX, tags=["checks"])

_WHAT_IF = (
    " `parameter_overrides` (what-if) apply to this evaluation only, never to the baseline. "
    "Not stored: the answer carries `stored: false` and no `decision_id`."
)

post_computation(
    router,
    "/checks/application",
    ApplicationCheck,
    svc.application,
    name="check_application",
    summary="子基金申请检查 Check a sub-fund application against every application-time rule",
    description="按评估日（`as_of`，缺省今天）的规则与参数检查子基金设立（或增资）申请：法律形式、规模、"
    "科技创投基金出资比例及是否第一大出资人、存续期限、管理费、注册地、申请机构（境内或境外）、"
    "管理机构、团队、业绩、出资意向、增资条件、过渡期。阈值均含本数。 Evaluates legal form, size, "
    "the mother fund's ratio and rank among contributors, term, fees, domicile, applicant "
    "(domestic or foreign), manager, team, track record, confirmed commitments, capital increase "
    "and transition (八); thresholds are inclusive. `failed_rules` names every failing rule; "
    "`warned_rules` those flagged for a decision (e.g. FUND-SUB-DOMICILE outside Wenzhou)."
    + _WHAT_IF,
    responses=documented(
        CheckDecisionOut,
        200,
        "The Decision",
        VALIDATION,
        RULE_VIOLATION,
        CALENDAR_YEAR_NOT_PUBLISHED,
    ),
)

post_computation(
    router,
    "/checks/investment",
    InvestmentCheck,
    svc.investment,
    name="check_investment",
    summary="投资检查 Check one portfolio investment (FUND-INV-*)",
    description="子基金的一笔投资：投资对象未上市、非合伙企业、非创业投资企业；对单个企业累计投资不超过"
    "子基金总规模的20%（含本数，含此前投资）；原则上不控股；不属于禁止事项；不使用投资回收资金。 "
    "The target, the cumulative position in the company against the sub-fund's size (prior "
    "investments included; 20% inclusive), control, prohibited uses and recycled proceeds."
    + _WHAT_IF,
    responses=documented(CheckDecisionOut, 200, "The Decision", VALIDATION, RULE_VIOLATION),
)

post_computation(
    router,
    "/checks/company-stage",
    CompanyStageCheck,
    svc.company_stage,
    name="check_company_stage",
    summary="企业阶段认定 Classify a company: seed, start-up, growth or none (FUND-STAGE-*)",
    description="种子期、初创期、成长期科技企业（一（二）），取最早符合的阶段；每个阶段一条结论说明"
    "符合或不符合的理由（不符合为 not_applicable，不是 fail）。 The earliest stage the company meets, "
    "with one finding per stage saying why or why not." + _WHAT_IF,
    responses=documented(CompanyStageOut, 200, "The stage with its Decision", VALIDATION),
)
