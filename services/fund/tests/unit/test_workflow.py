"""The set-up procedure as a state machine (FUND-PROC-STAGES and the rules tied to its steps)."""

from __future__ import annotations

from datetime import date

import pytest

from fund.domain import (
    Action,
    ActionFacts,
    ApplicationState,
    ExpertGroup,
    ExpertOpinion,
    FundDomainError,
    ProcedureStage,
    allowed_transitions,
    pending_deadlines,
    transition,
)
from fund.domain.deadlines import DeadlineKind

A, S = Action, ProcedureStage
PANEL = (
    ExpertOpinion("官员甲", ExpertGroup.GOVERNMENT, True, True),
    ExpertOpinion("官员乙", ExpertGroup.GOVERNMENT, True, True),
    ExpertOpinion("协会代表", ExpertGroup.VC_SELF_REGULATORY, True, True),
    ExpertOpinion("教授", ExpertGroup.OUTSIDE, True, True),
    ExpertOpinion("律师", ExpertGroup.OUTSIDE, True, True),
)


def step(state: ApplicationState, action: Action, on: date, **facts: object) -> ApplicationState:
    return transition(state, action, ActionFacts(on, "officer-1", **facts))  # type: ignore[arg-type]


def approved() -> ApplicationState:
    s = ApplicationState()
    s = step(s, A.SUBMIT, date(2021, 8, 1))
    s = step(s, A.COMPLETE_PRE_REVIEW, date(2021, 8, 5))
    s = step(s, A.COMPLETE_DUE_DILIGENCE, date(2021, 8, 15))
    s = step(s, A.COMPLETE_EXPERT_REVIEW, date(2021, 8, 20), experts=PANEL)
    return step(s, A.APPROVE, date(2021, 8, 31))


def refused(state: ApplicationState, action: Action, on: date, **facts: object) -> str:
    with pytest.raises(FundDomainError) as err:
        step(state, action, on, **facts)
    return err.value.rule_id


def test_the_whole_procedure_in_order() -> None:
    s = approved()
    assert s.stage is S.PUBLIC_NOTICE
    assert s.approved_on == date(2021, 8, 31)
    s = step(s, A.START_NOTICE, date(2022, 1, 28))
    assert [d.due for d in pending_deadlines(s)] == [
        date(2022, 2, 8),
        date(2022, 2, 28),
        date(2022, 3, 28),
    ]
    s = step(s, A.CLOSE_NOTICE, date(2022, 2, 8))  # the last day of the 5 working days
    s = step(s, A.SIGN, date(2022, 2, 10))
    assert s.stage is S.POST_INVESTMENT
    assert [(d.kind, d.due) for d in pending_deadlines(s)] == [
        (DeadlineKind.FILING, date(2022, 2, 24))
    ]
    s = step(s, A.FILE_AGREEMENT, date(2022, 2, 14))
    assert pending_deadlines(s) == ()
    s = step(s, A.CLOSE, date(2029, 12, 31))
    assert s.stage is S.CLOSED
    assert allowed_transitions(s) == {}
    assert [r.action for r in s.history][:3] == [
        A.SUBMIT,
        A.COMPLETE_PRE_REVIEW,
        A.COMPLETE_DUE_DILIGENCE,
    ]
    assert all(r.actor == "officer-1" for r in s.history)


def test_no_stage_may_be_skipped() -> None:
    assert refused(ApplicationState(), A.APPROVE, date(2021, 8, 1)) == "FUND-PROC-STAGES"
    s = step(ApplicationState(), A.SUBMIT, date(2021, 8, 1))
    assert (
        refused(s, A.COMPLETE_EXPERT_REVIEW, date(2021, 8, 2), experts=PANEL) == "FUND-PROC-STAGES"
    )
    assert A.COMPLETE_DUE_DILIGENCE not in allowed_transitions(s)


def test_every_step_names_its_actor_and_time_moves_forward() -> None:
    with pytest.raises(FundDomainError):
        transition(ApplicationState(), A.SUBMIT, ActionFacts(date(2021, 8, 1), " "))
    s = step(ApplicationState(), A.SUBMIT, date(2021, 8, 1))
    assert refused(s, A.COMPLETE_PRE_REVIEW, date(2021, 7, 31)) == "FUND-PROC-STAGES"


