"""Sub-fund applications: creation with a stored check, the set-up procedure and its deadlines.

A transition runs in the request's transaction: the application row is locked
(`SELECT … FOR UPDATE`) and its version compared with `If-Match`, so of two concurrent steps
sent with the same ETag exactly one applies and the other gets 412. The domain's
`fund.domain.workflow.transition` decides whether the step is allowed (raising a
`FundDomainError` that names the rule); this module stores the new state, the step, the expert
opinions, the audit record, and brings the deadlines register in line with
`workflow.pending_deadlines`: a deadline the step answers is closed as met on the step's day,
one it makes obsolete is cancelled, new ones are recorded.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.application_schemas import (
    COMMITTEE_ACTIONS,
    ApplicationCreate,
    TransitionCreate,
)
from fund.api.deps import DECIDE, WRITE
from fund.db.applications import application_transitions, applications, expert_opinions
from fund.domain import (
    Action,
    ActionFacts,
    ApplicationState,
    Deadline,
    DeadlineKind,
    ExpertGroup,
    ExpertOpinion,
    FundDomainError,
    ProcedureStage,
    TransitionRecord,
    allowed_transitions,
    check_application,
    pending_deadlines,
    transition,
)
from fund.service import deadlines as dl
from fund.service.procedure import (
    actor_of,
    audit_step,
    not_in_future,
    record_step,
    require_scope,
    rules_failed,
    step_out,
    steps_of,
)
from fund.service.provisional import warnings_for
from govkit import audit
from govkit.calendar.provisional import allowing_provisional
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id
from govkit.http.versions import parse_if_match, require_version
from govkit.platform.decisions import load_decision, store_decision
from govkit.rules import Decision, ParameterSet
from govkit.store.paging import newest_first
from govkit.store.rows import (
    created_stamp,
    fetch_row,
    first_version,
    name_contains,
    not_found,
)

SUBJECT = "fund.application"
SHANGHAI = ZoneInfo("Asia/Shanghai")
A, S, K = Action, ProcedureStage, DeadlineKind

# The deadline a step answers (closed as met on the step's day); any other open deadline the
# step leaves behind is cancelled (an objection ends the notice, signing ends the 6 months).
ANSWERS: Mapping[Action, frozenset[DeadlineKind]] = {
    A.CLOSE_NOTICE: frozenset({K.NOTICE_END}),
    A.CLEAR_OBJECTION: frozenset({K.OBJECTION_CONCLUSION}),
    A.UPHOLD_OBJECTION: frozenset({K.OBJECTION_CONCLUSION}),
    A.SIGN: frozenset({K.SIGNING}),
    A.TERMINATE: frozenset({K.TERMINATION_REPORT}),  # the termination report is the step
    A.FILE_AGREEMENT: frozenset({K.FILING}),
}
FACTS_EDITABLE = frozenset({S.APPLICATION, S.PRE_REVIEW})


# ---- helpers ----------------------------------------------------------------------------------


def scope_of(action: Action) -> str:
    return DECIDE if action in COMMITTEE_ACTIONS else WRITE


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), SHANGHAI).astimezone(UTC)


# ---- state ------------------------------------------------------------------------------------


def state_of(row: Any, history: Sequence[Any]) -> ApplicationState:
    return ApplicationState(
        stage=ProcedureStage(row.stage),
        approved_on=row.approved_on,
        notice_started_on=row.notice_started_on,
        objection_raised_on=row.objection_raised_on,
        sign_extension_months=row.sign_extension_months,
        signed_on=row.signed_on,
        filed_on=row.filed_on,
        history=tuple(
            TransitionRecord(Action(t.action), S(t.from_stage), S(t.to_stage), t.on, t.actor)
            for t in history
        ),
    )


async def _row(
    session: AsyncSession, application_id: uuid.UUID, *, lock: bool = False
) -> sa.Row[Any]:
    missing = not_found("application", "application_id", application_id)
    return await fetch_row(
        session, applications.c.application_id, application_id, missing, lock=lock
    )


async def _history(session: AsyncSession, application_id: uuid.UUID) -> list[Any]:
    return await steps_of(session, application_transitions.c.application_id, application_id)


def _audit_view(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = (
        "name",
        "applicant",
        "region",
        "stage",
        "check_decision_id",
        "check_outcome",
        "submitted_on",
        "approved_on",
        "notice_started_on",
        "objection_raised_on",
        "sign_extension_months",
        "signed_on",
        "filed_on",
        "version",
    )
    return {k: row.get(k) for k in keys}


# ---- creation and check -----------------------------------------------------------------------


async def _check(
    session: AsyncSession,
    body: ApplicationCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> Decision:
    decision = check_application(body.to_domain(), params, body.as_of or today)
    await store_decision(session, decision, principal)
    return decision


def _facts_json(body: ApplicationCreate) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude={"as_of"})


async def create_application(
    session: AsyncSession,
    body: ApplicationCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> uuid.UUID:
    """Store the application at stage `application`, with its check stored as a decision."""
    decision = await _check(session, body, params=params, principal=principal, today=today)
    application_id = uuid.uuid4()
    now = datetime.now(UTC)
    values = {
        "application_id": application_id,
        "name": body.fund_name,
        "applicant": body.applicant.name,
        "region": body.region,
        "stage": S.APPLICATION.value,
        "facts": _facts_json(body),
        "check_decision_id": uuid.UUID(decision.decision_id),
        "check_outcome": decision.outcome.value,
        "sign_extension_months": 0,
        **first_version(principal, current_request_id(), now),
    }
    await session.execute(sa.insert(applications).values(**values))
    await audit.append(
        session,
        principal,
        None,
        "application.create",
        "application",
        application_id,
        None,
        _audit_view(values),
    )
    return application_id


async def update_facts(
    session: AsyncSession,
    application_id: uuid.UUID,
    body: ApplicationCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> int:
    """Replace the facts and re-check them; only before pre-review is complete."""
    expected = parse_if_match(if_match)
    row = await _row(session, application_id, lock=True)
    require_version("application", row.version, expected)
    if ProcedureStage(row.stage) not in FACTS_EDITABLE:
        raise FundDomainError(
            "FUND-PROC-STAGES",
            f"阶段“{row.stage}”的申报事实不可更改（预审完成后须按程序进行）。",
            f"The facts cannot change at stage '{row.stage}': pre-review is complete.",
            {"stage": row.stage},
        )
    decision = await _check(session, body, params=params, principal=principal, today=today)
    before = _audit_view(row._asdict())
    changes = {
        "name": body.fund_name,
        "applicant": body.applicant.name,
        "region": body.region,
        "facts": _facts_json(body),
        "check_decision_id": uuid.UUID(decision.decision_id),
        "check_outcome": decision.outcome.value,
        "version": row.version + 1,
        "updated_at": datetime.now(UTC),
    }
    await session.execute(
        sa.update(applications)
        .where(applications.c.application_id == application_id)
        .values(**changes)
    )
    await audit.append(
        session,
        principal,
        None,
        "application.update_facts",
        "application",
        application_id,
        before,
        _audit_view({**row._asdict(), **changes}),
    )
    return int(row.version) + 1


# ---- transitions ------------------------------------------------------------------------------


def _experts(body: TransitionCreate) -> tuple[ExpertOpinion, ...]:
    return tuple(
        ExpertOpinion(e.expert, ExpertGroup(e.group), e.opinion_given, e.independent)
        for e in body.experts
    )


async def apply_transition(
    session: AsyncSession,
    application_id: uuid.UUID,
    body: TransitionCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> int:
    """Take one step of the procedure; the application's new version."""
    expected = parse_if_match(if_match)
    require_scope(
        principal,
        scope_of(body.action),
        f"'{body.action}' is the committee's decision: it needs scope {DECIDE}.",
    )
    not_in_future(body.on, today)
    row = await _row(session, application_id, lock=True)
    require_version("application", row.version, expected)
    history = await _history(session, application_id)
    state = state_of(row, history)
    if (
        body.action is A.COMPLETE_PRE_REVIEW
        and state.stage is S.PRE_REVIEW
        and row.check_outcome == "fail"
    ):
        decision = await load_decision(session, row.check_decision_id)
        failed = decision.failed_rules if decision else ["FUND-PROC-STAGES"]
        rules_failed(
            row.check_decision_id,
            failed,
            f"申报方案不符合本办法规定（{'、'.join(failed)}），不能通过预审。",
            f"The application breaks {', '.join(failed)}: it cannot pass pre-review.",
        )
    facts = ActionFacts(
        on=body.on,
        actor=actor_of(principal),
        experts=_experts(body),
        extension_months=body.extension_months,
        note=body.note,
    )
    # The step is recorded even when its deadlines need an unpublished year: they are then
    # provisional (fund.service.provisional) and reported as warnings.
    new, _ = allowing_provisional(
        partial(transition, state, body.action, facts, params=params, region=row.region)
    )

    now = datetime.now(UTC)
    rid = current_request_id()
    changes: dict[str, Any] = {
        "stage": new.stage.value,
        "approved_on": new.approved_on,
        "notice_started_on": new.notice_started_on,
        "objection_raised_on": new.objection_raised_on,
        "sign_extension_months": new.sign_extension_months,
        "signed_on": new.signed_on,
        "filed_on": new.filed_on,
        "last_action_on": body.on,
        "version": row.version + 1,
        "updated_at": now,
    }
    if body.action is A.SUBMIT:
        changes["submitted_on"] = body.on
    await session.execute(
        sa.update(applications)
        .where(applications.c.application_id == application_id)
        .values(**changes)
    )
    stamp = created_stamp(principal, rid, now)
    transition_id = await record_step(
        session,
        application_transitions.c.application_id,
        application_id,
        {
            "seq": len(history) + 1,
            "action": body.action.value,
            "from_stage": state.stage.value,
            "to_stage": new.stage.value,
            "on": body.on,
            "actor": facts.actor,
            "note": body.note,
            "extension_months": body.extension_months or None,
        },
        stamp,
    )
    if body.experts:
        await session.execute(
            sa.insert(expert_opinions),
            [
                {
                    "opinion_id": uuid.uuid4(),
                    "application_id": application_id,
                    "transition_id": transition_id,
                    "expert": e.expert,
                    "expert_group": e.group.value,
                    "opinion_given": e.opinion_given,
                    "independent": e.independent,
                    "recommendation": e.recommendation,
                    "opinion": e.opinion,
                    **stamp,
                }
                for e in body.experts
            ],
        )
    await audit_step(
        session,
        principal,
        rid,
        "application",
        application_id,
        _audit_view(row._asdict()),
        _audit_view({**row._asdict(), **changes}),
        {
            "action": body.action.value,
            "on": body.on,
            "experts": len(body.experts),
            "note": body.note,
        },
    )
    await _sync_deadlines(
        session,
        application_id,
        row.name,
        body.action,
        body.on,
        allowing_provisional(partial(pending_deadlines, new, params=params, region=row.region))[0],
        principal=principal,
        now=now,
    )
    return int(row.version) + 1


