"""Request and response bodies of applications, their workflow and the deadlines register.

An application is created from the same facts the stateless check takes (`ApplicationFactsIn`);
each workflow step is a transition `{action, on, note, experts, extension_months}` sent with
`If-Match`. Dates are ISO days.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fund.api.check_schemas import EXAMPLE_APPLICATION, ApplicationFactsIn, Day
from fund.domain import Action, DeadlineKind, ExpertGroup, ProcedureStage
from govkit.platform.decisions import DecisionOut

# Committee (管委会) and committee-office decisions; every other step is the fund company's.
COMMITTEE_ACTIONS = frozenset(
    {
        Action.APPROVE,
        Action.REJECT,
        Action.UPHOLD_OBJECTION,
        Action.CLEAR_OBJECTION,
        Action.EXTEND_SIGNING,
        Action.TERMINATE,
    }
)

Note = Annotated[
    str, Field(max_length=2000, description="说明 Free-text note, kept in the history")
]


class ApplicationCreate(ApplicationFactsIn):
    """A sub-fund application: its facts (checked on creation) and the day of the law to apply."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{**EXAMPLE_APPLICATION, "as_of": "2024-03-20"}]},
    )

    as_of: Day | None = Field(
        None,
        description="评估日：适用该日的法律与参数（缺省：今天，上海时间） The day whose law and "
        "parameters the check applies (default: today, Asia/Shanghai)",
    )


class ExpertOpinionIn(BaseModel):
    """One panel member's opinion (三（三）3: government, VC self-regulatory body, outside)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    expert: str = Field(min_length=1, max_length=200, description="专家姓名")
    group: ExpertGroup = Field(
        description="government 政府有关部门, vc_self_regulatory 创业投资行业自律组织代表, "
        "outside 社会专家"
    )
    opinion_given: bool = Field(True, description="已提出评审意见")
    independent: bool = Field(True, description="意见独立提出（非联名、非受指示）")
    recommendation: Literal["support", "oppose", "conditional"] | None = Field(
        None, description="评审结论"
    )
    opinion: str = Field("", max_length=4000, description="评审意见全文或摘要")


_PANEL: list[Any] = [
    {"expert": "王某", "group": "government", "recommendation": "support"},
    {"expert": "李某", "group": "government", "recommendation": "support"},
    {"expert": "赵某", "group": "vc_self_regulatory", "recommendation": "support"},
    {"expert": "钱某", "group": "outside", "recommendation": "conditional"},
    {"expert": "孙某", "group": "outside", "recommendation": "support"},
]


class TransitionCreate(BaseModel):
    """One step of the procedure (FUND-PROC-STAGES), dated the day it happened."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"action": "submit", "on": "2021-06-01", "note": "申报材料齐全"},
                {
                    "action": "complete_expert_review",
                    "on": "2021-08-10",
                    "experts": _PANEL,
                    "note": "专家评审会",
                },
                {"action": "approve", "on": "2021-08-31", "note": "管委会审定通过"},
                {"action": "start_notice", "on": "2022-01-28"},
                {"action": "raise_objection", "on": "2021-12-20", "note": "收到实名异议"},
                {"action": "extend_signing", "on": "2022-02-20", "extension_months": 3},
                {"action": "sign", "on": "2022-01-26"},
                {"action": "file_agreement", "on": "2022-02-14"},
            ]
        },
    )

    action: Action = Field(
        description="submit, complete_pre_review, complete_due_diligence, complete_expert_review, "
        "approve*, start_notice, close_notice, raise_objection, clear_objection*, "
        "uphold_objection*, extend_signing*, sign, file_agreement, terminate*, close, reject*, "
        "withdraw (* needs scope fund:decide)"
    )
    on: Day = Field(description="该步骤发生之日 The day the step happened (not in the future)")
    note: Note = ""
    experts: list[ExpertOpinionIn] = Field(
        default_factory=list,
        max_length=50,
        description="complete_expert_review 的专家评审意见（≥5人，三类专家均有）",
    )
    extension_months: int = Field(
        0, ge=0, le=36, description="extend_signing 的延期月数（一次，≤3个月）"
    )

    @model_validator(mode="after")
    def _fields_match_action(self) -> TransitionCreate:
        if self.experts and self.action is not Action.COMPLETE_EXPERT_REVIEW:
            raise ValueError("experts are given only with complete_expert_review")
        if self.extension_months and self.action is not Action.EXTEND_SIGNING:
            raise ValueError("extension_months is given only with extend_signing")
        return self


