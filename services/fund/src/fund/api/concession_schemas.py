"""Request and response bodies of concession applications (五（二）（三）, FUND-CONC-PROC).

A concession application names the sub-fund, the kind (before or at liquidation), the day the
manager applied (the base date of a pre-liquidation price) and the calculator's inputs; its
amount is computed on creation and stored with its decision. Each later step is a transition
sent with `If-Match`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fund.api.application_schemas import DeadlineOut, Note
from fund.api.check_schemas import Amount, Day, Name, PositiveAmount, Region
from fund.domain import Buyer
from govkit.platform.decisions import DecisionOut

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConcessionKind(StrEnum):
    PRE_LIQUIDATION = "pre_liquidation"  # 五（二）1 清算前
    POST_LIQUIDATION = "post_liquidation"  # 五（二）2 清算后


class ConcessionStage(StrEnum):
    APPLIED = "applied"  # 1 申请
    REVIEWED = "reviewed"  # 2 市基金公司审核完成，意见提交管委会办公室
    SUBMITTED = "submitted"  # 2 管委会办公室提请管委会审定
    DECIDED = "decided"  # 3 管委会审定
    NOTICE = "notice"  # 3 社会公示
    OBJECTION = "objection"  # 3 异议调查
    CLEARED = "cleared"  # 4 公示无异议或经调查不影响
    EXECUTED = "executed"  # 4 执行
    REJECTED = "rejected"


class ConcessionAction(StrEnum):
    REVIEW = "review"
    SUBMIT = "submit"
    DECIDE = "decide"  # committee
    START_NOTICE = "start_notice"
    RAISE_OBJECTION = "raise_objection"
    CLEAR = "clear"  # the notice ended without objection, or the investigation cleared it
    EXECUTE = "execute"
    REJECT = "reject"  # committee


class PreLiquidationIn(BaseModel):
    """五（二）1: the buy-out's inputs; the base date is the application day."""

    model_config = _STRICT

    buyer: Buyer = Field(
        Buyer.MANAGER,
        description="manager 子基金管理机构, named_contributor 其指定的其他出资人, third_party "
        "出资人以外的投资者（价格为公开竞价底价）, capital_reduction 减资退出",
    )
    original_investment: PositiveAmount = Field(description="科技创投基金原始投资额（元）")
    first_paid_in_on: Day = Field(description="科技创投基金首期实缴之日")
    subfund_paid_in_capital: Amount = Field(description="子基金实收资本（元）")
    subfund_external_investment: Amount = Field(description="子基金对外投资额（元）")
    investments_compliant: bool = Field(True, description="投资符合本办法有关规定")


class PostLiquidationIn(BaseModel):
    """五（二）2: the liquidation's figures."""

    model_config = _STRICT

    mother_fund_paid_in: PositiveAmount = Field(description="科技创投基金实缴出资金额（元）")
    credited_reinvestment: Amount = Field(description="子基金返投金额（按三（一）5认定）")
    mother_fund_total_returns: Amount = Field(description="科技创投基金从子基金获得的全部收益")
    recovered_principal_and_agreed_returns: bool = Field(
        True, description="科技创投基金已收回全部实缴本金及约定收益"
    )
    investments_compliant: bool = Field(True, description="投资符合本办法有关规定")
    manager_concession: Amount | None = Field(
        None, description="约定给子基金管理机构的让利金额（检查不低于20%，FUND-CONC-SHARE）"
    )


EXAMPLE_SUB_FUND = "7d1e5c0a-2b4f-4e8a-9c3d-1f2e3a4b5c6d"


