"""Concession applications (五（三）, FUND-CONC-PROC): amount on the applied day, then the steps.

申请 → 审核（30个工作日内）→ 提请管委会审定（审核意见后30个工作日内）→ 审定 → 公示（审定后5个工作日内
开始，为期5个工作日）→ 异议调查（30个工作日内）→ 执行（公示无异议或调查不影响后5个工作日内）.

The procedure is a small state machine (`CONCESSION_GRAPH`); a step it does not allow, or one
dated against the notice period, is refused with a FundDomainError naming FUND-CONC-PROC. Each
step closes the deadline it answers and records the next one (`fund.domain.concession_deadlines`).
A transition locks the row and compares `If-Match`, as applications do.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.concession_schemas import (
    ConcessionAction,
    ConcessionCreate,
    ConcessionKind,
    ConcessionStage,
    ConcessionTransitionCreate,
)
from fund.api.deps import DECIDE, WRITE
from fund.db.applications import concession_transitions, concessions
from fund.db.portfolio import sub_funds
from fund.domain import (
    Deadline,
    DeadlineKind,
    FundDomainError,
    PostLiquidationFacts,
    PreLiquidationFacts,
    concession_deadlines,
    pick_lpr,
    post_liquidation_concession,
    pre_liquidation_price,
)
from fund.service import deadlines as dl
from fund.service import lpr
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
from govkit.store.rows import created_stamp, fetch_row, first_version, not_found

RULE = "FUND-CONC-PROC"
St, Ac, K = ConcessionStage, ConcessionAction, DeadlineKind

CONCESSION_GRAPH: Mapping[ConcessionStage, Mapping[ConcessionAction, ConcessionStage]] = {
    St.APPLIED: {Ac.REVIEW: St.REVIEWED, Ac.REJECT: St.REJECTED},
    St.REVIEWED: {Ac.SUBMIT: St.SUBMITTED, Ac.REJECT: St.REJECTED},
    St.SUBMITTED: {Ac.DECIDE: St.DECIDED, Ac.REJECT: St.REJECTED},
    St.DECIDED: {Ac.START_NOTICE: St.NOTICE},
    St.NOTICE: {Ac.RAISE_OBJECTION: St.OBJECTION, Ac.CLEAR: St.CLEARED},
    St.OBJECTION: {Ac.CLEAR: St.CLEARED, Ac.REJECT: St.REJECTED},
    St.CLEARED: {Ac.EXECUTE: St.EXECUTED},
}
# The column each step dates.
_DATES: Mapping[ConcessionAction, str] = {
    Ac.REVIEW: "reviewed_on",
    Ac.SUBMIT: "submitted_on",
    Ac.DECIDE: "decided_on",
    Ac.START_NOTICE: "notice_started_on",
    Ac.RAISE_OBJECTION: "objection_raised_on",
    Ac.CLEAR: "cleared_on",
    Ac.EXECUTE: "executed_on",
}
# The deadline each step answers (met on its day) and the one it starts.
_ANSWERS: Mapping[ConcessionAction, tuple[DeadlineKind, ...]] = {
    Ac.REVIEW: (K.CONCESSION_REVIEW,),
    Ac.SUBMIT: (K.CONCESSION_SUBMISSION,),
    Ac.START_NOTICE: (K.CONCESSION_NOTICE_START,),
    Ac.CLEAR: (K.CONCESSION_NOTICE_END, K.CONCESSION_OBJECTION),
    Ac.EXECUTE: (K.CONCESSION_EXECUTION,),
}
_STARTS: Mapping[ConcessionAction, DeadlineKind] = {
    Ac.REVIEW: K.CONCESSION_SUBMISSION,
    Ac.DECIDE: K.CONCESSION_NOTICE_START,
    Ac.START_NOTICE: K.CONCESSION_NOTICE_END,
    Ac.RAISE_OBJECTION: K.CONCESSION_OBJECTION,
    Ac.CLEAR: K.CONCESSION_EXECUTION,
}
_ALL_KINDS = tuple(
    k.value
    for k in (
        K.CONCESSION_REVIEW,
        K.CONCESSION_SUBMISSION,
        K.CONCESSION_NOTICE_START,
        K.CONCESSION_NOTICE_END,
        K.CONCESSION_OBJECTION,
        K.CONCESSION_EXECUTION,
    )
)


def allowed(stage: ConcessionStage) -> Mapping[ConcessionAction, ConcessionStage]:
    return CONCESSION_GRAPH.get(stage, {})


def scope_of(stage: ConcessionStage, action: ConcessionAction) -> str:
    committee = action in (Ac.DECIDE, Ac.REJECT) or (action is Ac.CLEAR and stage is St.OBJECTION)
    return DECIDE if committee else WRITE


def _refuse(zh: str, en: str, **facts: object) -> FundDomainError:
    return FundDomainError(RULE, zh, en, facts)


def _deadlines_of(
    row: Mapping[str, Any], params: ParameterSet, region: str | None
) -> dict[DeadlineKind, Deadline]:
    # A step is recorded even when a deadline needs an unpublished year: it is then provisional.
    found, _ = allowing_provisional(
        partial(
            concession_deadlines,
            row["applied_on"],
            reviewed_on=row.get("reviewed_on"),
            decided_on=row.get("decided_on"),
            notice_started_on=row.get("notice_started_on"),
            objection_raised_on=row.get("objection_raised_on"),
            cleared_on=row.get("cleared_on"),
            params=params,
            region=region,
        )
    )
    return {d.kind: d for d in found}


def check_step(
    row: Mapping[str, Any],
    action: ConcessionAction,
    on: date,
    *,
    params: ParameterSet,
) -> ConcessionStage:
    """The stage `action` leads to, or FundDomainError(FUND-CONC-PROC)."""
    stage = ConcessionStage(row["stage"])
    moves = allowed(stage)
    if action not in moves:
        raise _refuse(
            f"让利程序当前阶段“{stage}”不允许“{action}”，不得跳过或倒退。",
            f"'{action}' is not allowed at stage '{stage}' of the concession procedure.",
            stage=stage,
            action=action,
        )
    if on < row["last_action_on"]:
        raise _refuse(
            f"日期{on}早于上一步{row['last_action_on']}。",
            f"{on} precedes the previous step on {row['last_action_on']}.",
            stage=stage,
            action=action,
        )
    if stage is St.NOTICE and action in (Ac.CLEAR, Ac.RAISE_OBJECTION):
        end = _deadlines_of(row, params, row.get("region"))[K.CONCESSION_NOTICE_END].due
        if action is Ac.CLEAR and on < end:
            raise _refuse(
                f"公示期5个工作日至{end}届满，不得提前结束。",
                f"The notice runs through {end}; it cannot close earlier.",
                stage=stage,
                action=action,
                notice_end=end,
            )
        if action is Ac.RAISE_OBJECTION and on > end:
            raise _refuse(
                f"公示期已于{end}届满。",
                f"The notice period ended on {end}.",
                stage=stage,
                action=action,
                notice_end=end,
            )
    return moves[action]


# ---- amounts ----------------------------------------------------------------------------------


async def _calculate(
    session: AsyncSession, body: ConcessionCreate, params: ParameterSet
) -> tuple[Decision, Decimal, dict[str, Any]]:
    """The decision, the amount and the result shown, on the applied day."""
    if body.kind is ConcessionKind.PRE_LIQUIDATION:
        pre = body.pre_liquidation
        assert pre is not None
        row = await lpr.in_force(session, body.applied_on)
        quote = lpr.as_domain(row) if row is not None else None
        facts = PreLiquidationFacts(
            buyer=pre.buyer,
            original_investment=pre.original_investment,
            first_paid_in_on=pre.first_paid_in_on,
            base_date=body.applied_on,
            subfund_paid_in_capital=pre.subfund_paid_in_capital,
            subfund_external_investment=pre.subfund_external_investment,
            investments_compliant=pre.investments_compliant,
        )
        try:
            price = pre_liquidation_price(facts, lpr=quote, params=params, region=body.region)
        except FundDomainError as exc:
            if quote is None and exc.rule_id == "FUND-CONC-PRE-LATER":
                pick_lpr((), body.applied_on)  # raises: none published on or before the day
            raise
        return (
            price.decision,
            price.price,
            {
                "price": str(price.price),
                "interest": str(price.interest),
                "auction_floor": pre.buyer.value == "third_party",
                "within_free_period": price.within_free_period,
                "free_period_end": price.free_period_end.isoformat(),
                "year5_start": price.year5_start.isoformat(),
                "whole_years": price.whole_years,
                "remaining_days": price.remaining_days,
                "lpr": None
                if price.lpr is None or row is None
                else {
                    "published_on": row.published_on.isoformat(),
                    "lpr_1y_percent": lpr.percent_text(row.lpr_1y_percent),
                    "rate": str(price.lpr.rate.normalize()),
                    "source": row.source,
                },
                "eligible": price.eligible,
            },
        )
    post = body.post_liquidation
    assert post is not None
    result = post_liquidation_concession(
        PostLiquidationFacts(
            mother_fund_paid_in=post.mother_fund_paid_in,
            credited_reinvestment=post.credited_reinvestment,
            mother_fund_total_returns=post.mother_fund_total_returns,
            recovered_principal_and_agreed_returns=post.recovered_principal_and_agreed_returns,
            investments_compliant=post.investments_compliant,
            manager_concession=post.manager_concession,
        ),
        as_of=body.applied_on,
        params=params,
        region=body.region,
    )
    if not result.concession and not result.decision.failed_rules:
        raise FundDomainError(
            "FUND-CONC-POST-LIQ",
            "返投金额低于科技创投基金实缴出资的150%，无可让利金额，不能申请让利。",
            "Reinvestment below 150% of the mother fund's paid-in: there is no concession to apply for.",
            {"reinvestment_ratio": result.reinvestment_ratio},
        )
    return (
        result.decision,
        result.concession,
        {
            "reinvestment_ratio": None
            if result.reinvestment_ratio is None
            else str(result.reinvestment_ratio),
            "band_rate": str(result.tier_rate),
            "band": f"{(result.tier_rate * 100).normalize():f}%",
            "concession": str(result.concession),
            "manager_minimum": str(result.manager_minimum),
            "mother_fund_total_returns": str(post.mother_fund_total_returns),
        },
    )


async def _sub_fund_exists(session: AsyncSession, sub_fund_id: uuid.UUID) -> bool:
    found = await session.execute(
        sa.select(sub_funds.c.sub_fund_id).where(sub_funds.c.sub_fund_id == sub_fund_id)
    )
    return found.first() is not None


def _audit_view(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = (
        "sub_fund_id",
        "kind",
        "stage",
        "applicant",
        "amount",
        "decision_id",
        "applied_on",
        *_DATES.values(),
        "version",
    )
    return {k: row.get(k) for k in keys}


async def create_concession(
    session: AsyncSession,
    body: ConcessionCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> uuid.UUID:
    """Compute the amount on the applied day, store it with its decision, start the review."""
    not_in_future(body.applied_on, today)
    if not await _sub_fund_exists(session, body.sub_fund_id):
        raise not_found("sub-fund", "sub_fund_id", body.sub_fund_id)
    decision, amount, result = await _calculate(session, body, params)
    if decision.failed_rules:
        failed = decision.failed_rules
        rules_failed(
            None,
            failed,
            f"不满足让利条件（{'、'.join(failed)}），不能申请让利。",
            f"The concession's conditions fail ({', '.join(failed)}): it cannot be applied for.",
        )
    decision_id = await store_decision(session, decision, principal)
    concession_id = uuid.uuid4()
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "concession_id": concession_id,
        "sub_fund_id": body.sub_fund_id,
        "kind": body.kind.value,
        "stage": St.APPLIED.value,
        "applicant": body.applicant,
        "region": body.region,
        "amount": amount,
        "inputs": body.model_dump(mode="json"),
        "result": result,
        "decision_id": decision_id,
        "applied_on": body.applied_on,
        "last_action_on": body.applied_on,
        **first_version(principal, current_request_id(), now),
    }
    await session.execute(sa.insert(concessions).values(**values))
    await audit.append(
        session,
        principal,
        None,
        "concession.create",
        "concession",
        concession_id,
        None,
        _audit_view(values),
    )
    review = _deadlines_of(values, params, body.region)[K.CONCESSION_REVIEW]
    await dl.record(
        session,
        _subject(review, body.applicant),
        dl.Owner(sub_fund_id=body.sub_fund_id, concession_id=concession_id),
        principal=principal,
        request_id=values["request_id"],
        now=now,
    )
    return concession_id


def _subject(deadline: Deadline, applicant: str) -> Deadline:
    return dataclasses.replace(deadline, subject=f"让利申请：{applicant}"[:200])


async def _row(
    session: AsyncSession, concession_id: uuid.UUID, *, lock: bool = False
) -> sa.Row[Any]:
    missing = not_found("concession", "concession_id", concession_id)
    return await fetch_row(session, concessions.c.concession_id, concession_id, missing, lock=lock)


async def apply_transition(
    session: AsyncSession,
    concession_id: uuid.UUID,
    body: ConcessionTransitionCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> int:
    expected = parse_if_match(if_match)
    not_in_future(body.on, today)
    row = await _row(session, concession_id, lock=True)
    require_version("concession", row.version, expected)
    stage = ConcessionStage(row.stage)
    needed = scope_of(stage, body.action)
    require_scope(
        principal,
        needed,
        f"'{body.action}' at stage '{stage}' is the committee's decision: it needs {needed}.",
    )
    before = row._asdict()
    target = check_step(before, body.action, body.on, params=params)
    now = datetime.now(UTC)
    rid = current_request_id()
    changes: dict[str, Any] = {
        "stage": target.value,
        "last_action_on": body.on,
        "version": row.version + 1,
        "updated_at": now,
    }
    if body.action in _DATES:
        changes[_DATES[body.action]] = body.on
    after = {**before, **changes}
    await session.execute(
        sa.update(concessions).where(concessions.c.concession_id == concession_id).values(**changes)
    )
    seq = await session.scalar(
        sa.select(sa.func.count()).where(concession_transitions.c.concession_id == concession_id)
    )
    await record_step(
        session,
        concession_transitions.c.concession_id,
        concession_id,
        {
            "seq": int(seq or 0) + 1,
            "action": body.action.value,
            "from_stage": stage.value,
            "to_stage": target.value,
            "on": body.on,
            "actor": actor_of(principal),
            "note": body.note,
        },
        created_stamp(principal, rid, now),
    )
    await audit_step(
        session,
        principal,
        rid,
        "concession",
        concession_id,
        _audit_view(before),
        _audit_view(after),
        {"action": body.action.value, "on": body.on, "note": body.note},
    )
    owner = dl.Owner(concession_id=concession_id)
    common: dict[str, Any] = {"principal": principal, "request_id": rid, "now": now}
    if body.action is Ac.REJECT:
        await dl.close(
            session, owner, _ALL_KINDS, status=dl.CANCELLED, on=body.on, note="reject", **common
        )
    if body.action in _ANSWERS:
        kinds = tuple(k.value for k in _ANSWERS[body.action])
        await dl.close(
            session, owner, kinds, status=dl.MET, on=body.on, note=body.action.value, **common
        )
    if body.action is Ac.RAISE_OBJECTION:
        # the investigation replaces the notice's end as what is awaited
        await dl.close(
            session,
            owner,
            (K.CONCESSION_NOTICE_END.value,),
            status=dl.CANCELLED,
            on=body.on,
            note="raise_objection",
            **common,
        )
    if body.action in _STARTS:
        deadline = _deadlines_of(after, params, row.region)[_STARTS[body.action]]
        await dl.record(
            session,
            _subject(deadline, row.applicant),
            dl.Owner(sub_fund_id=row.sub_fund_id, concession_id=concession_id),
            **common,
        )
    return int(row.version) + 1


# ---- views ------------------------------------------------------------------------------------


def summary_out(row: Any) -> dict[str, Any]:
    return {
        "concession_id": row.concession_id,
        "sub_fund_id": row.sub_fund_id,
        "kind": row.kind,
        "stage": row.stage,
        "applicant": row.applicant,
        "applied_on": row.applied_on,
        "amount": None if row.amount is None else str(row.amount),
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


async def concession_out(
    session: AsyncSession, concession_id: uuid.UUID, *, today: date
) -> dict[str, Any]:
    row = await _row(session, concession_id)
    history = await steps_of(session, concession_transitions.c.concession_id, concession_id)
    stage = ConcessionStage(row.stage)
    owned = await dl.of_owner(session, dl.Owner(concession_id=concession_id), today=today)
    return {
        **summary_out(row),
        **{
            k: getattr(row, k)
            for k in (
                *_DATES.values(),
                "region",
                "inputs",
                "result",
                "created_by",
            )
        },
        "decision": await load_decision(session, row.decision_id) if row.decision_id else None,
        "allowed_actions": [
            {"action": a, "to_stage": to, "scope": scope_of(stage, a)}
            for a, to in allowed(stage).items()
        ],
        "deadlines": owned,
        "warnings": warnings_for(owned),
        "history": [step_out(t) for t in history],
    }


async def list_concessions(
    session: AsyncSession,
    *,
    sub_fund_id: uuid.UUID | None,
    kind: ConcessionKind | None,
    stage: ConcessionStage | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first."""
    cond: list[sa.ColumnElement[bool]] = []
    if sub_fund_id is not None:
        cond.append(concessions.c.sub_fund_id == sub_fund_id)
    if kind is not None:
        cond.append(concessions.c.kind == kind.value)
    if stage is not None:
        cond.append(concessions.c.stage == stage.value)
    page, cursor = await newest_first(session, concessions, cond, after, limit=limit)
    return [summary_out(r) for r in page], cursor
