"""Request and response bodies of the calculators and of the LPR reference data, with examples.

Amounts are decimal strings in yuan with 2 places; rates fractions as decimal strings; the LPR
in percent as published ("3.45"). The examples are the issue's worked examples 2, 3 and 4.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from fund.api.check_schemas import (
    AS_OF_FIELD,
    Amount,
    CheckDecisionOut,
    Day,
    PositiveAmount,
    Region,
)
from fund.domain import Buyer, FeePeriod, Rating
from govkit.money import Money
from govkit.platform.parameters import WhatIf

_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True)

# ---- sub-fund fee cap -------------------------------------------------------------------------


class SubFundFeeCapCalc(WhatIf):
    """三（一）7: the most a sub-fund's manager may charge for a year of a period."""

    model_config = ConfigDict(
        **_CONFIG,
        json_schema_extra={
            "examples": [
                {"period": "investment", "paid_in_total": "80000000.00", "as_of": "2024-03-20"},
                {
                    "period": "investment",
                    "paid_in_total": "80000000.00",
                    "charged": "2000000.01",
                    "as_of": "2024-03-20",
                },
                {"period": "exit", "unexited_principal": "45000000.00", "charged": "450000.00"},
                {"period": "extension", "paid_in_total": "80000000.00", "charged": "0.00"},
            ]
        },
    )

    period: FeePeriod = Field(description="investment 投资期, exit 退出期, extension 延长期")
    paid_in_total: Amount | None = Field(
        None, description="子基金实缴出资总额（投资期的基数；投资期必填）"
    )
    unexited_principal: Amount | None = Field(
        None, description="未退出项目投资本金（退出期的基数；退出期必填）"
    )
    charged: Amount | None = Field(
        None, description="实际（拟）收取的年度管理费：给出则检查是否超过上限"
    )
    as_of: Day | None = AS_OF_FIELD
    region: Region = None

    @model_validator(mode="after")
    def _basis_given(self) -> SubFundFeeCapCalc:
        if self.period is FeePeriod.INVESTMENT and self.paid_in_total is None:
            raise ValueError("paid_in_total is required for the investment period")
        if self.period is FeePeriod.EXIT and self.unexited_principal is None:
            raise ValueError("unexited_principal is required for the exit period")
        return self


class SubFundFeeCapOut(BaseModel):
    period: FeePeriod
    rule_id: str
    clause: str
    as_of: date
    rate_cap: str = Field(description="年费率上限 Annual rate cap (fraction)")
    basis: str = Field(description="paid_in_total or unexited_principal")
    basis_amount: Money
    annual_cap: Money = Field(description="年度管理费上限（元，四舍五入到分）")
    charged: Money | None
    excess: Money | None = Field(description="超出上限的金额 Amount over the cap (0.00 if within)")
    within_cap: bool | None
    parameters_used: dict[str, Any]
    parameter_overrides: dict[str, Any]
    decision: CheckDecisionOut | None = Field(description="The check of `charged`, if given")


# ---- mother-fund fee --------------------------------------------------------------------------


class MotherFundFeeCalc(WhatIf):
    """五（一）: the mother fund's manager's annual fee by rating, its up-front draw and balance."""

    model_config = ConfigDict(
        **_CONFIG,
        json_schema_extra={
            "examples": [
                {
                    "invested_total_at_year_start": "1000000000.00",
                    "rating": "good",
                    "as_of": "2024-01-01",
                },
                {"invested_total_at_year_start": "1000000000.00", "as_of": "2024-01-01"},
            ]
        },
    )

    invested_total_at_year_start: Amount = Field(
        description="年初科技创投基金实际投资资金总额（元）"
    )
    rating: Rating | None = Field(
        None,
        description="年度考核结果：excellent 优秀, good 良好, qualified 合格, below_standard 不达标；"
        "缺省：尚未考核（只计算年初提取额）",
    )
    as_of: Day | None = AS_OF_FIELD
    region: Region = None


