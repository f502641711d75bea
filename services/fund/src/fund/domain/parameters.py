"""Every figure the fund rules read: defaults from the text, effective-dated and cited.

Rules never hard-code a threshold; they read it from a `ParameterSet` at the law's date and the
sub-fund's region, so regional overrides and what-if copies (`with_overrides`) just work.
Ratios are fractions (0.40 = 40%); money is yuan (`Decimal`); periods are whole units.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fund.domain.policy import EFFECTIVE_FROM, EFFECTIVE_TO, clause
from govkit.rules import ParameterDefinition, ParameterSet, ParameterValue

# 一（二） company stages
STARTUP_MAX_EMPLOYEES = "fund.stage.startup.max_employees"
STARTUP_MAX_REVENUE = "fund.stage.startup.max_revenue"
STARTUP_MAX_REVENUE_HNTE = "fund.stage.startup.max_revenue_hnte"
GROWTH_MAX_REVENUE = "fund.stage.growth.max_revenue"
# 三（一） sub-fund set-up
SIZE_MIN = "fund.subfund.size_min"
MOTHER_RATIO_MAX = "fund.subfund.mother_ratio_max"
TERM_MAX_YEARS = "fund.subfund.term.max_years"
INVESTMENT_PERIOD_MAX_YEARS = "fund.subfund.term.investment_period_max_years"
EXIT_PERIOD_MAX_YEARS = "fund.subfund.term.exit_period_max_years"
EXTENSION_MAX_YEARS = "fund.subfund.term.extension_max_years"
REINVEST_MULTIPLE = "fund.subfund.reinvest.multiple"
CREDIT_RELOCATION_FACTOR = "fund.subfund.reinvest.relocation_factor"
CREDIT_TALENT_FACTOR = "fund.subfund.reinvest.talent_factor"
CREDIT_ACQUISITION_FACTOR = "fund.subfund.reinvest.acquisition_factor"
CREDIT_ACQUISITION_STAKE_ABOVE = "fund.subfund.reinvest.acquisition_stake_above"
CREDIT_OTHER_FUND_FACTOR = "fund.subfund.reinvest.other_fund_factor"
EXCLUDE_MOVED_OUT_YEARS = "fund.subfund.reinvest.moved_out_lookback_years"
STAY_COMMITMENT_YEARS = "fund.subfund.reinvest.stay_commitment_years"
STAGE_EARLY_MULTIPLE = "fund.subfund.stage.early_multiple"
STAGE_ALL_MULTIPLE = "fund.subfund.stage.all_multiple"
FEE_INVESTMENT_MAX = "fund.subfund.fee.investment_period_max_rate"
FEE_EXIT_MAX = "fund.subfund.fee.exit_period_max_rate"
FEE_EXTENSION_MAX = "fund.subfund.fee.extension_period_max_rate"
# 三（二） applicant and manager
APPLICANT_PAID_IN_MIN = "fund.applicant.paid_in_min"
FOREIGN_CAPITAL_MIN_USD = "fund.applicant.foreign.registered_capital_min_usd"
FOREIGN_OPERATING_YEARS_MIN = "fund.applicant.foreign.operating_years_min"
FOREIGN_AUM_MIN_USD = "fund.applicant.foreign.aum_min_usd"
FOREIGN_SENIOR_YEARS = "fund.applicant.foreign.senior_people_years"
FOREIGN_SENIOR_COUNT = "fund.applicant.foreign.senior_people_count"
FOREIGN_EXPERIENCED_YEARS = "fund.applicant.foreign.experienced_people_years"
FOREIGN_EXPERIENCED_COUNT = "fund.applicant.foreign.experienced_people_count"
MANAGER_PAID_IN_MIN = "fund.manager.paid_in_min"
MANAGER_COMMIT_MIN = "fund.manager.commitment_min_ratio"
MANAGER_COMMIT_MIN_WITH_AFFILIATES = "fund.manager.commitment_min_ratio_with_affiliates"
TEAM_MIN_SENIORS = "fund.manager.team.min_senior_managers"
TEAM_MIN_YEARS = "fund.manager.team.min_years"
TRACK_MIN_AUM = "fund.manager.track.min_filed_vc_aum"
TRACK_MIN_CASES = "fund.manager.track.min_successful_cases"
TRACK_MIN_CORE_MEMBERS = "fund.manager.track.min_core_members"
# 三（三）（四） procedure
EXPERTS_MIN = "fund.procedure.experts_min"
NOTICE_WORKING_DAYS = "fund.procedure.notice_working_days"
OBJECTION_WORKING_DAYS = "fund.procedure.objection_working_days"
FILING_WORKING_DAYS = "fund.procedure.filing_working_days"
SIGN_MONTHS = "fund.procedure.sign_months"
TERMINATION_REPORT_MONTHS = "fund.procedure.termination_report_months"
SIGN_EXTENSION_MAX_MONTHS = "fund.procedure.sign_extension_max_months"
# 三（五）, 六（六） portfolio investments
INV_SINGLE_MAX_RATIO = "fund.investment.single_company_max_ratio"
INV_CONTROL_ABOVE = "fund.investment.control_stake_above"
INV_BOND_RATING_FLOOR = "fund.investment.bond_rating_floor"
# 五（一） mother-fund management fee
MGMT_FEE_RATE_EXCELLENT = "fund.mgmt_fee.rate.excellent"
MGMT_FEE_RATE_GOOD = "fund.mgmt_fee.rate.good"
MGMT_FEE_RATE_QUALIFIED = "fund.mgmt_fee.rate.qualified"
MGMT_FEE_RATE_BELOW_STANDARD = "fund.mgmt_fee.rate.below_standard"
MGMT_FEE_UPFRONT_SHARE = "fund.mgmt_fee.upfront_share"
# 五（二） concessions
CONC_MANAGER_SHARE_MIN = "fund.concession.manager_share_min"
CONC_FREE_YEARS = "fund.concession.pre.free_years"
CONC_MIN_INVESTED_RATIO = "fund.concession.pre.min_invested_ratio"
CONC_DAY_COUNT = "fund.concession.pre.day_count_basis"
CONC_TIER1_MIN = "fund.concession.post.tier1_min_ratio"
CONC_TIER1_RATE = "fund.concession.post.tier1_rate"
CONC_TIER2_ABOVE = "fund.concession.post.tier2_above_ratio"
CONC_TIER2_RATE = "fund.concession.post.tier2_rate"
CONC_TIER3_ABOVE = "fund.concession.post.tier3_above_ratio"
CONC_TIER3_RATE = "fund.concession.post.tier3_rate"
# 五（三） concession procedure
CONC_REVIEW_WORKING_DAYS = "fund.concession.procedure.review_working_days"
CONC_SUBMISSION_WORKING_DAYS = "fund.concession.procedure.submission_working_days"
CONC_NOTICE_START_WORKING_DAYS = "fund.concession.procedure.notice_start_working_days"
CONC_NOTICE_WORKING_DAYS = "fund.concession.procedure.notice_working_days"
CONC_OBJECTION_WORKING_DAYS = "fund.concession.procedure.objection_working_days"
CONC_EXECUTION_WORKING_DAYS = "fund.concession.procedure.execution_working_days"
# 六 risk control
RISK_CONFIRMED_RATIO = "fund.risk.confirmed_commitment_min_ratio"
RISK_INCREASE_MAX_MONTHS = "fund.risk.capital_increase_max_months"
RISK_PRIORITY_RANK_MAX = "fund.risk.priority_rank_max"
REPORT_MAJOR_DAYS = "fund.report.major_event_days"
REPORT_QUARTERLY_MONTHS = "fund.report.quarterly_months"
REPORT_ANNUAL_MONTHS = "fund.report.annual_months"
EXIT_REGISTRATION_MONTHS = "fund.early_exit.registration_months"
EXIT_FILING_YEARS = "fund.early_exit.filing_and_first_investment_years"
EXIT_IDLE_YEARS = "fund.early_exit.idle_years"
EXIT_DEPOSIT_DAY_COUNT = "fund.early_exit.deposit_day_count_basis"
# 八 transition
TRANSITION_LEGACY_SIGNED_THROUGH = "fund.transition.legacy_signed_through"
TRANSITION_OPT_IN_MONTHS = "fund.transition.opt_in_months"


def _define(
    path: str, description: str, unit: str, value: Any, ref: str, quote: str
) -> ParameterDefinition:
    source = f"{clause(ref)}「{quote}」"
    default = ParameterValue(path, value, EFFECTIVE_FROM, EFFECTIVE_TO, source)
    return ParameterDefinition(path=path, description=description, unit=unit, default=default)


D = Decimal
_SUB1 = "三（一）"
_LPR_NOTE = "不满整年按实际天数除以365天折算"

PARAMETERS: tuple[ParameterDefinition, ...] = (
    _define(
        STARTUP_MAX_EMPLOYEES,
        "Start-up stage: most employees (inclusive, in principle)",
        "people",
        300,
        "一（二）",
        "原则上企业在职职工人数在300人以下",
    ),
    _define(
        STARTUP_MAX_REVENUE,
        "Start-up stage: most prior-year revenue",
        "CNY",
        D("50000000"),
        "一（二）",
        "企业上一年度营业收入在5000万元人民币以下",
    ),
    _define(
        STARTUP_MAX_REVENUE_HNTE,
        "Start-up stage: most prior-year revenue for a national high-tech enterprise",
        "CNY",
        D("100000000"),
        "一（二）",
        "已认定国家高新技术企业的，可放宽至1亿元",
    ),
    _define(
        GROWTH_MAX_REVENUE,
        "Growth stage: most prior-year revenue (in principle)",
        "CNY",
        D("200000000"),
        "一（二）",
        "原则上上一年度营业收入不超过2亿元",
    ),
    _define(
        SIZE_MIN,
        "Sub-fund: least total subscribed size",
        "CNY",
        D("50000000"),
        f"{_SUB1}1",
        "基金规模：原则上不少于5000万元人民币",
    ),
    _define(
        MOTHER_RATIO_MAX,
        "Mother fund: largest share of the sub-fund's total subscribed capital",
        "ratio",
        D("0.40"),
        f"{_SUB1}2",
        "原则上不超过子基金认缴出资总额的40%",
    ),
    _define(
        TERM_MAX_YEARS,
        "Sub-fund term (investment + exit periods), longest",
        "years",
        8,
        f"{_SUB1}3",
        "原则上不超过8年（含）",
    ),
    _define(
        INVESTMENT_PERIOD_MAX_YEARS,
        "Investment period, longest",
        "years",
        4,
        f"{_SUB1}3",
        "投资期不超过4年（含）",
    ),
    _define(
        EXIT_PERIOD_MAX_YEARS,
        "Exit period, longest",
        "years",
        4,
        f"{_SUB1}3",
        "退出期不超过4年（含）",
    ),
    _define(
        EXTENSION_MAX_YEARS,
        "Extension period (committee approval required), longest",
        "years",
        2,
        f"{_SUB1}3",
        "经管委会批准后延长期不超过2年（含）",
    ),
    _define(
        REINVEST_MULTIPLE,
        "Wenzhou investment: least multiple of the mother fund's commitment",
        "multiple",
        D("1.5"),
        f"{_SUB1}5",
        "投资于温州市注册企业的资金不低于科技创投基金出资额的1.5倍",
    ),
    _define(
        CREDIT_RELOCATION_FACTOR,
        "Credit for an outside company relocating to Wenzhou",
        "multiple",
        D(2),
        f"{_SUB1}5（1）",
        "注册地迁往温州的，按基金实际投资额2倍计算",
    ),
    _define(
        CREDIT_TALENT_FACTOR,
        "Credit for a leading-talent or high-level innovation-team project",
        "multiple",
        D(2),
        f"{_SUB1}5（2）",
        "领军型人才创业项目…和市级及以上高水平创新团队项目的按基金实际投资额2倍计算",
    ),
    _define(
        CREDIT_ACQUISITION_FACTOR,
        "Credit for an outside company acquired by a Wenzhou company",
        "multiple",
        D(1),
        f"{_SUB1}5（3）",
        "被温州市内注册企业收购…的，按基金实际投资额计算",
    ),
    _define(
        CREDIT_ACQUISITION_STAKE_ABOVE,
        "Acquisition counts only above this stake (exclusive)",
        "ratio",
        D("0.50"),
        f"{_SUB1}5（3）",
        "限于持股比例大于50%的收购",
    ),
    _define(
        CREDIT_OTHER_FUND_FACTOR,
        "Credit for the manager's other funds' Wenzhou investments",
        "multiple",
        D(1),
        f"{_SUB1}5（4）",
        "子基金管理机构管理的其他基金投资到温州市注册企业的…按基金实际投资额计算",
    ),
    _define(
        EXCLUDE_MOVED_OUT_YEARS,
        "Look-back: a company that left Wenzhou this recently is not an outside company",
        "years",
        2,
        f"{_SUB1}5",
        "应不属于自认定之日前2年从温州市迁移出去的企业",
    ),
    _define(
        STAY_COMMITMENT_YEARS,
        "Relocation or subsidiary must commit to stay in Wenzhou this long",
        "years",
        5,
        f"{_SUB1}5",
        "都应承诺5年内不迁出温州",
    ),
    _define(
        STAGE_EARLY_MULTIPLE,
        "Seed + start-up investment: least multiple of the mother fund's paid-in",
        "multiple",
        D("0.5"),
        f"{_SUB1}6",
        "投资于温州市种子期、初创期科技企业的资金额不低于科技创投基金实缴出资额的0.5倍",
    ),
    _define(
        STAGE_ALL_MULTIPLE,
        "Seed + start-up + growth investment: least multiple of the mother fund's paid-in",
        "multiple",
        D(1),
        f"{_SUB1}6",
        "投资于温州市种子期、初创期、成长期科技企业的资金额合计不低于科技创投基金实缴出资额的1倍",
    ),
    _define(
        FEE_INVESTMENT_MAX,
        "Sub-fund fee in the investment period: highest annual rate of total paid-in",
        "ratio",
        D("0.025"),
        f"{_SUB1}7",
        "投资期内…最高不超过实缴金额2.5%的比例征收",
    ),
    _define(
        FEE_EXIT_MAX,
        "Sub-fund fee in the exit period: highest annual rate of unexited principal",
        "ratio",
        D("0.01"),
        f"{_SUB1}7",
        "退出期内按子基金未退出项目投资本金不超过1%的比例征收",
    ),
    _define(
        FEE_EXTENSION_MAX,
        "Sub-fund fee in the extension period: highest annual rate",
        "ratio",
        D(0),
        f"{_SUB1}7",
        "延长期内无管理费",
    ),
    _define(
        APPLICANT_PAID_IN_MIN,
        "Domestic applicant: least paid-in capital",
        "CNY",
        D("10000000"),
        "三（二）1",
        "实缴资本不低于1000万元人民币",
    ),
    _define(
        FOREIGN_CAPITAL_MIN_USD,
        "Foreign applicant: least registered capital (cash only)",
        "USD",
        D("2000000"),
        "三（二）1（2）",
        "注册资本不低于200万美元或等值货币，出资方式仅限于现金",
    ),
    _define(
        FOREIGN_OPERATING_YEARS_MIN,
        "Foreign applicant: least years running overseas funds",
        "years",
        D(3),
        "三（二）1（3）",
        "经营管理境外基金，持续运营3年以上",
    ),
    _define(
        FOREIGN_AUM_MIN_USD,
        "Foreign applicant: least cumulative overseas fund size",
        "USD",
        D("30000000"),
        "三（二）1（3）",
        "累计管理的境外基金规模不低于3000万美元",
    ),
    _define(
        FOREIGN_SENIOR_YEARS,
        "Foreign applicant: years of overseas experience of the senior key people",
        "years",
        D(5),
        "三（二）1（5）",
        "至少1名具有5年以上…境外基金投资管理经验",
    ),
    _define(
        FOREIGN_SENIOR_COUNT,
        "Foreign applicant: number of senior key people",
        "people",
        1,
        "三（二）1（5）",
        "至少1名具有5年以上",
    ),
    _define(
        FOREIGN_EXPERIENCED_YEARS,
        "Foreign applicant: years of overseas experience of the further key people",
        "years",
        D(3),
        "三（二）1（5）",
        "2名具有3年以上境外基金投资管理经验",
    ),
    _define(
        FOREIGN_EXPERIENCED_COUNT,
        "Foreign applicant: number of further key people",
        "people",
        2,
        "三（二）1（5）",
        "2名具有3年以上",
    ),
    _define(
        MANAGER_PAID_IN_MIN,
        "Manager: least paid-in capital",
        "CNY",
        D("10000000"),
        "三（二）2（1）",
        "实缴资本不低于1000万元人民币，且必须在中国证券投资基金业协会登记",
    ),
    _define(
        MANAGER_COMMIT_MIN,
        "Manager: least subscription as a share of total size",
        "ratio",
        D("0.01"),
        "三（二）2（2）",
        "应认缴不低于子基金总规模1%的出资额",
    ),
    _define(
        MANAGER_COMMIT_MIN_WITH_AFFILIATES,
        "Manager alone, when its affiliates also subscribe",
        "ratio",
        D("0.005"),
        "三（二）2（2）",
        "其关联方在子基金中有出资的，可降低至0.5%，但合计不低于1%",
    ),
    _define(
        TEAM_MIN_SENIORS,
        "Team: least number of experienced senior managers",
        "people",
        3,
        "三（二）3",
        "至少有3名具备3年以上投资经验或相关行业经验的高级管理人员",
    ),
    _define(
        TEAM_MIN_YEARS,
        "Team: least years of investment or industry experience each",
        "years",
        D(3),
        "三（二）3",
        "3年以上投资经验或相关行业经验",
    ),
    _define(
        TRACK_MIN_AUM,
        "Track record: least AMAC-filed venture-capital funds managed",
        "CNY",
        D("200000000"),
        "三（二）4",
        "在中国证券投资基金业协会备案的创业投资基金规模不低于2亿元",
    ),
    _define(
        TRACK_MIN_CASES,
        "Track record: least successful investment cases",
        "cases",
        3,
        "三（二）4",
        "至少有3个以上成功投资案例",
    ),
    _define(
        TRACK_MIN_CORE_MEMBERS,
        "Track record by the team: least core members managing jointly",
        "people",
        3,
        "三（二）4",
        "3名以上管理团队主要成员以骨干身份共同累计管理",
    ),
    _define(EXPERTS_MIN, "Expert panel: least members", "people", 5, "三（三）3", "人数不少于5人"),
    _define(
        NOTICE_WORKING_DAYS,
        "Public notice period",
        "working days",
        5,
        "三（三）5",
        "公示期为5个工作日",
    ),
    _define(
        OBJECTION_WORKING_DAYS,
        "Objection investigation concludes within",
        "working days",
        30,
        "三（三）5",
        "在30个工作日内作出调查结论",
    ),
    _define(
        FILING_WORKING_DAYS,
        "Signed agreement filed within",
        "working days",
        10,
        "三（三）6",
        "最终签署的文本应在10个工作日内报管委会办公室备案",
    ),
    _define(
        SIGN_MONTHS,
        "Approval lapses unsigned after",
        "months",
        6,
        "三（四）",
        "子基金设立方案经批准后达6个月，仍未签署",
    ),
    _define(
        TERMINATION_REPORT_MONTHS,
        "Termination reported within, after the signing deadline",
        "months",
        1,
        "三（四）",
        "应在1个月内及时向管委会办公室报送终止投资情况",
    ),
    _define(
        SIGN_EXTENSION_MAX_MONTHS,
        "One extension of the signing deadline, at most",
        "months",
        3,
        "三（四）",
        "经管委会办公室同意予以延期一次，时间不超过3个月",
    ),
    _define(
        INV_SINGLE_MAX_RATIO,
        "One company: largest cumulative investment as a share of the sub-fund's size",
        "ratio",
        D("0.20"),
        "三（五）2",
        "对单个企业的累计投资一般不超过子基金总规模的20%",
    ),
    _define(
        INV_CONTROL_ABOVE,
        "A stake above this is a controlling stake (flagged)",
        "ratio",
        D("0.50"),
        "三（五）5",
        "原则上不得控股被投资企业",
    ),
    _define(
        INV_BOND_RATING_FLOOR,
        "Enterprise bonds rated at or below this are prohibited (see FUND-INV-PROHIBITED on AAA itself)",
        "rating",
        "AAA",
        "六（六）2",
        "评级AAA以下的企业债",
    ),
    _define(
        MGMT_FEE_RATE_EXCELLENT,
        "Mother-fund fee rate, rating excellent",
        "ratio",
        D("0.01"),
        "五（一）",
        "考核结果为优秀档次的，提取比例为1%",
    ),
    _define(
        MGMT_FEE_RATE_GOOD,
        "Mother-fund fee rate, rating good",
        "ratio",
        D("0.008"),
        "五（一）",
        "良好档次的，提取比例为0.8%",
    ),
    _define(
        MGMT_FEE_RATE_QUALIFIED,
        "Mother-fund fee rate, rating qualified (also the up-front basis)",
        "ratio",
        D("0.006"),
        "五（一）",
        "合格档次的，提取比例为0.6%",
    ),
    _define(
        MGMT_FEE_RATE_BELOW_STANDARD,
        "Mother-fund fee rate, rating below standard",
        "ratio",
        D("0.004"),
        "五（一）",
        "不达标档次的，提取比例为0.4%",
    ),
    _define(
        MGMT_FEE_UPFRONT_SHARE,
        "Share of the qualified-rating fee drawn at the start of the year",
        "ratio",
        D("0.50"),
        "五（一）",
        "年初按考核结果合格档次管理费用的50%提取",
    ),
    _define(
        CONC_MANAGER_SHARE_MIN,
        "Sub-fund manager's least share of the total concession",
        "ratio",
        D("0.20"),
        "五（二）",
        "原则上子基金管理机构取得让利金额占总让利金额的比例不低于20%",
    ),
    _define(
        CONC_FREE_YEARS,
        "Buy-out at the original investment within this many years of first paid-in",
        "years",
        4,
        "五（二）1",
        "自首期实缴之日起4年内（含4年）",
    ),
    _define(
        CONC_MIN_INVESTED_RATIO,
        "Buy-out needs external investment of at least this share of paid-in capital",
        "ratio",
        D("0.80"),
        "五（二）1",
        "子基金对外投资达到实收资本80%",
    ),
    _define(
        CONC_DAY_COUNT,
        "Part-year interest: actual days divided by",
        "days",
        365,
        "五（二）1",
        _LPR_NOTE,
    ),
    _define(
        CONC_TIER1_MIN,
        "Post-liquidation tier 1 starts at (inclusive)",
        "ratio",
        D("1.50"),
        "五（二）2",
        "①…150%（含）至175%（含），按…全部收益的40%比例让利",
    ),
    _define(
        CONC_TIER1_RATE,
        "Post-liquidation tier 1 rate",
        "ratio",
        D("0.40"),
        "五（二）2",
        "按科技创投基金全部收益的40%比例让利",
    ),
    _define(
        CONC_TIER2_ABOVE,
        "Post-liquidation tier 2 starts above (tier 1 includes it)",
        "ratio",
        D("1.75"),
        "五（二）2",
        "②…175%至200%（含），按…全部收益的60%比例让利",
    ),
    _define(
        CONC_TIER2_RATE,
        "Post-liquidation tier 2 rate",
        "ratio",
        D("0.60"),
        "五（二）2",
        "按科技创投基金全部收益的60%比例让利",
    ),
    _define(
        CONC_TIER3_ABOVE,
        "Post-liquidation tier 3 starts above (tier 2 includes it)",
        "ratio",
        D("2.00"),
        "五（二）2",
        "③…200%以上，按…全部收益的80%比例让利",
    ),
    _define(
        CONC_TIER3_RATE,
        "Post-liquidation tier 3 rate",
        "ratio",
        D("0.80"),
        "五（二）2",
        "按科技创投基金全部收益的80%比例让利",
    ),
    _define(
        CONC_REVIEW_WORKING_DAYS,
        "Concession: review completed within, after the application",
        "working days",
        30,
        "五（三）2",
        "接到子基金管理机构的让利申请后30个工作日内完成审核",
    ),
    _define(
        CONC_SUBMISSION_WORKING_DAYS,
        "Concession: office submits to the committee within, after the review",
        "working days",
        30,
        "五（三）2",
        "管委会办公室应在接到审核意见后30个工作日内提请管委会审定",
    ),
    _define(
        CONC_NOTICE_START_WORKING_DAYS,
        "Concession: notice published within, after the committee decision",
        "working days",
        5,
        "五（三）3",
        "管委会审定后5个工作日内…进行社会公示",
    ),
    _define(
        CONC_NOTICE_WORKING_DAYS,
        "Concession: notice period",
        "working days",
        5,
        "五（三）3",
        "公示期为5个工作日",
    ),
    _define(
        CONC_OBJECTION_WORKING_DAYS,
        "Concession: objection investigation concludes within",
        "working days",
        30,
        "五（三）3",
        "在30个工作日内作出调查结论",
    ),
    _define(
        CONC_EXECUTION_WORKING_DAYS,
        "Concession: executed within, after a clean notice or investigation",
        "working days",
        5,
        "五（三）4",
        "由市基金公司5个工作日内执行让利",
    ),
    _define(
        RISK_CONFIRMED_RATIO,
        "New sub-fund: least confirmed commitments as a share of total size",
        "ratio",
        D("0.30"),
        "六（一）",
        "应当至少已经确认拟设立子基金总规模30%的出资意向",
    ),
    _define(
        RISK_INCREASE_MAX_MONTHS,
        "Capital increase: sub-fund registered at most this long before acceptance",
        "months",
        12,
        "六（一）",
        "申请科技创投基金增资的子基金注册时间不超过12个月",
    ),
    _define(
        RISK_PRIORITY_RANK_MAX,
        "Priority: sector ranking at or above this place",
        "rank",
        50,
        "六（二）",
        "行业排名在前50名的机构",
    ),
    _define(
        REPORT_MAJOR_DAYS,
        "Major event disclosed within (calendar days)",
        "days",
        10,
        "六（七）",
        "应于重大事项发生后10日内向市基金公司进行披露",
    ),
    _define(
        REPORT_QUARTERLY_MONTHS,
        "Quarterly report within, after the quarter end",
        "months",
        1,
        "六（七）",
        "在每个季度结束后1个月内…提交上季度子基金业务运作报告",
    ),
    _define(
        REPORT_ANNUAL_MONTHS,
        "Annual report, audited accounts and custodian report within, after the year end",
        "months",
        4,
        "六（七）",
        "在每个年度结束后4个月内…提交上年度子基金运营报告、经审计的子基金财务报告和银行托管报告",
    ),
    _define(
        EXIT_REGISTRATION_MONTHS,
        "Early exit: sub-fund not registered this long after signing",
        "months",
        3,
        "六（八）2",
        "合伙协议签署超过3个月（除不可抗力因素外），未按规定程序和要求完成注册设立的",
    ),
    _define(
        EXIT_FILING_YEARS,
        "Early exit: AMAC filing and first investment not done this long after registration",
        "years",
        1,
        "六（八）2",
        "自子基金注册设立之日起1年内未完成子基金在中国证券投资基金业协会相关备案手续，并开展投资业务的",
    ),
    _define(
        EXIT_IDLE_YEARS,
        "Early exit: no investment for more than this long after disbursement",
        "years",
        1,
        "六（八）3",
        "科技创投基金出资拨付至子基金账户后，子基金未开展投资业务超过一年的",
    ),
    ParameterDefinition(
        path=EXIT_DEPOSIT_DAY_COUNT,
        description="Early-exit floor: demand-deposit interest day-count basis (bank convention)",
        unit="days",
        default=ParameterValue(
            EXIT_DEPOSIT_DAY_COUNT,
            360,
            EFFECTIVE_FROM,
            EFFECTIVE_TO,
            f"{clause('六（八）')}「按银行活期存款计算的利息」；原文未规定计息天数，"
            "按中国人民银行《关于人民币存贷款计结息问题的通知》（银发〔2005〕129号）日利率＝年利率÷360",
        ),
    ),
    _define(
        TRANSITION_LEGACY_SIGNED_THROUGH,
        "Sub-funds signed on or before this day stay under 温政办〔2016〕61号",
        "date",
        date(2020, 12, 31),
        "八（一）",
        "2020年12月31日前签约的子基金，继续按照原…（温政办〔2016〕61号）执行",
    ),
    _define(
        TRANSITION_OPT_IN_MONTHS,
        "Opt-in window after publication for sub-funds signed in 2021 (the printed text breaks off here)",
        "months",
        3,
        "八（二）",
        "子基金管理机构有权选择参照本办法执行，但需在本办法发布之[原文至此中断；3个月取自规则目录 FUND-TRANSITION]",
    ),
)

DEFAULT_PARAMETERS = ParameterSet(PARAMETERS)
"""The baseline: every default from the text. What-if and regional values are copies of it."""
