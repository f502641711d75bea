"""Sub-fund applications and their workflow (三（三）（四）: FUND-PROC-*)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.application_schemas import (
    ApplicationCreate,
    ApplicationFactsUpdate,
    ApplicationOut,
    ApplicationSummary,
    TransitionCreate,
    TransitionsOut,
)
from fund.api.check_schemas import Day
from fund.api.deps import PREFIX, READ, WRITE, documented, examples
from fund.domain import ProcedureStage
from fund.service import applications as svc
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
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED, PARAMETER_NOT_CONFIGURED
from govkit.store.paging import dated_after

router = APIRouter(prefix=PREFIX, tags=["applications"])

ApplicationIdPath = Annotated[uuid.UUID, Path(description="申请 ID")]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='The application\'s ETag, e.g. "3" (required)'),
]
_TRANSITION_PROBLEMS = (
    PRECONDITION_REQUIRED,
    VERSION_MISMATCH,
    NOT_FOUND,
    FORBIDDEN,
    RULE_VIOLATION,
    CALENDAR_YEAR_NOT_PUBLISHED,
)


async def _out(
    session: AsyncSession, application_id: uuid.UUID, response: Response | None = None
) -> ApplicationOut:
    out = ApplicationOut.model_validate(
        await svc.application_out(session, application_id, today=today_shanghai())
    )
    if response is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/applications",
    status_code=201,
    response_model=ApplicationOut,
    summary="提交子基金申请 Create an application (checked against every rule)",
    description="申报方案按本办法全部规则检查，决定（含各规则结论）保存并返回；申请处于 "
    "`application` 阶段。 The facts are checked (as the stateless check does) on `as_of` "
    "(default today); the decision is stored (`check.decision_id`) and the application starts "
    "at stage `application`. A failing check does not prevent creation, but the application "
    "cannot pass pre-review until corrected facts pass (`PUT …/facts`). `Idempotency-Key` is "
    "honoured; the answer carries `ETag` and `Location`.",
    responses=documented(
        ApplicationOut,
        201,
        "Created",
        VALIDATION,
        PARAMETER_NOT_CONFIGURED,
        CALENDAR_YEAR_NOT_PUBLISHED,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def create_application(
    body: Annotated[ApplicationCreate, examples(ApplicationCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[ApplicationOut, dict[str, str]]:
        application_id = await svc.create_application(
            session, body, params=params, principal=principal, today=today_shanghai()
        )
        location = f"{PREFIX}/applications/{application_id}"
        return await _out(session, application_id), {"Location": location, "ETag": etag(1)}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/applications",
    response_model=Page[ApplicationSummary],
    summary="申请列表 Applications, newest first, filtered",
)
async def list_applications(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    stage: Annotated[ProcedureStage | None, Query(description="At this stage")] = None,
    name: Annotated[
        str | None, Query(min_length=1, max_length=200, description="子基金名称包含")
    ] = None,
    # Bounded (1990–2100): the day is turned into an instant, which overflows near year 1 or 9999.
    created_from: Annotated[
        Day | None, Query(description="Created on or after this day (Asia/Shanghai, 1990–2100)")
    ] = None,
    created_to: Annotated[
        Day | None, Query(description="Created on or before this day (Asia/Shanghai, 1990–2100)")
    ] = None,
    _: Principal = requires(READ),
) -> Page[ApplicationSummary]:
    items, next_cursor = await svc.list_applications(
        session,
        stage=stage,
        name=name,
        created_from=created_from,
        created_to=created_to,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[ApplicationSummary](
        items=[ApplicationSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="申请详情 An application: stage, allowed next steps, deadlines, history, experts",
    description="`ETag` carries the version to send as `If-Match` with the next transition.",
    responses=documented(ApplicationOut, 200, "The application", NOT_FOUND),
)
async def get_application(
    application_id: ApplicationIdPath,
    session: SessionDep,
    response: Response,
    _: Principal = requires(READ),
) -> ApplicationOut:
    return await _out(session, application_id, response)


@router.put(
    "/applications/{application_id}/facts",
    response_model=ApplicationOut,
    summary="更正申报事实 Correct the facts and re-check them (If-Match)",
    description="仅在预审完成前可更正；重新检查并保存新的决定。 Only before pre-review is "
    "complete (else `rule-violation` FUND-PROC-STAGES); the new check is stored.",
    responses=documented(ApplicationOut, 200, "Re-checked", *_TRANSITION_PROBLEMS),
)
async def update_facts(
    application_id: ApplicationIdPath,
    body: Annotated[ApplicationFactsUpdate, examples(ApplicationCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> ApplicationOut:
    await svc.update_facts(
        session,
        application_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, application_id, response)


@router.post(
    "/applications/{application_id}/transitions",
    response_model=ApplicationOut,
    summary="推进流程 Take one step of the procedure (If-Match)",
    description="按 FUND-PROC-STAGES 逐阶段推进，不得跳过；专家评审（≥5人、三类专家、独立意见，"
    "FUND-PROC-EXPERTS）、公示5个工作日（FUND-PROC-NOTICE）、异议调查30个工作日、批准后6个月内签署"
    "（FUND-PROC-SIGN-6M，可延期一次≤3个月）、签署后10个工作日内备案（FUND-PROC-FILING）。"
    "管委会的决定（approve、reject、clear/uphold_objection、extend_signing、terminate）需 "
    "`fund:decide`。 Steps follow the stages in order; a forbidden step is a 422 "
    "`rule-violation` naming the rule. `If-Match` is required (428 without, 412 when stale); "
    "of two concurrent steps with the same ETag exactly one applies. Each step is audited and "
    "records, meets or cancels the deadlines it starts or answers. A deadline needing a year "
    "whose holiday notice is not published is recorded as `provisional` (that year computed with "
    "Saturdays and Sundays as the only rest days, no public holidays or make-up working days), "
    "named in `warnings`, and recomputed (audited) when the year is published.",
    responses=documented(ApplicationOut, 200, "The step was taken", *_TRANSITION_PROBLEMS),
)
async def take_transition(
    application_id: ApplicationIdPath,
    body: Annotated[TransitionCreate, examples(TransitionCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> ApplicationOut:
    await svc.apply_transition(
        session,
        application_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, application_id, response)


@router.get(
    "/applications/{application_id}/transitions",
    response_model=TransitionsOut,
    summary="流程记录 The steps taken, in order, with their actors",
    responses=documented(TransitionsOut, 200, "The history", NOT_FOUND),
)
async def list_transitions(
    application_id: ApplicationIdPath,
    session: SessionDep,
    _: Principal = requires(READ),
) -> TransitionsOut:
    items = await svc.transitions_of(session, application_id)
    return TransitionsOut.model_validate({"application_id": application_id, "items": items})
