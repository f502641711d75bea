"""一（二）: seed, start-up and growth companies — classification with its reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from fund.domain import parameters as p
from fund.domain.evaluation import NOT_APPLICABLE, PASS, Evaluation
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.rules import Finding, ParameterSet


class CompanyStage(StrEnum):
    SEED = "seed"  # 种子期
    STARTUP = "startup"  # 初创期
    GROWTH = "growth"  # 成长期
    NONE = "none"  # none of the three


class ProductStatus(StrEnum):
    CONCEPT = "concept"  # 仅有概念
    PROTOTYPE = "prototype"  # 仅有原型产品
    MARKETED = "marketed"  # 已形成销售的产品


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """A company as it stood when the sub-fund invested (revenue is the prior year's)."""

    name: str
    independent_legal_person: bool
    listed: bool
    product_status: ProductStatus
    little_or_no_sales: bool  # 没有或很少销售收入 (the text sets no figure)
    high_tech_or_business_model: bool  # 主要从事高新技术产品研发、生产和服务或具有商业模式创新
    employees: int
    prior_year_revenue: Decimal
    national_high_tech_enterprise: bool  # 已认定国家高新技术企业
    recognised_tech_sme: bool  # 经市级及以上科技部门认定的科技型中小企业


def classify_stage(
    company: CompanyFacts,
    *,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> tuple[CompanyStage, tuple[Finding, ...]]:
    """The earliest stage the company meets, and one finding per stage saying why (or why not).

    A stage not met is `not_applicable`, not `fail`: classification judges no one.
    """
    ev = Evaluation(params, as_of, region)
    seed = _seed(ev, company)
    startup = _startup(ev, company)
    growth = _growth(ev, company)
    stage = (
        CompanyStage.SEED
        if seed
        else CompanyStage.STARTUP
        if startup
        else CompanyStage.GROWTH
        if growth
        else CompanyStage.NONE
    )
    return stage, tuple(ev.findings)


def _seed(ev: Evaluation, c: CompanyFacts) -> bool:
    facts = {
        "independent_legal_person": c.independent_legal_person,
        "product_status": c.product_status,
        "little_or_no_sales": c.little_or_no_sales,
    }
    unmet_zh: list[str] = []
    unmet_en: list[str] = []
    if not c.independent_legal_person:
        unmet_zh.append("不具有独立法人资格")
        unmet_en.append("not an independent legal person")
    if c.product_status is ProductStatus.MARKETED:
        unmet_zh.append("产品已不止于原型或概念")
        unmet_en.append("the product is past prototype or concept")
    if not c.little_or_no_sales:
        unmet_zh.append("已有一定销售收入")
        unmet_en.append("has more than little sales revenue")
    return _stage_finding(ev, "FUND-STAGE-SEED", "种子期", "seed", unmet_zh, unmet_en, facts, {})


def _startup(ev: Evaluation, c: CompanyFacts) -> bool:
    max_staff = ev.count(p.STARTUP_MAX_EMPLOYEES)
    revenue_path = (
        p.STARTUP_MAX_REVENUE_HNTE if c.national_high_tech_enterprise else p.STARTUP_MAX_REVENUE
    )
    max_revenue = ev.dec(revenue_path)
    facts = {
        "listed": c.listed,
        "high_tech_or_business_model": c.high_tech_or_business_model,
        "employees": c.employees,
        "prior_year_revenue": c.prior_year_revenue,
        "national_high_tech_enterprise": c.national_high_tech_enterprise,
    }
    unmet_zh: list[str] = []
    unmet_en: list[str] = []
    if c.listed:
        unmet_zh.append("已上市")
        unmet_en.append("listed")
    if not c.high_tech_or_business_model:
        unmet_zh.append("非主要从事高新技术产品研发、生产和服务或商业模式创新")
        unmet_en.append(
            "not mainly in high-tech R&D/production/services or business-model innovation"
        )
    if c.employees > max_staff:  # 300人以下: 300 included
        unmet_zh.append(f"职工{c.employees}人，超过{max_staff}人")
        unmet_en.append(f"{c.employees} employees, more than {max_staff}")
    if c.prior_year_revenue > max_revenue:  # 以下: inclusive
        unmet_zh.append(f"上年营业收入{c.prior_year_revenue}元，超过{max_revenue}元")
        unmet_en.append(f"prior-year revenue {c.prior_year_revenue} above {max_revenue}")
    used = {p.STARTUP_MAX_EMPLOYEES: max_staff, revenue_path: max_revenue}
    return _stage_finding(
        ev, "FUND-STAGE-STARTUP", "初创期", "start-up", unmet_zh, unmet_en, facts, used
    )


def _growth(ev: Evaluation, c: CompanyFacts) -> bool:
    max_revenue = ev.dec(p.GROWTH_MAX_REVENUE)
    facts = {
        "recognised_tech_sme": c.recognised_tech_sme,
        "prior_year_revenue": c.prior_year_revenue,
    }
    unmet_zh: list[str] = []
    unmet_en: list[str] = []
    if not c.recognised_tech_sme:
        unmet_zh.append("未经市级及以上科技部门认定为科技型中小企业")
        unmet_en.append("not recognised as a tech SME at city level or above")
    if c.prior_year_revenue > max_revenue:  # 不超过: inclusive
        unmet_zh.append(f"上年营业收入{c.prior_year_revenue}元，超过{max_revenue}元")
        unmet_en.append(f"prior-year revenue {c.prior_year_revenue} above {max_revenue}")
    return _stage_finding(
        ev,
        "FUND-STAGE-GROWTH",
        "成长期",
        "growth",
        unmet_zh,
        unmet_en,
        facts,
        {p.GROWTH_MAX_REVENUE: max_revenue},
    )


def _stage_finding(
    ev: Evaluation,
    rule_id: str,
    zh: str,
    en: str,
    unmet_zh: list[str],
    unmet_en: list[str],
    facts: dict[str, object],
    used: dict[str, object],
) -> bool:
    if unmet_zh:
        ev.add(
            rule_id,
            NOT_APPLICABLE,
            f"不属于{zh}科技企业：" + "；".join(unmet_zh) + "。",
            f"Not a {en}-stage company: " + "; ".join(unmet_en) + ".",
            facts,
            used,
        )
        return False
    ev.add(rule_id, PASS, f"属于{zh}科技企业。", f"A {en}-stage company.", facts, used)
    return True