def at_expert_review() -> ApplicationState:
    s = step(ApplicationState(), A.SUBMIT, date(2021, 8, 1))
    s = step(s, A.COMPLETE_PRE_REVIEW, date(2021, 8, 5))
    return step(s, A.COMPLETE_DUE_DILIGENCE, date(2021, 8, 15))


@pytest.mark.parametrize(
    "panel",
    [
        PANEL[:4],  # four experts
        (*PANEL[:4], PANEL[0]),  # the same expert twice is still four
        (*PANEL[:4], ExpertOpinion("律师", ExpertGroup.OUTSIDE, True, False)),  # not independent
        (*PANEL[:4], ExpertOpinion("律师", ExpertGroup.OUTSIDE, False, True)),  # no opinion
        tuple(
            ExpertOpinion(f"教授{i}", ExpertGroup.OUTSIDE, True, True) for i in range(5)
        ),  # one group only
    ],
)
def test_expert_panel_rules(panel: tuple[ExpertOpinion, ...]) -> None:
    assert (
        refused(at_expert_review(), A.COMPLETE_EXPERT_REVIEW, date(2021, 8, 20), experts=panel)
        == "FUND-PROC-EXPERTS"
    )


def test_five_independent_experts_suffice() -> None:
    s = step(at_expert_review(), A.COMPLETE_EXPERT_REVIEW, date(2021, 8, 20), experts=PANEL)
    assert s.stage is S.INVESTMENT_DECISION


def test_the_notice_runs_its_full_five_working_days() -> None:
    s = step(approved(), A.START_NOTICE, date(2022, 1, 28))
    assert refused(s, A.CLOSE_NOTICE, date(2022, 2, 7)) == "FUND-PROC-NOTICE"
    assert (
        refused(approved(), A.CLOSE_NOTICE, date(2022, 2, 8)) == "FUND-PROC-NOTICE"
    )  # never started
    assert refused(s, A.RAISE_OBJECTION, date(2022, 2, 9)) == "FUND-PROC-NOTICE"  # after it ended


def test_an_objection_is_investigated_then_cleared_or_upheld() -> None:
    s = step(approved(), A.START_NOTICE, date(2021, 12, 15))
    s = step(s, A.RAISE_OBJECTION, date(2021, 12, 20))
    assert s.stage is S.OBJECTION_INVESTIGATION
    assert pending_deadlines(s)[0].due == date(2022, 1, 30)
    assert step(s, A.UPHOLD_OBJECTION, date(2022, 1, 10)).stage is S.REJECTED
    assert step(s, A.CLEAR_OBJECTION, date(2022, 1, 10)).stage is S.SIGNING


def at_signing() -> ApplicationState:
    s = step(approved(), A.START_NOTICE, date(2021, 9, 1))
    return step(s, A.CLOSE_NOTICE, date(2021, 9, 8))


def test_signing_after_the_deadline_is_refused_and_termination_allowed() -> None:
    s = at_signing()
    assert step(s, A.SIGN, date(2022, 2, 28)).stage is S.POST_INVESTMENT
    assert refused(s, A.SIGN, date(2022, 3, 1)) == "FUND-PROC-SIGN-6M"
    assert refused(s, A.TERMINATE, date(2022, 2, 28)) == "FUND-PROC-SIGN-6M"
    assert step(s, A.TERMINATE, date(2022, 3, 1)).stage is S.TERMINATED


def test_one_extension_of_at_most_3_months() -> None:
    s = at_signing()
    assert (
        refused(s, A.EXTEND_SIGNING, date(2022, 2, 20), extension_months=4) == "FUND-PROC-SIGN-6M"
    )
    s = step(s, A.EXTEND_SIGNING, date(2022, 2, 20), extension_months=3)
    assert s.sign_extension_months == 3
    assert A.EXTEND_SIGNING not in allowed_transitions(s)
    assert refused(s, A.EXTEND_SIGNING, date(2022, 2, 21), extension_months=1) == "FUND-PROC-STAGES"
    assert step(s, A.SIGN, date(2022, 5, 30)).stage is S.POST_INVESTMENT
    assert refused(s, A.SIGN, date(2022, 5, 31)) == "FUND-PROC-SIGN-6M"


def test_withdrawal_is_possible_until_signing() -> None:
    assert step(approved(), A.WITHDRAW, date(2021, 9, 1)).stage is S.WITHDRAWN
    signed = step(at_signing(), A.SIGN, date(2021, 10, 1))
    assert A.WITHDRAW not in allowed_transitions(signed)
