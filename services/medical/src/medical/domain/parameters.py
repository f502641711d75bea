"""Every figure the medical rules read, effective-dated from the policy's start and cited.

Defaults come from the text; where the text gives no figure the default is None (deliberately
unconfigured), so a computation that needs it raises ParameterNotConfigured instead of guessing.
Each value stays in force until replaced (also after the text's end date, see `validity`), and a
county may override any of them through the shared ParameterSet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govkit.rules import ParameterDefinition, ParameterSet, ParameterValue
from medical.domain.policy import EFFECTIVE_FROM, TEXT_VALID_UNTIL, VALIDITY_CLAUSE, clause

# Critical-illness insurance (大病保险): the ordinary terms come from the CI scheme, not this text.
CI_DEDUCTIBLE = "medical.critical_illness.deductible"
CI_RATIO = "medical.critical_illness.ratio"
CI_ANNUAL_CAP = "medical.critical_illness.annual_cap"
CI_NEEDY_DEDUCTIBLE_REDUCTION = "medical.critical_illness.needy_deductible_reduction"
CI_NEEDY_RATIO_FLOOR = "medical.critical_illness.needy_ratio_floor"
# Medical assistance (医疗救助).
MA_RATIO = "medical.assistance.ratio"
MA_RATIO_FLOOR = "medical.assistance.ratio_floor"
MA_ANNUAL_LIMIT = "medical.assistance.annual_limit"
# Layers 1 and 4, whose terms the text leaves to their own schemes.
BASIC_TERMS = "medical.basic.terms"
COMMERCIAL_TERMS = "medical.commercial.terms"
# High-cost resolution (高额医疗费用化解).
HIGH_COST_THRESHOLD = "medical.high_cost.threshold"
HIGH_COST_FUNDING_CHANNEL = "medical.high_cost.funding_channel"
# Enrolment (资助参保).
ENROL_SUBSIDY_RATIO = "medical.enrolment.subsidy_ratio"
ENROL_INDIVIDUAL_PREMIUM = "medical.enrolment.individual_premium"
# Monitoring.
RISK_SELF_PAY_THRESHOLD = "medical.risk_watch.self_pay_threshold"
RISK_INCOME_RATIO_THRESHOLD = "medical.risk_watch.self_pay_income_ratio_threshold"
RISK_FEED_MAX_AGE_DAYS = "medical.risk_watch.feed_max_age_days"
SELFPAY_SHARE_MAX = "medical.selfpay_share.max_out_of_catalogue_share"
# Validity.
POLICY_VALID_UNTIL = "medical.policy.valid_until"

_NO_FIGURE = "（原文未给出数值，须由经办机构配置）"


def _define(path: str, description: str, unit: str, value: Any, source: str) -> ParameterDefinition:
    return ParameterDefinition(
        path=path,
        description=description,
        unit=unit,
        default=ParameterValue(path, value, EFFECTIVE_FROM, None, source),
    )


PARAMETERS: tuple[ParameterDefinition, ...] = (
    _define(
        CI_DEDUCTIBLE,
        "Ordinary residents' annual critical-illness deductible (大病保险起付标准)",
        "CNY",
        None,
        clause("三（三）9") + " 起付标准线" + _NO_FIGURE,
    ),
    _define(
        CI_RATIO,
        "Ordinary residents' critical-illness payment ratio (大病保险支付比例)",
        "ratio",
        None,
        clause("三（三）9") + " 支付比例" + _NO_FIGURE,
    ),
    _define(
        CI_ANNUAL_CAP,
        "Ordinary residents' annual critical-illness cap (大病保险封顶线); the needy have none",
        "CNY",
        None,
        clause("三（三）9") + " 封顶线" + _NO_FIGURE,
    ),
    _define(
        CI_NEEDY_DEDUCTIBLE_REDUCTION,
        "Reduction of the critical-illness deductible for the needy",
        "ratio",
        Decimal("0.50"),
        clause("三（三）9") + " 起付标准线降低50%",
    ),
    _define(
        CI_NEEDY_RATIO_FLOOR,
        "Lowest critical-illness ratio for the needy",
        "ratio",
        Decimal("0.80"),
        clause("三（三）9") + " 支付比例达到80%以上",
    ),
    _define(
        MA_RATIO,
        "Medical-assistance ratio for the needy (a county may set it above the floor)",
        "ratio",
        Decimal("0.80"),
        clause("三（三）9") + " 困难群众救助比例不低于80%",
    ),
    _define(
        MA_RATIO_FLOOR,
        "Lowest medical-assistance ratio for the needy",
        "ratio",
        Decimal("0.80"),
        clause("三（三）9") + " 困难群众救助比例不低于80%",
    ),
    _define(
        MA_ANNUAL_LIMIT,
        "Annual medical-assistance limit per person (none for 特困)",
        "CNY",
        Decimal("100000.00"),
        clause("三（三）9") + " 救助限额为每人每年10万元，其中特困人员取消救助限额",
    ),
    _define(
        BASIC_TERMS,
        "Basic-insurance terms used when a claim carries no basic payout: "
        "{deductible, ratios: {primary, secondary, tertiary}, annual_cap}",
        "terms",
        None,
        clause("三（三）9")
        + "；"
        + clause("三（二）4")
        + " 适当提高基层医疗机构报销比例"
        + _NO_FIGURE,
    ),
    _define(
        COMMERCIAL_TERMS,
        "Policy commercial supplementary insurance terms: {deductible, in_policy_ratio, "
        "over_limit_drug_ratio, special_drug_ratio, annual_cap}",
        "terms",
        None,
        clause("三（三）10") + _NO_FIGURE,
    ),
    _define(
        HIGH_COST_THRESHOLD,
        "Year's self-pay above which high costs are resolved through other channels",
        "CNY",
        Decimal("50000.00"),
        clause("三（三）11") + " 自负金额仍超5万元以上，由各地多渠道化解至5万元以下",
    ),
    _define(
        HIGH_COST_FUNDING_CHANNEL,
        "Who funds the high-cost resolution",
        "text",
        "县（市、区）慈善医疗救助共富基金等多渠道化解",
        clause("三（三）11")
        + " 由各县（市、区）各自筹集设立……“慈善医疗救助共富基金”，专项用于……高额医疗费用化解",
    ),
    _define(
        ENROL_SUBSIDY_RATIO,
        "Share of the individual resident-insurance premium paid by government for the needy",
        "ratio",
        Decimal("1.00"),
        clause("三（三）8") + " 个人缴费部分由政府予以全额补助",
    ),
    _define(
        ENROL_INDIVIDUAL_PREMIUM,
        "Individual resident-insurance premium for the year (set yearly, outside this text)",
        "CNY",
        None,
        clause("三（三）8") + " 个人缴费部分" + _NO_FIGURE,
    ),
    _define(
        RISK_SELF_PAY_THRESHOLD,
        "Year's self-pay at or above which a person is flagged for proactive assistance",
        "CNY",
        None,
        clause("三（一）3") + " 及早发现因病致贫返贫风险" + _NO_FIGURE,
    ),
    _define(
        RISK_INCOME_RATIO_THRESHOLD,
        "Ratio of the year's self-pay to household income at or above which a person is flagged",
        "ratio",
        None,
        clause("三（一）3") + " 及早发现因病致贫返贫风险" + _NO_FIGURE,
    ),
    _define(
        RISK_FEED_MAX_AGE_DAYS,
        "Days after its as-of date a department's feed counts as stale on the watch list",
        "days",
        31,
        clause("三（一）3")
        + " 整合医保、民政、卫健、残联等单位数据……动态监测（原文未给出更新周期；缺省按月交换，"
        "可由经办机构配置）",
    ),
    _define(
        SELFPAY_SHARE_MAX,
        "Highest share of out-of-catalogue cost in the needy's bills at one designated hospital",
        "ratio",
        None,
        clause("三（二）7") + " 探索将困难群众自费费用最高占比纳入协议管理范围" + _NO_FIGURE,
    ),
    _define(
        POLICY_VALID_UNTIL,
        "Last day of the plan's validity; later claims are computed but warned",
        "date",
        TEXT_VALID_UNTIL,
        VALIDITY_CLAUSE + " 有效期至2025年12月31日",
    ),
)


def default_parameters() -> ParameterSet:
    """The baseline: the text's figures, nothing configured by any county."""
    return ParameterSet(PARAMETERS)