class ApplicationFactsUpdate(ApplicationCreate):
    """Corrected facts, re-checked (only before pre-review is complete)."""


class DeadlineOut(BaseModel):
    deadline_id: uuid.UUID
    kind: DeadlineKind
    rule_id: str = Field(description="设定该期限的规则 The rule that set it")
    due: date = Field(description="最后一日（当日24时届满） The last day")
    basis_date: date = Field(description="起算事件之日 The event the period runs from")
    subject: str
    status: Literal["open", "met", "cancelled"]
    done_on: date | None = Field(None, description="完成之日（met）")
    note: str | None = None
    application_id: uuid.UUID | None = None
    sub_fund_id: uuid.UUID | None = None
    concession_id: uuid.UUID | None = None
    overdue: bool = Field(description="open and due before the as-of day")
    days_overdue: int = Field(description="自然日 Calendar days past due (0 unless overdue)")
    working_days_overdue: int | None = Field(
        description="工作日 Working days past due (0 unless overdue; null when the calendar "
        "of a year in between is not published)"
    )
    provisional: bool = Field(
        False,
        description="暂定：所涉年度节假日安排未发布，按仅周六周日休息计算（无法定节假日、无调休），"
        "发布后重新计算 Computed while a year it needs had no published holiday calendar, with "
        "Saturdays and Sundays as the only rest days (no public holidays, no make-up working "
        "days); recomputed (and audited) when the year is published",
    )


class ExpertOpinionOut(BaseModel):
    opinion_id: uuid.UUID
    transition_id: uuid.UUID
    expert: str
    group: ExpertGroup
    opinion_given: bool
    independent: bool
    recommendation: str | None
    opinion: str


class TransitionOut(BaseModel):
    transition_id: uuid.UUID
    seq: int
    action: Action
    from_stage: ProcedureStage
    to_stage: ProcedureStage
    on: date
    actor: str
    note: str
    extension_months: int | None = None
    created_at: datetime
    created_by: str


class TransitionsOut(BaseModel):
    application_id: uuid.UUID
    items: list[TransitionOut]


class AllowedActionOut(BaseModel):
    action: Action
    to_stage: ProcedureStage
    scope: str = Field(description="The scope the action needs")


class ApplicationSummary(BaseModel):
    application_id: uuid.UUID
    name: str = Field(description="子基金名称")
    applicant: str
    region: str | None
    stage: ProcedureStage
    check_outcome: str | None
    approved_on: date | None
    signed_on: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class ApplicationOut(ApplicationSummary):
    submitted_on: date | None
    notice_started_on: date | None
    objection_raised_on: date | None
    sign_extension_months: int
    filed_on: date | None
    last_action_on: date | None
    created_by: str
    facts: dict[str, Any] = Field(description="申报事实 The facts as stated (and checked)")
    check: DecisionOut | None = Field(description="最近一次规则检查（已保存的决定）")
    allowed_actions: list[AllowedActionOut] = Field(
        description="现阶段允许的下一步 The next steps the procedure allows now"
    )
    deadlines: list[DeadlineOut]
    history: list[TransitionOut]
    expert_opinions: list[ExpertOpinionOut]
    warnings: list[str] = Field(
        default_factory=list,
        description="暂定期限及须发布的年度 Open provisional deadlines and the year to publish",
    )