class ConcessionCreate(BaseModel):
    """A concession application (FUND-CONC-PROC 1): its amount is computed on the applied day."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "sub_fund_id": EXAMPLE_SUB_FUND,
                    "kind": "pre_liquidation",
                    "applied_on": "2024-03-20",
                    "applicant": "瓯江创投管理有限公司",
                    "pre_liquidation": {
                        "buyer": "manager",
                        "original_investment": "30000000.00",
                        "first_paid_in_on": "2018-06-15",
                        "subfund_paid_in_capital": "100000000.00",
                        "subfund_external_investment": "85000000.00",
                    },
                },
                {
                    "sub_fund_id": EXAMPLE_SUB_FUND,
                    "kind": "post_liquidation",
                    "applied_on": "2024-03-20",
                    "applicant": "瓯江创投管理有限公司",
                    "post_liquidation": {
                        "mother_fund_paid_in": "20000000.00",
                        "credited_reinvestment": "36000000.00",
                        "mother_fund_total_returns": "5000000.00",
                        "manager_concession": "600000.00",
                    },
                },
            ]
        },
    )

    sub_fund_id: uuid.UUID = Field(description="子基金 ID")
    kind: ConcessionKind = Field(description="pre_liquidation 清算前, post_liquidation 清算后")
    applied_on: Day = Field(description="让利申请日（清算前转让的基准日） The day of application")
    applicant: Name = Field(description="申请的子基金管理机构")
    region: Region = None
    pre_liquidation: PreLiquidationIn | None = Field(None, description="kind=pre_liquidation")
    post_liquidation: PostLiquidationIn | None = Field(None, description="kind=post_liquidation")
    note: Note = ""

    @model_validator(mode="after")
    def _inputs_match_kind(self) -> ConcessionCreate:
        pre = self.kind is ConcessionKind.PRE_LIQUIDATION
        if pre != (self.pre_liquidation is not None) or pre == (self.post_liquidation is not None):
            raise ValueError(
                f"give exactly the inputs of the kind: {self.kind.value} for kind={self.kind.value}"
            )
        return self


class ConcessionTransitionCreate(BaseModel):
    """One step of the concession procedure, dated the day it happened."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"action": "review", "on": "2024-04-15", "note": "审核意见已提交管委会办公室"},
                {"action": "decide", "on": "2024-05-10", "note": "管委会审定同意"},
                {"action": "start_notice", "on": "2024-05-13"},
                {"action": "clear", "on": "2024-05-17"},
                {"action": "execute", "on": "2024-05-24"},
            ]
        },
    )

    action: ConcessionAction = Field(
        description="review, submit, decide*, start_notice, raise_objection, clear (* after an "
        "objection), execute, reject* (* needs scope fund:decide)"
    )
    on: Day = Field(description="该步骤发生之日 (not in the future)")
    note: Note = ""


class AllowedConcessionActionOut(BaseModel):
    action: ConcessionAction
    to_stage: ConcessionStage
    scope: str


class ConcessionTransitionOut(BaseModel):
    transition_id: uuid.UUID
    seq: int
    action: ConcessionAction
    from_stage: ConcessionStage
    to_stage: ConcessionStage
    on: date
    actor: str
    note: str
    created_at: datetime
    created_by: str


class ConcessionSummary(BaseModel):
    concession_id: uuid.UUID
    sub_fund_id: uuid.UUID
    kind: ConcessionKind
    stage: ConcessionStage
    applicant: str
    applied_on: date
    amount: str | None = Field(
        description="转让价格（清算前）或让利金额（清算后），元 The price or the concession"
    )
    version: int
    created_at: datetime
    updated_at: datetime


class ConcessionOut(ConcessionSummary):
    reviewed_on: date | None
    submitted_on: date | None
    decided_on: date | None
    notice_started_on: date | None
    objection_raised_on: date | None
    cleared_on: date | None
    executed_on: date | None
    region: str | None
    inputs: dict[str, Any]
    result: dict[str, Any] = Field(description="计算结果（申请日） The calculation on the day")
    decision: DecisionOut | None
    allowed_actions: list[AllowedConcessionActionOut]
    deadlines: list[DeadlineOut]
    history: list[ConcessionTransitionOut]
    warnings: list[str] = Field(
        default_factory=list,
        description="暂定期限及须发布的年度 Open provisional deadlines and the year to publish",
    )
    created_by: str