async def _sync_deadlines(
    session: AsyncSession,
    application_id: uuid.UUID,
    name: str,
    action: Action,
    on: date,
    pending: Sequence[Deadline],
    *,
    principal: Principal,
    now: datetime,
) -> None:
    """Make the open deadlines of the register the ones the new state has running."""
    owner = dl.Owner(application_id=application_id)
    rid = current_request_id()
    wanted = {d.kind.value: d for d in pending}
    stale = {
        kind
        for kind, due in (await dl.open_kinds(session, owner)).items()
        if kind not in wanted or wanted[kind].due != due
    }
    answered = tuple(sorted(k.value for k in ANSWERS.get(action, frozenset()) if k in stale))
    if answered:
        await dl.close(
            session,
            owner,
            answered,
            status=dl.MET,
            on=on,
            principal=principal,
            request_id=rid,
            now=now,
            note=action.value,
        )
    obsolete = tuple(sorted(stale - set(answered)))
    if obsolete:
        await dl.close(
            session,
            owner,
            obsolete,
            status=dl.CANCELLED,
            on=on,
            principal=principal,
            request_id=rid,
            now=now,
            note=f"{action.value} on {on}",
        )
    still_open = (await dl.open_kinds(session, owner)).keys()
    for kind, deadline in wanted.items():
        if kind not in still_open:
            await dl.record(
                session,
                dataclasses.replace(deadline, subject=name[:200]),
                owner,
                principal=principal,
                request_id=rid,
                now=now,
            )