class MotherFundFeeOut(BaseModel):
    invested_total_at_year_start: Money
    rating: Rating | None
    rate: str | None = Field(description="Rate of the rating (null until rated)")
    annual_fee: Money | None = Field(description="年度管理费 (null until rated)")
    upfront_draw: Money = Field(description="年初提取：合格档次管理费的50%")
    balance: Money | None = Field(
        description="考核后提取额（负数为多提应退回） Drawn after the rating; negative = to return"
    )
    decision: CheckDecisionOut


# ---- concessions ------------------------------------------------------------------------------


class PreLiquidationCalc(WhatIf):
    """五（二）1: the price at which the mother fund's share is bought out before liquidation."""

    model_config = ConfigDict(
        **_CONFIG,
        json_schema_extra={
            "examples": [
                {
                    "buyer": "manager",
                    "original_investment": "30000000.00",
                    "first_paid_in_on": "2018-06-15",
                    "base_date": "2024-03-20",
                    "subfund_paid_in_capital": "100000000.00",
                    "subfund_external_investment": "85000000.00",
                    "investments_compliant": True,
                },
                {
                    "buyer": "manager",
                    "original_investment": "30000000.00",
                    "first_paid_in_on": "2018-06-15",
                    "base_date": "2022-06-15",
                    "subfund_paid_in_capital": "100000000.00",
                    "subfund_external_investment": "85000000.00",
                    "investments_compliant": True,
                },
                {
                    "buyer": "third_party",
                    "original_investment": "30000000.00",
                    "first_paid_in_on": "2018-06-15",
                    "base_date": "2024-03-20",
                },
            ]
        },
    )

    buyer: Buyer = Field(
        Buyer.MANAGER,
        description="manager 子基金管理机构, named_contributor 其指定的其他出资人, third_party "
        "出资人以外的投资者（价格为公开竞价底价）, capital_reduction 减资退出",
    )
    original_investment: PositiveAmount = Field(description="科技创投基金原始投资额（元）")
    first_paid_in_on: Day = Field(description="科技创投基金首期实缴之日")
    base_date: Day = Field(description="基准日：子基金管理机构提出让利申请之日")
    subfund_paid_in_capital: Amount | None = Field(
        None,
        description="子基金实收资本：与对外投资额一起给出时检查“对外投资达到实收资本80%”；"
        "都不给出时视为条件成立（结果中有提示）",
    )
    subfund_external_investment: Amount | None = Field(None, description="子基金对外投资额")
    investments_compliant: bool = Field(True, description="投资符合本办法有关规定")
    region: Region = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> PreLiquidationCalc:
        if (self.subfund_paid_in_capital is None) != (self.subfund_external_investment is None):
            raise ValueError(
                "give both subfund_paid_in_capital and subfund_external_investment, or neither"
            )
        return self


class LprUsedOut(BaseModel):
    published_on: date = Field(description="公布日 Publication date")
    lpr_1y_percent: str = Field(description="一年期LPR（%）", examples=["3.45"])
    rate: str = Field(description="As a fraction", examples=["0.0345"])
    source: str


class PreLiquidationOut(BaseModel):
    price: Money = Field(description="转让价格（第三方受让时为竞价底价）")
    interest: Money = Field(description="第5年起按LPR计算的收益")
    auction_floor: bool = Field(description="true: the price is a public auction's floor")
    within_free_period: bool = Field(description="首期实缴起4年内（含4年）")
    free_period_end: date = Field(
        description="4年期间的最后一天：首期实缴后第4个周年对应日（民法典第201、202条；定价期间，"
        "不因节假日顺延，与基准日无关） The band's last day: the 4th anniversary of the first "
        "paid-in, never holiday-shifted, independent of the base date"
    )
    year5_start: date = Field(
        description="第5年的第一天（周年日次日）：收益自此日起逐日计至基准日 The first day of year 5 "
        "(the day after the anniversary): interest counts every day from it through the base date"
    )
    whole_years: int
    remaining_days: int
    day_count_basis: int = Field(description="不满整年按实际天数除以此数")
    lpr: LprUsedOut | None = Field(description="The quote in force on the base date, if used")
    eligible: bool = Field(description="对外投资达到实收资本80%且投资合规")
    warnings: list[str]
    decision: CheckDecisionOut


