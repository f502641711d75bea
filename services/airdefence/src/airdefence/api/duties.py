"""Duties over HTTP (AD-DUTIES): schedules per works, the duties register with what is overdue,
completion records; the counties' measures (AD-COUNTY-MEASURES); the due-items listing the
gateway's merged deadline view reads."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from airdefence.api.deps import ADMIN, PREFIX, READ, WRITE, documented, examples
from airdefence.api.duty_schemas import (
    AirDefenceCountyMeasuresAreaCreate,
    AirDefenceCountyMeasuresIssuance,
    AirDefenceCountyMeasuresListOut,
    AirDefenceCountyMeasuresOut,
    AirDefenceDueItemsPage,
    WorksDutyCompletion,
    WorksDutyCompletionOut,
    WorksDutyOut,
    WorksDutyPage,
    WorksDutyScheduleCreate,
    WorksDutyScheduleOut,
    WorksDutySchedulesOut,
)
from airdefence.api.fields import COUNTY_PATTERN
from airdefence.api.works import IDEM_NOTE, IF_MATCH_NOTE, USCC_QUERY, WorksIdPath
from airdefence.domain import AreaKind, DutyKind
from airdefence.service import county_measures as measures
from airdefence.service import due_items as due
from airdefence.service import duties as svc
from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep, create_once
from govkit.http.pagination import CursorQuery, LimitQuery
from govkit.http.problem import (
    CONFLICT,
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    NOT_FOUND,
    PRECONDITION_REQUIRED,
    RULE_VIOLATION,
    VALIDATION,
    VERSION_MISMATCH,
)
from govkit.http.request_id import current_request_id
from govkit.http.versions import etag
from govkit.platform.due_items import (
    CountyQuery,
    DueBeforeQuery,
    DueItemOut,
    DueOnQuery,
    DueStatusQuery,
    OverdueQuery,
)
from govkit.platform.parameters import ParametersDep

router = APIRouter(prefix=PREFIX)

_STEP = (NOT_FOUND, VALIDATION, RULE_VIOLATION, CONFLICT, VERSION_MISMATCH, PRECONDITION_REQUIRED)
AreaCodePath = Annotated[str, Path(pattern=COUNTY_PATTERN, description="县（市、区）或功能区代码")]


@router.post(
    "/works/{works_id}/duty-schedules",
    status_code=201,
    response_model=WorksDutyScheduleOut,
    tags=["duties"],
    summary="维护管理义务计划 Set a duty's schedule for a works (AD-DUTIES)",
    description="产权人承担日常维护保养、专业维修、平战转换、应急演练等义务：每项义务按周期（月）排期，第n次"
    "的到期日为起始日后n×周期个月的对应日（无对应日取月末，遇法定休息日顺延，共享工作日历）。工程竣工验收前"
    "或起始日早于验收日 422 `rule-violation`（AD-DUTIES）。 Occurrence n is due n × interval "
    "months after the start (CAL-CAL-DAYS, moved off a statutory rest day: CAL-HOLIDAY-SHIFT); "
    "the first is recorded now, each completion records the next. A due day in a year whose "
    "holiday calendar is not published is `provisional` (weekends only) and recomputed when "
    "it is. Duties begin once the works is accepted." + IDEM_NOTE,
    responses=documented(
        WorksDutyScheduleOut,
        201,
        "Scheduled",
        NOT_FOUND,
        VALIDATION,
        RULE_VIOLATION,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def create_schedule(
    works_id: WorksIdPath,
    body: Annotated[WorksDutyScheduleCreate, examples(WorksDutyScheduleCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[WorksDutyScheduleOut, dict[str, str]]:
        schedule_id = await svc.create_schedule(
            session, works_id, body, principal=principal, request_id=current_request_id()
        )
        out = WorksDutyScheduleOut.model_validate(
            await svc.schedule_by_id(session, schedule_id, today_shanghai())
        )
        return out, {"Location": f"{PREFIX}/works/{works_id}/duty-schedules"}

    return await create_once(idem, principal, body, create)


@router.get(
    "/works/{works_id}/duty-schedules",
    response_model=WorksDutySchedulesOut,
    tags=["duties"],
    summary="义务计划 The works' duty schedules with their occurrences",
    responses=documented(WorksDutySchedulesOut, 200, "The schedules", NOT_FOUND),
)
async def list_schedules(
    works_id: WorksIdPath,
    session: SessionDep,
    on: DueOnQuery = None,
    _: Principal = requires(READ),
) -> WorksDutySchedulesOut:
    items = await svc.schedules_of(session, works_id, on or today_shanghai())
    return WorksDutySchedulesOut.model_validate({"works_id": works_id, "items": items})


@router.get(
    "/duties",
    response_model=WorksDutyPage,
    tags=["duties"],
    summary="维护管理义务 Duties by due day, with what is overdue and by how much",
    description="按到期日（再按ID）排列；`overdue` 以 `on`（默认今天，上海时间）计：未完成且到期日在其之前，"
    "并给出逾期自然日与工作日。 Filter by works, kind, status, county, the party responsible "
    "(USCC), overdue and `due_before` (exclusive).",
)
async def list_duties(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    on: DueOnQuery = None,
    works_id: Annotated[uuid.UUID | None, Query(description="Of this works")] = None,
    kind: Annotated[DutyKind | None, Query(description="Of this kind")] = None,
    status: DueStatusQuery = None,
    overdue: OverdueQuery = None,
    due_before: DueBeforeQuery = None,
    county: Annotated[str | None, Query(pattern=COUNTY_PATTERN)] = None,
    responsible: Annotated[
        str | None, Query(pattern=USCC_QUERY, description="Responsible party's USCC")
    ] = None,
    _: Principal = requires(READ),
) -> WorksDutyPage:
    items, next_cursor = await svc.list_duties(
        session,
        svc.DutyFilter(
            works_id, kind.value if kind else None, status, overdue, county, responsible, due_before
        ),
        today=on or today_shanghai(),
        cursor=cursor,
        limit=limit,
    )
    return WorksDutyPage(
        items=[WorksDutyOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )


@router.get(
    "/duties/{duty_id}",
    response_model=WorksDutyOut,
    tags=["duties"],
    summary="义务详情 One duty (ETag)",
    responses=documented(WorksDutyOut, 200, "The duty", NOT_FOUND),
)
async def get_duty(
    duty_id: Annotated[uuid.UUID, Path(description="义务 ID")],
    session: SessionDep,
    response: Response,
    on: DueOnQuery = None,
    _: Principal = requires(READ),
) -> WorksDutyOut:
    out = WorksDutyOut.model_validate(
        await svc.duty_by_id(session, duty_id, on or today_shanghai())
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/duties/{duty_id}/completion",
    response_model=WorksDutyCompletionOut,
    tags=["duties"],
    summary="完成记录 Record a duty done, and the schedule's next one (If-Match)",
    description="完成日期不得晚于今天，不得早于工程竣工验收（工程尚不存在）或计划起始日，否则 422（前者 "
    "AD-DUTIES）。 The completion may not be after today, nor before the works existed "
    "(accepted) or the schedule started: a 422 naming AD-DUTIES. The next occurrence is "
    "recorded open." + IF_MATCH_NOTE,
    responses=documented(WorksDutyCompletionOut, 200, "Recorded", *_STEP),
)
async def complete_duty(
    duty_id: Annotated[uuid.UUID, Path(description="义务 ID")],
    body: Annotated[WorksDutyCompletion, examples(WorksDutyCompletion)],
    session: SessionDep,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description="The duty's ETag (required)")
    ] = None,
    principal: Principal = requires(WRITE),
) -> WorksDutyCompletionOut:
    today = today_shanghai()
    met, following = await svc.complete(
        session,
        duty_id,
        body,
        if_match=if_match,
        principal=principal,
        today=today,
        request_id=current_request_id(),
    )
    return WorksDutyCompletionOut(
        met=WorksDutyOut.model_validate(await svc.duty_by_id(session, met, today)),
        next=WorksDutyOut.model_validate(await svc.duty_by_id(session, following, today)),
    )


# ---- county measures ----------------------------------------------------------------------------


@router.get(
    "/county-measures",
    response_model=AirDefenceCountyMeasuresListOut,
    tags=["county measures"],
    summary="各地管理办法 Which counties and zones have issued their measures (AD-COUNTY-MEASURES)",
    description="各县（市、区）、功能区应在2021年12月底前制定国有人民防空工程资产平时使用管理办法：已制定的"
    "（日期、文号），未制定的及逾期天数（以 `on` 计，默认今天）。 Issued (when, which document, days "
    "late) and not issued (overdue, by calendar and working days) as of `on`.",
)
async def list_county_measures(
    session: SessionDep,
    on: DueOnQuery = None,
    kind: Annotated[AreaKind | None, Query(description="county or functional_zone")] = None,
    status: Annotated[str | None, Query(pattern="^(open|met)$")] = None,
    overdue: OverdueQuery = None,
    _: Principal = requires(READ),
) -> AirDefenceCountyMeasuresListOut:
    body = await measures.listing(
        session,
        today=on or today_shanghai(),
        kind=kind.value if kind else None,
        status=status,
        overdue=overdue,
    )
    return AirDefenceCountyMeasuresListOut.model_validate(body)


@router.get(
    "/county-measures/{area_code}",
    response_model=AirDefenceCountyMeasuresOut,
    tags=["county measures"],
    summary="某地管理办法 One county's or zone's measures (ETag)",
    responses=documented(AirDefenceCountyMeasuresOut, 200, "Its measures", NOT_FOUND),
)
async def get_county_measures(
    area_code: AreaCodePath,
    session: SessionDep,
    response: Response,
    on: DueOnQuery = None,
    _: Principal = requires(READ),
) -> AirDefenceCountyMeasuresOut:
    out = AirDefenceCountyMeasuresOut.model_validate(
        await measures.one(session, area_code, on or today_shanghai())
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/admin/county-measures",
    status_code=201,
    response_model=AirDefenceCountyMeasuresOut,
    tags=["county measures"],
    summary="登记功能区 Track a functional zone's measures (admin)",
    description="十二个县（市、区）已预置；功能区按统计用区划代码登记，期限取参数 "
    "`airdefence.county_measures.due`（2021-12-31）。 The twelve counties are tracked from the "
    "start; a functional zone is added by its statistical division code (409 if tracked).",
    responses=documented(AirDefenceCountyMeasuresOut, 201, "Tracked", VALIDATION, CONFLICT),
)
async def add_county_measures_area(
    body: Annotated[
        AirDefenceCountyMeasuresAreaCreate, examples(AirDefenceCountyMeasuresAreaCreate)
    ],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(ADMIN),
) -> AirDefenceCountyMeasuresOut:
    today = today_shanghai()
    await measures.add_area(
        session,
        body,
        principal=principal,
        params=params,
        today=today,
        request_id=current_request_id(),
    )
    out = AirDefenceCountyMeasuresOut.model_validate(
        await measures.one(session, body.area_code, today)
    )
    response.headers["ETag"] = etag(out.version)
    response.headers["Location"] = f"{PREFIX}/county-measures/{body.area_code}"
    return out


@router.put(
    "/admin/county-measures/{area_code}/issuance",
    response_model=AirDefenceCountyMeasuresOut,
    tags=["county measures"],
    summary="记录印发 Record the measures a county or zone issued (admin, If-Match)",
    description="印发日期、文号、名称；可更正（If-Match）。 Sets (or corrects) the issuance; not "
    "after today." + IF_MATCH_NOTE,
    responses=documented(
        AirDefenceCountyMeasuresOut,
        200,
        "Recorded",
        NOT_FOUND,
        VALIDATION,
        VERSION_MISMATCH,
        PRECONDITION_REQUIRED,
    ),
)
async def record_county_measures(
    area_code: AreaCodePath,
    body: Annotated[AirDefenceCountyMeasuresIssuance, examples(AirDefenceCountyMeasuresIssuance)],
    session: SessionDep,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    principal: Principal = requires(ADMIN),
) -> AirDefenceCountyMeasuresOut:
    today = today_shanghai()
    await measures.record_issuance(
        session,
        area_code,
        body,
        if_match=if_match,
        principal=principal,
        today=today,
        request_id=current_request_id(),
    )
    out = AirDefenceCountyMeasuresOut.model_validate(await measures.one(session, area_code, today))
    response.headers["ETag"] = etag(out.version)
    return out


# ---- due items ----------------------------------------------------------------------------------


@router.get(
    "/due-items",
    response_model=AirDefenceDueItemsPage,
    tags=["due items"],
    summary="到期事项 Duties and county measures in the shape every service's deadlines take",
    description="维护管理义务（AD-DUTIES）与各地管理办法（AD-COUNTY-MEASURES），按到期日再按 item_id 排序，"
    "游标分页；`overdue` 以 `on` 计（默认今天）。 The gateway's merged deadline view reads it: "
    "`Page[DueItemOut]` sorted by `due` then `item_id` (byte order), filters `status`, "
    "`due_before` (exclusive), `overdue`, `county`, `on`; days overdue by calendar and working "
    "days.",
)
async def list_due_items(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: DueStatusQuery = None,
    due_before: DueBeforeQuery = None,
    overdue: OverdueQuery = None,
    county: CountyQuery = None,
    on: DueOnQuery = None,
    _: Principal = requires(READ),
) -> AirDefenceDueItemsPage:
    items, next_cursor = await due.due_items(
        session,
        due.DueFilter(status, due_before, overdue, county),
        today=on or today_shanghai(),
        cursor=cursor,
        limit=limit,
    )
    return AirDefenceDueItemsPage(
        items=[DueItemOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )
