"""三（三）（四）: the set-up procedure as a state machine (FUND-PROC-STAGES).

Stages follow the text in order and none may be skipped. `transition` checks the rules tied to
a step (expert panel, notice period, signing deadline, one extension) and returns the new state,
or raises FundDomainError naming the rule. Each transition is recorded with its actor; the
service stores and audits it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from fund.domain import parameters as p
from fund.domain.deadlines import Deadline, filing_due, notice_end, objection_due, signing_deadlines
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import Evaluation
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.rules import ParameterSet


class ProcedureStage(StrEnum):
    APPLICATION = "application"  # 1 公开征集：申报
    PRE_REVIEW = "pre_review"  # 1 预审
    DUE_DILIGENCE = "due_diligence"  # 2 尽职调查
    EXPERT_REVIEW = "expert_review"  # 3 专家评审
    INVESTMENT_DECISION = "investment_decision"  # 4 投资决策
    PUBLIC_NOTICE = "public_notice"  # 5 社会公示
    OBJECTION_INVESTIGATION = "objection_investigation"  # 5 异议调查
    SIGNING = "signing"  # 6 法律文件签署和资金拨付
    POST_INVESTMENT = "post_investment"  # 7 投后管理及退出
    CLOSED = "closed"  # exited
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"  # 三（四）: unsigned after the signing deadline


class Action(StrEnum):
    SUBMIT = "submit"
    COMPLETE_PRE_REVIEW = "complete_pre_review"
    COMPLETE_DUE_DILIGENCE = "complete_due_diligence"
    COMPLETE_EXPERT_REVIEW = "complete_expert_review"
    APPROVE = "approve"  # 管委会审定
    START_NOTICE = "start_notice"
    CLOSE_NOTICE = "close_notice"  # no objection
    RAISE_OBJECTION = "raise_objection"
    CLEAR_OBJECTION = "clear_objection"  # 经调查核实不影响子基金设立
    UPHOLD_OBJECTION = "uphold_objection"
    EXTEND_SIGNING = "extend_signing"
    SIGN = "sign"
    FILE_AGREEMENT = "file_agreement"
    TERMINATE = "terminate"
    CLOSE = "close"
    REJECT = "reject"
    WITHDRAW = "withdraw"


S, A = ProcedureStage, Action
_TERMINAL = frozenset({S.CLOSED, S.REJECTED, S.WITHDRAWN, S.TERMINATED})
_BEFORE_SIGNING = (
    S.APPLICATION,
    S.PRE_REVIEW,
    S.DUE_DILIGENCE,
    S.EXPERT_REVIEW,
    S.INVESTMENT_DECISION,
    S.PUBLIC_NOTICE,
    S.OBJECTION_INVESTIGATION,
    S.SIGNING,
)

# The graph: from each stage, the actions allowed and where they lead.
_GRAPH: Mapping[ProcedureStage, Mapping[Action, ProcedureStage]] = MappingProxyType(
    {
        S.APPLICATION: {A.SUBMIT: S.PRE_REVIEW},
        S.PRE_REVIEW: {A.COMPLETE_PRE_REVIEW: S.DUE_DILIGENCE, A.REJECT: S.REJECTED},
        S.DUE_DILIGENCE: {A.COMPLETE_DUE_DILIGENCE: S.EXPERT_REVIEW, A.REJECT: S.REJECTED},
        S.EXPERT_REVIEW: {A.COMPLETE_EXPERT_REVIEW: S.INVESTMENT_DECISION, A.REJECT: S.REJECTED},
        S.INVESTMENT_DECISION: {A.APPROVE: S.PUBLIC_NOTICE, A.REJECT: S.REJECTED},
        S.PUBLIC_NOTICE: {
            A.START_NOTICE: S.PUBLIC_NOTICE,
            A.CLOSE_NOTICE: S.SIGNING,
            A.RAISE_OBJECTION: S.OBJECTION_INVESTIGATION,
            A.TERMINATE: S.TERMINATED,
        },
        S.OBJECTION_INVESTIGATION: {
            A.CLEAR_OBJECTION: S.SIGNING,
            A.UPHOLD_OBJECTION: S.REJECTED,
            A.TERMINATE: S.TERMINATED,
        },
        S.SIGNING: {
            A.SIGN: S.POST_INVESTMENT,
            A.EXTEND_SIGNING: S.SIGNING,
            A.TERMINATE: S.TERMINATED,
        },
        S.POST_INVESTMENT: {A.FILE_AGREEMENT: S.POST_INVESTMENT, A.CLOSE: S.CLOSED},
    }
)


class ExpertGroup(StrEnum):
    GOVERNMENT = "government"  # 政府有关部门
    VC_SELF_REGULATORY = "vc_self_regulatory"  # 创业投资行业自律组织代表
    OUTSIDE = "outside"  # 社会专家


@dataclass(frozen=True, slots=True)
class ExpertOpinion:
    expert: str
    group: ExpertGroup
    opinion_given: bool
    independent: bool  # given independently (not jointly or under instruction)


@dataclass(frozen=True, slots=True)
class ActionFacts:
    on: date
    actor: str
    experts: tuple[ExpertOpinion, ...] = ()  # COMPLETE_EXPERT_REVIEW
    extension_months: int = 0  # EXTEND_SIGNING
    note: str = ""


@dataclass(frozen=True, slots=True)
class TransitionRecord:
    action: Action
    from_stage: ProcedureStage
    to_stage: ProcedureStage
    on: date
    actor: str


@dataclass(frozen=True, slots=True)
class ApplicationState:
    stage: ProcedureStage = ProcedureStage.APPLICATION
    approved_on: date | None = None
    notice_started_on: date | None = None
    objection_raised_on: date | None = None
    sign_extension_months: int = 0  # 0: no extension granted yet
    signed_on: date | None = None
    filed_on: date | None = None
    history: tuple[TransitionRecord, ...] = ()


def allowed_transitions(state: ApplicationState) -> Mapping[Action, ProcedureStage]:
    """The actions the procedure allows now and the stage each leads to."""
    moves = dict(_GRAPH.get(state.stage, {}))
    if state.stage in _BEFORE_SIGNING and state.stage is not S.APPLICATION:
        moves[A.WITHDRAW] = S.WITHDRAWN
    if state.sign_extension_months:
        moves.pop(A.EXTEND_SIGNING, None)  # 延期一次: only once
    if state.filed_on is not None:
        moves.pop(A.FILE_AGREEMENT, None)
    if state.stage is S.PUBLIC_NOTICE and state.notice_started_on is not None:
        moves.pop(A.START_NOTICE, None)
    return MappingProxyType(moves)


def _refuse(
    rule_id: str, zh: str, en: str, state: ApplicationState, action: Action
) -> FundDomainError:
    return FundDomainError(rule_id, zh, en, {"stage": state.stage, "action": action})


def transition(
    state: ApplicationState,
    action: Action,
    facts: ActionFacts,
    *,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> ApplicationState:
    """Apply `action` on `facts.on` by `facts.actor`, or raise FundDomainError naming the rule."""
    moves = allowed_transitions(state)
    if action not in moves:
        raise _refuse(
            "FUND-PROC-STAGES",
            f"当前阶段“{state.stage}”不允许“{action}”，程序不得跳过或倒退。",
            f"'{action}' is not allowed at stage '{state.stage}': no stage may be skipped or repeated.",
            state,
            action,
        )
    if not facts.actor.strip():
        raise _refuse(
            "FUND-PROC-STAGES",
            "每一步须记录操作人。",
            "Every step must name its actor.",
            state,
            action,
        )
    if state.history and facts.on < state.history[-1].on:
        raise _refuse(
            "FUND-PROC-STAGES",
            f"日期{facts.on}早于上一步{state.history[-1].on}。",
            f"{facts.on} precedes the previous step on {state.history[-1].on}.",
            state,
            action,
        )
    target = moves[action]
    changes: dict[str, object] = {}
    on = facts.on

    if action is A.COMPLETE_EXPERT_REVIEW:
        _check_experts(facts, params, region, state)
    elif action is A.APPROVE:
        changes["approved_on"] = on
    elif action is A.START_NOTICE:
        changes["notice_started_on"] = on
    elif action is A.CLOSE_NOTICE:
        started = _notice_started(state, action)
        end = notice_end(started, params=params, region=region).due
        if on < end:
            raise _refuse(
                "FUND-PROC-NOTICE",
                f"公示期5个工作日至{end}届满，不得提前结束。",
                f"The notice runs through {end}; it cannot close earlier.",
                state,
                action,
            )
    elif action is A.RAISE_OBJECTION:
        started = _notice_started(state, action)
        end = notice_end(started, params=params, region=region).due
        if on > end:
            raise _refuse(
                "FUND-PROC-NOTICE",
                f"公示期已于{end}届满。",
                f"The notice period ended on {end}.",
                state,
                action,
            )
        changes["objection_raised_on"] = on
    elif action in (A.SIGN, A.EXTEND_SIGNING, A.TERMINATE):
        _check_signing(state, action, facts, params, region)
        if action is A.SIGN:
            changes["signed_on"] = on
        elif action is A.EXTEND_SIGNING:
            changes["sign_extension_months"] = facts.extension_months
    elif action is A.FILE_AGREEMENT:
        changes["filed_on"] = on  # late filing is recorded; its deadline reports the delay

    record = TransitionRecord(action, state.stage, target, on, facts.actor)
    return replace(state, stage=target, history=(*state.history, record), **changes)  # type: ignore[arg-type]


def _notice_started(state: ApplicationState, action: Action) -> date:
    if state.notice_started_on is None:
        raise _refuse(
            "FUND-PROC-NOTICE",
            "尚未开始公示。",
            "The public notice has not started.",
            state,
            action,
        )
    return state.notice_started_on


def _check_experts(
    facts: ActionFacts, params: ParameterSet, region: str | None, state: ApplicationState
) -> None:
    least = Evaluation(params, facts.on, region).count(p.EXPERTS_MIN)
    experts = facts.experts
    names = {e.expert for e in experts}
    groups = {e.group for e in experts}
    lacking = [e.expert for e in experts if not (e.opinion_given and e.independent)]
    if len(names) < least:
        raise _refuse(
            "FUND-PROC-EXPERTS",
            f"评审专家{len(names)}人，少于{least}人。",
            f"{len(names)} experts, fewer than {least}.",
            state,
            A.COMPLETE_EXPERT_REVIEW,
        )
    if groups != set(ExpertGroup):
        missing = ", ".join(sorted(g.value for g in set(ExpertGroup) - groups))
        raise _refuse(
            "FUND-PROC-EXPERTS",
            f"评审专家须由政府有关部门、创业投资行业自律组织代表和社会专家组成（缺：{missing}）。",
            f"The panel must include government, VC self-regulatory and outside experts (missing: {missing}).",
            state,
            A.COMPLETE_EXPERT_REVIEW,
        )
    if lacking:
        raise _refuse(
            "FUND-PROC-EXPERTS",
            f"专家须各自提出独立评审意见：{'、'.join(lacking)}。",
            f"Each expert must give an independent opinion: {', '.join(lacking)}.",
            state,
            A.COMPLETE_EXPERT_REVIEW,
        )


def _check_signing(
    state: ApplicationState,
    action: Action,
    facts: ActionFacts,
    params: ParameterSet,
    region: str | None,
) -> None:
    if state.approved_on is None:
        raise _refuse(
            "FUND-PROC-STAGES", "尚无批准日期。", "No approval date is recorded.", state, action
        )
    if action is A.EXTEND_SIGNING:
        if facts.extension_months <= 0:
            raise _refuse(
                "FUND-PROC-SIGN-6M",
                "延期须为正的月数。",
                "An extension needs a positive number of months.",
                state,
                action,
            )
        # raises FUND-PROC-SIGN-6M when longer than allowed
        report_due = signing_deadlines(state.approved_on, params=params, region=region)[1].due
        signing_deadlines(
            state.approved_on, extension_months=facts.extension_months, params=params, region=region
        )
        if facts.on > report_due:
            raise _refuse(
                "FUND-PROC-SIGN-6M",
                f"终止情况应于{report_due}前报送，已不能延期。",
                f"The termination was due to be reported by {report_due}; too late to extend.",
                state,
                action,
            )
        return
    sign_due = signing_deadlines(
        state.approved_on,
        extension_months=state.sign_extension_months,
        params=params,
        region=region,
    )[0].due
    if action is A.SIGN and facts.on > sign_due:
        raise _refuse(
            "FUND-PROC-SIGN-6M",
            f"签署期限{sign_due}已过，须报送终止投资情况或申请延期。",
            f"The signing deadline {sign_due} has passed: report the termination or obtain the extension.",
            state,
            action,
        )
    if action is A.TERMINATE and facts.on <= sign_due:
        raise _refuse(
            "FUND-PROC-SIGN-6M",
            f"签署期限至{sign_due}，尚未届满。",
            f"The signing deadline {sign_due} has not passed yet.",
            state,
            action,
        )


def pending_deadlines(
    state: ApplicationState, *, params: ParameterSet = DEFAULT_PARAMETERS, region: str | None = None
) -> tuple[Deadline, ...]:
    """The deadlines running in this state (FUND-PROC-NOTICE, -SIGN-6M, -FILING)."""
    out: list[Deadline] = []
    if state.stage is S.PUBLIC_NOTICE and state.notice_started_on is not None:
        out.append(notice_end(state.notice_started_on, params=params, region=region))
    if state.stage is S.OBJECTION_INVESTIGATION and state.objection_raised_on is not None:
        out.append(objection_due(state.objection_raised_on, params=params, region=region))
    if (
        state.stage in (S.PUBLIC_NOTICE, S.OBJECTION_INVESTIGATION, S.SIGNING)
        and state.approved_on is not None
    ):
        out.extend(
            signing_deadlines(
                state.approved_on,
                extension_months=state.sign_extension_months,
                params=params,
                region=region,
            )
        )
    if state.signed_on is not None and state.filed_on is None:
        out.append(filing_due(state.signed_on, params=params, region=region))
    return tuple(out)
