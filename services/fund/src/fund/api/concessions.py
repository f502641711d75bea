"""Concession applications and their procedure (五（三）: FUND-CONC-PROC)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.concession_schemas import (
    ConcessionCreate,
    ConcessionKind,
    ConcessionOut,
    ConcessionStage,
    ConcessionSummary,
    ConcessionTransitionCreate,
)
from fund.api.deps import PREFIX, READ, WRITE, documented, examples
from fund.service import concessions as svc
from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep, create_once
from govkit.http.pagination import CursorQuery, LimitQuery, Page
from govkit.http.problem import (
    FORBIDDEN,
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    NOT_FOUND,
    PRECONDITION_REQUIRED,
    RULE_VIOLATION,
    VALIDATION,
    VERSION_MISMATCH,
)
from govkit.http.versions import etag
from govkit.platform.parameters import ParametersDep
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED
from govkit.store.paging import dated_after

router = APIRouter(prefix=PREFIX, tags=["concessions"])

ConcessionIdPath = Annotated[uuid.UUID, Path(description="让利申请 ID")]


async def _out(
    session: AsyncSession, concession_id: uuid.UUID, response: Response | None = None
) -> ConcessionOut:
    out = ConcessionOut.model_validate(
        await svc.concession_out(session, concession_id, today=today_shanghai())
    )
    if response is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/concessions",
    status_code=201,
    response_model=ConcessionOut,
    summary="让利申请 Apply for a concession (FUND-CONC-PROC 1)",
    description="以申请日为基准日计算转让价格（清算前，FUND-CONC-PRE-*，LPR取申请日当日或之前最近"
    "公布的一期）或让利金额（清算后，FUND-CONC-POST-LIQ、FUND-CONC-SHARE）；不满足让利条件的申请被拒绝"
    "（422，指明规则）。记录审核期限（30个工作日）。 The amount is computed on the applied day "
    "(the base date) and stored with its decision; an application whose conditions fail is "
    "refused naming the rule. The review deadline (30 working days) is recorded. "
    "`Idempotency-Key` is honoured.",
    responses=documented(
        ConcessionOut,
        201,
        "Applied",
        NOT_FOUND,
        RULE_VIOLATION,
        VALIDATION,
        CALENDAR_YEAR_NOT_PUBLISHED,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def create_concession(
    body: Annotated[ConcessionCreate, examples(ConcessionCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[ConcessionOut, dict[str, str]]:
        concession_id = await svc.create_concession(
            session, body, params=params, principal=principal, today=today_shanghai()
        )
        location = f"{PREFIX}/concessions/{concession_id}"
        return await _out(session, concession_id), {"Location": location, "ETag": etag(1)}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/concessions",
    response_model=Page[ConcessionSummary],
    summary="让利申请列表 Concession applications, newest first",
)
async def list_concessions(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    sub_fund: Annotated[uuid.UUID | None, Query(description="Of this sub-fund")] = None,
    kind: Annotated[ConcessionKind | None, Query()] = None,
    stage: Annotated[ConcessionStage | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[ConcessionSummary]:
    items, next_cursor = await svc.list_concessions(
        session,
        sub_fund_id=sub_fund,
        kind=kind,
        stage=stage,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[ConcessionSummary](
        items=[ConcessionSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/concessions/{concession_id}",
    response_model=ConcessionOut,
    summary="让利申请详情 A concession application: amount, stage, deadlines, history",
    responses=documented(ConcessionOut, 200, "The application", NOT_FOUND),
)
async def get_concession(
    concession_id: ConcessionIdPath,
    session: SessionDep,
    response: Response,
    _: Principal = requires(READ),
) -> ConcessionOut:
    return await _out(session, concession_id, response)


@router.post(
    "/concessions/{concession_id}/transitions",
    response_model=ConcessionOut,
    summary="推进让利程序 Take one step of the concession procedure (If-Match)",
    description="review（审核，申请后30个工作日内）→ submit（提请审定，审核后30个工作日内）→ decide"
    "（管委会审定）→ start_notice（审定后5个工作日内公示）→ clear（5个工作日公示期满无异议）或 "
    "raise_objection → clear（30个工作日内调查结论）→ execute（5个工作日内执行）；reject。"
    "decide、reject 及异议后的 clear 需 `fund:decide`。 A step the procedure does not allow is a "
    "422 `rule-violation` naming FUND-CONC-PROC; `If-Match` is required.",
    responses=documented(
        ConcessionOut,
        200,
        "The step was taken",
        PRECONDITION_REQUIRED,
        VERSION_MISMATCH,
        NOT_FOUND,
        FORBIDDEN,
        RULE_VIOLATION,
        CALENDAR_YEAR_NOT_PUBLISHED,
    ),
)
async def take_concession_transition(
    concession_id: ConcessionIdPath,
    body: Annotated[ConcessionTransitionCreate, examples(ConcessionTransitionCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description="The concession's ETag (required)")
    ] = None,
    principal: Principal = requires(WRITE),
) -> ConcessionOut:
    await svc.apply_transition(
        session,
        concession_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, concession_id, response)
