"""Fee and concession calculators: amounts to the fen, each with the rule and clause behind it.

(The reinvestment calculator lives with the sub-funds, whose portfolio it also reads.)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from fund.api.calc_schemas import (
    MotherFundFeeCalc,
    MotherFundFeeOut,
    PostLiquidationCalc,
    PostLiquidationOut,
    PreLiquidationCalc,
    PreLiquidationOut,
    SubFundFeeCapCalc,
    SubFundFeeCapOut,
)
from fund.api.computations import post_computation
from fund.api.deps import PREFIX, READ, documented, examples
from fund.service import checks as svc
from fund.service import lpr
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import RULE_VIOLATION, VALIDATION
from govkit.http.responses import json_response
from govkit.platform.parameters import ParametersDep

router = APIRouter(prefix=PREFIX, tags=["calculators"])

post_computation(
    router,
    "/calc/sub-fund-fee-cap",
    SubFundFeeCapCalc,
    svc.sub_fund_fee_cap,
    name="calc_sub_fund_fee_cap",
    summary="子基金管理费上限 The sub-fund manager's annual fee cap (FUND-SUB-FEE-*)",
    description="投资期：实缴出资总额×2.5%；退出期：未退出项目投资本金×1%；延长期：无管理费。给出"
    "`charged` 时检查该年度管理费是否超限及超出金额。 Investment period: paid-in total × 2.5%; exit "
    "period: unexited principal × 1%; extension: no fee. With `charged`, the year's fee is "
    "checked against the cap (a Decision, with the excess).",
    responses=documented(SubFundFeeCapOut, 200, "The cap", VALIDATION),
)

post_computation(
    router,
    "/calc/mother-fund-fee",
    MotherFundFeeCalc,
    svc.mother_fund_fee_calc,
    name="calc_mother_fund_fee",
    summary="母基金管理费 The mother fund's manager's annual fee (FUND-MGMT-FEE)",
    description="年初实际投资资金总额×考核档次比例（优秀1%、良好0.8%、合格0.6%、不达标0.4%）；年初按合格"
    "档次的50%提取，其余考核后提取（负数为应退回）。 Invested total at the start of the year × the "
    "rating's rate; 50% of the qualified fee is drawn up front, the balance after the rating.",
    responses=documented(MotherFundFeeOut, 200, "The fee", VALIDATION),
)


@router.post(
    "/calc/concession/pre-liquidation",
    summary="清算前让利转让价格 Pre-liquidation buy-out price (FUND-CONC-PRE-4Y, -LATER, -THIRD-PARTY)",
    description="首期实缴起4年内（含4年）：原始投资额；4年后：原始投资额＋自第5年起按基准日（让利申请日）"
    "适用的一年期LPR计算的单利收益（整年计1，不满整年按实际天数/365）；出资人以外的投资者受让时该价格"
    "为公开竞价底价。LPR取基准日当日或之前最近公布的一期（`GET …/reference/lpr`）；没有则422。 Within "
    "4 years of the first paid-in: the original investment; after: plus simple interest from "
    "the first day of year 5 at the 1-year LPR in force on the base date (the latest published "
    "on or before it; none → 422 naming FUND-CONC-PRE-LATER). The 4 years are a pricing band, "
    "not a time limit: they end on the 4th anniversary with no holiday shift, and the first day "
    "after it costs exactly one day of interest.",
    responses=documented(PreLiquidationOut, 200, "The price", VALIDATION, RULE_VIOLATION),
)
async def calc_pre_liquidation(
    body: Annotated[PreLiquidationCalc, examples(PreLiquidationCalc)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await lpr.pre_liquidation(session, body, params))


post_computation(
    router,
    "/calc/concession/post-liquidation",
    PostLiquidationCalc,
    svc.post_liquidation,
    name="calc_post_liquidation",
    summary="清算后让利 Post-liquidation concession (FUND-CONC-POST-LIQ, FUND-CONC-SHARE)",
    description="返投金额/实缴出资：150%（含）至175%（含）让利全部收益的40%，175%以上至200%（含）60%，"
    "200%以上80%，低于150%不让利；最高不超过全部收益；管理机构至少取得20%。恰为200%时原文②③均适用，"
    "按②（60%）并给出警告。 Bands compare amounts exactly; at exactly 200% the text's ② "
    '(60%, "200%（含）") and ③ (80%, "200%以上") overlap: ② is applied and the finding warns.',
    responses=documented(PostLiquidationOut, 200, "The concession", VALIDATION, RULE_VIOLATION),
)