# ---- views ------------------------------------------------------------------------------------


def allowed_actions_out(state: ApplicationState) -> list[dict[str, Any]]:
    return [
        {"action": a, "to_stage": to, "scope": scope_of(a)}
        for a, to in allowed_transitions(state).items()
    ]


def transition_out(t: Any) -> dict[str, Any]:
    return step_out(t, "extension_months")


def summary_out(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "application_id",
            "name",
            "applicant",
            "region",
            "stage",
            "check_outcome",
            "approved_on",
            "signed_on",
            "version",
            "created_at",
            "updated_at",
        )
    }


async def application_out(
    session: AsyncSession, application_id: uuid.UUID, *, today: date
) -> dict[str, Any]:
    row = await _row(session, application_id)
    history = await _history(session, application_id)
    opinions = await session.execute(
        sa.select(expert_opinions)
        .where(expert_opinions.c.application_id == application_id)
        .order_by(
            expert_opinions.c.created_at,
            expert_opinions.c.expert_group,
            expert_opinions.c.expert,
        )
    )
    check = await load_decision(session, row.check_decision_id) if row.check_decision_id else None
    owned = await dl.of_owner(session, dl.Owner(application_id=application_id), today=today)
    return {
        **summary_out(row),
        "submitted_on": row.submitted_on,
        "notice_started_on": row.notice_started_on,
        "objection_raised_on": row.objection_raised_on,
        "sign_extension_months": row.sign_extension_months,
        "filed_on": row.filed_on,
        "last_action_on": row.last_action_on,
        "created_by": row.created_by,
        "facts": row.facts,
        "check": check,
        "allowed_actions": allowed_actions_out(state_of(row, history)),
        "deadlines": owned,
        "warnings": warnings_for(owned),
        "history": [transition_out(t) for t in history],
        "expert_opinions": [
            {
                "opinion_id": o.opinion_id,
                "transition_id": o.transition_id,
                "expert": o.expert,
                "group": o.expert_group,
                "opinion_given": o.opinion_given,
                "independent": o.independent,
                "recommendation": o.recommendation,
                "opinion": o.opinion,
            }
            for o in opinions
        ],
    }


async def transitions_of(session: AsyncSession, application_id: uuid.UUID) -> list[dict[str, Any]]:
    await _row(session, application_id)
    return [transition_out(t) for t in await _history(session, application_id)]


async def list_applications(
    session: AsyncSession,
    *,
    stage: ProcedureStage | None,
    name: str | None,
    created_from: date | None,
    created_to: date | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first; `created_from`/`created_to` are Asia/Shanghai days, both inclusive."""
    cond: list[sa.ColumnElement[bool]] = []
    if stage is not None:
        cond.append(applications.c.stage == stage.value)
    if name:
        cond.append(name_contains(applications.c.name, name))
    if created_from is not None:
        cond.append(applications.c.created_at >= _day_start(created_from))
    if created_to is not None:
        cond.append(applications.c.created_at < _day_start(created_to + timedelta(days=1)))
    page, cursor = await newest_first(session, applications, cond, after, limit=limit)
    return [summary_out(r) for r in page], cursor
