"""The completion survey over HTTP (AD-SURVEY) and the discrepancies it records."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from airdefence.api.deps import PREFIX, READ, WRITE, documented, examples
from airdefence.api.fields import COUNTY_PATTERN
from airdefence.api.survey_schemas import (
    SurveyDiscrepancyOut,
    SurveyDiscrepancyPage,
    SurveyDiscrepancyResolution,
    WorksSurveyCreate,
    WorksSurveyOut,
    WorksSurveysOut,
)
from airdefence.api.works import IDEM_NOTE, IF_MATCH_NOTE, WorksIdPath
from airdefence.service import surveys as svc
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
    VALIDATION,
    VERSION_MISMATCH,
)
from govkit.http.request_id import current_request_id
from govkit.http.versions import etag
from govkit.platform.parameters import ParametersDep
from govkit.store.paging import seq_after

router = APIRouter(prefix=PREFIX, tags=["survey"])

KINDS = (
    "basement_floor_area|net_parking_area|zone_area|zone_location|zone_missing|zone_unplanned|"
    "entrance_area|entrance_location|entrance_missing|entrance_unplanned|"
    "net_parking_requirement|public_parking_in_air_defence_area"
)


@router.post(
    "/works/{works_id}/surveys",
    status_code=201,
    response_model=WorksSurveyOut,
    summary="竣工测绘核实 Record the completion survey and its discrepancies (AD-SURVEY)",
    description="人防主管部门核实竣工测绘成果：人防独立区域及独享口部的建筑面积与位置（按名称对应），以及"
    "机动车车位净面积与防空地下室配置要求（AD-PARK-RATIO 按实测面积）；实测人防区域内公共泊位违反 "
    "AD-PARK-PUBLIC。每处不一致作为一条记录保存于该工程。 Zones and entrances are matched by name; "
    "each difference in area (beyond `airdefence.survey.area_tolerance`, 0 by default) or "
    "location, each missing or unplanned zone or entrance, a net parking area below the "
    "requirement and any public space found is a discrepancy recorded against the works. The "
    "Decision is stored." + IDEM_NOTE,
    responses=documented(
        WorksSurveyOut,
        201,
        "Recorded",
        NOT_FOUND,
        VALIDATION,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def record_survey(
    works_id: WorksIdPath,
    body: Annotated[WorksSurveyCreate, examples(WorksSurveyCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[WorksSurveyOut, dict[str, str]]:
        survey_id = await svc.record_survey(
            session,
            works_id,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        out = WorksSurveyOut.model_validate(await svc.survey_by_id(session, survey_id))
        return out, {"Location": f"{PREFIX}/works/{works_id}/surveys"}

    return await create_once(idem, principal, body, create)


@router.get(
    "/works/{works_id}/surveys",
    response_model=WorksSurveysOut,
    summary="测绘核实记录 The works' surveys with their discrepancies, in order",
    responses=documented(WorksSurveysOut, 200, "The surveys", NOT_FOUND),
)
async def list_surveys(
    works_id: WorksIdPath, session: SessionDep, _: Principal = requires(READ)
) -> WorksSurveysOut:
    items = await svc.surveys_of(session, works_id)
    return WorksSurveysOut.model_validate({"works_id": works_id, "items": items})


@router.get(
    "/discrepancies",
    response_model=SurveyDiscrepancyPage,
    summary="不一致记录 Discrepancies found by surveys, in recording order, filtered",
    description="按工程、县（市、区）、状态（open 未处理 / resolved 已处理）、类别筛选。",
)
async def list_discrepancies(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    works_id: Annotated[uuid.UUID | None, Query(description="Of this works")] = None,
    county: Annotated[str | None, Query(pattern=COUNTY_PATTERN)] = None,
    status: Annotated[str | None, Query(pattern="^(open|resolved)$")] = None,
    kind: Annotated[str | None, Query(pattern=f"^({KINDS})$")] = None,
    _: Principal = requires(READ),
) -> SurveyDiscrepancyPage:
    items, next_cursor = await svc.list_discrepancies(
        session,
        svc.DiscrepancyFilter(works_id, county, status, kind),
        after=seq_after(cursor),
        limit=limit,
    )
    return SurveyDiscrepancyPage(
        items=[SurveyDiscrepancyOut.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.post(
    "/discrepancies/{discrepancy_id}/resolution",
    response_model=SurveyDiscrepancyOut,
    summary="处理不一致 Record how a discrepancy was resolved (If-Match)",
    description="登记簿按实测更正（PATCH …/works）或工程整改后，记录处理结果；一次（再记为409）。 Once "
    "(409 again); not before the survey, not after today." + IF_MATCH_NOTE,
    responses=documented(
        SurveyDiscrepancyOut,
        200,
        "Resolved",
        NOT_FOUND,
        VALIDATION,
        CONFLICT,
        VERSION_MISMATCH,
        PRECONDITION_REQUIRED,
    ),
)
async def resolve_discrepancy(
    discrepancy_id: Annotated[uuid.UUID, Path(description="不一致记录 ID")],
    body: Annotated[SurveyDiscrepancyResolution, examples(SurveyDiscrepancyResolution)],
    session: SessionDep,
    response: Response,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description="The discrepancy's ETag (its version)")
    ] = None,
    principal: Principal = requires(WRITE),
) -> SurveyDiscrepancyOut:
    out = SurveyDiscrepancyOut.model_validate(
        await svc.resolve(
            session,
            discrepancy_id,
            body,
            if_match=if_match,
            principal=principal,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
    )
    response.headers["ETag"] = etag(out.version)
    return out