class PostLiquidationCalc(WhatIf):
    """五（二）2: the concession at liquidation by the Wenzhou reinvestment band."""

    model_config = ConfigDict(
        **_CONFIG,
        json_schema_extra={
            "examples": [
                {
                    "mother_fund_paid_in": "20000000.00",
                    "credited_reinvestment": "36000000.00",
                    "mother_fund_total_returns": "5000000.00",
                    "as_of": "2024-03-20",
                },
                {
                    "mother_fund_paid_in": "20000000.00",
                    "credited_reinvestment": "35000000.00",
                    "mother_fund_total_returns": "5000000.00",
                    "manager_concession": "400000.00",
                },
                {
                    "mother_fund_paid_in": "20000000.00",
                    "credited_reinvestment": "29999999.99",
                    "mother_fund_total_returns": "5000000.00",
                },
            ]
        },
    )

    mother_fund_paid_in: PositiveAmount = Field(description="科技创投基金实缴出资金额（元）")
    credited_reinvestment: Amount = Field(
        description="子基金返投金额（按三（一）5认定，见 …/reinvestment）"
    )
    mother_fund_total_returns: Amount = Field(
        description="科技创投基金从子基金获得的全部收益（元）"
    )
    recovered_principal_and_agreed_returns: bool = Field(
        True, description="科技创投基金已收回全部实缴本金及约定收益（让利前提）"
    )
    investments_compliant: bool = Field(True, description="投资符合本办法有关规定（让利前提）")
    manager_concession: Amount | None = Field(
        None, description="约定给子基金管理机构的让利金额：给出则检查不低于20%（FUND-CONC-SHARE）"
    )
    as_of: Day | None = AS_OF_FIELD
    region: Region = None


class PostLiquidationOut(BaseModel):
    reinvestment_ratio: str | None = Field(description="返投金额/实缴出资（6位小数，仅供显示）")
    band_rate: str = Field(description="让利比例 The band's share of the total returns")
    band: str = Field(examples=["60%"])
    concession: Money
    manager_minimum: Money = Field(description="子基金管理机构至少应得 (20%)")
    mother_fund_total_returns: Money
    decision: CheckDecisionOut


# ---- LPR reference data -----------------------------------------------------------------------

Percent = Annotated[
    Decimal,
    Field(gt=0, lt=100, max_digits=6, decimal_places=3),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{1,2}(\.\d{1,3})?$",
            "description": "Percent, more than 0 and less than 100, at most 3 decimals",
            "examples": ["3.45"],
        }
    ),
]


class LprQuoteSet(BaseModel):
    """A quote as published by the National Interbank Funding Center (全国银行间同业拆借中心)."""

    model_config = ConfigDict(
        **_CONFIG,
        json_schema_extra={
            "examples": [
                {
                    "lpr_1y_percent": "3.00",
                    "lpr_5y_percent": "3.50",
                    "source": "全国银行间同业拆借中心 2026年9月22日公告",
                }
            ]
        },
    )

    lpr_1y_percent: Percent = Field(description="一年期LPR（%）")
    lpr_5y_percent: Percent | None = Field(None, description="五年期以上LPR（%）")
    source: str = Field(min_length=1, max_length=300, description="出处 Citation")


class LprQuoteOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "published_on": "2024-03-20",
                    "lpr_1y_percent": "3.45",
                    "lpr_5y_percent": "3.95",
                    "rate_1y": "0.0345",
                    "source": "全国银行间同业拆借中心 National Interbank Funding Center (lpr-1y.csv)",
                    "created_at": "2026-11-30T02:00:00Z",
                    "created_by": "migration",
                    "updated_at": "2026-11-30T02:00:00Z",
                }
            ]
        }
    )

    published_on: date
    lpr_1y_percent: str
    lpr_5y_percent: str | None
    rate_1y: str = Field(description="The 1-year rate as a fraction")
    source: str
    created_at: datetime
    created_by: str
    updated_at: datetime


class LprInForceOut(LprQuoteOut):
    on: date = Field(
        description="The day asked about; the quote is the latest published on or before it"
    )
