"""The works register over HTTP: record and change works, completion acceptance, the free
handover and the first registration; the ownership the rules give a stored works."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from airdefence.api.check_schemas import AirDefenceDecisionOut
from airdefence.api.deps import PREFIX, READ, REGISTER, WRITE, documented, examples
from airdefence.api.fields import COUNTY_PATTERN
from airdefence.api.works_schemas import (
    WorksAcceptanceIn,
    WorksCreate,
    WorksHandoverCreate,
    WorksOut,
    WorksPage,
    WorksRegistrationCreate,
    WorksRegistrationsOut,
    WorksSummary,
    WorksUpdate,
)
from airdefence.domain import (
    AreaQuality,
    ParkingFacts,
    PeacetimeUse,
    check_ownership,
    check_planning,
)
from airdefence.service import registration as reg
from airdefence.service import works as svc
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
from govkit.http.responses import json_response
from govkit.http.versions import etag, none_match
from govkit.platform.computations import decision_body
from govkit.platform.parameters import ParametersDep
from govkit.store.paging import seq_after

router = APIRouter(prefix=PREFIX, tags=["works"])

WorksIdPath = Annotated[uuid.UUID, Path(description="人防工程 ID")]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='The works\' ETag, e.g. "3" (required)'),
]
USCC_QUERY = r"^[0-9A-HJ-NPQRTUWXY]{18}$"
_IDEM = (IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH)
_STEP = (NOT_FOUND, VALIDATION, RULE_VIOLATION, CONFLICT, VERSION_MISMATCH, PRECONDITION_REQUIRED)
IDEM_NOTE = (
    " Send an `Idempotency-Key`: a retry with the same key replays the first answer (header "
    "`Idempotent-Replayed`), the same key with another body is a 422."
)
IF_MATCH_NOTE = (
    " `If-Match` is required (428 without, 412 when stale): of two changes sent with the same "
    "ETag exactly one applies."
)


async def answer(
    session: Any, works_id: uuid.UUID, params: Any, response: Response, on: date | None = None
) -> WorksOut:
    out = WorksOut.model_validate(
        await svc.works_out(session, works_id, params=params, on=on or today_shanghai())
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/works",
    status_code=201,
    response_model=WorksOut,
    summary="登记人防工程 Record a civil air-defence works",
    description="工程、项目、县（市、区）、土地（国有建设用地/集体所有土地/村集体二产三产留地）、结建义务、"
    "建设单位及其类别、市城发集团封闭区域、竣工验收、防空地下室建筑面积、机动车车位净面积、人防独立区域及"
    "其独享口部、平时用途、所在小区。产权归属与登记主体按规则计算并保存。 The ownership rules run on the "
    "facts and their answer is kept with the works (`ownership`). Bad input is a 422 naming the "
    "field: an area ≤ 0, a net parking area larger than the basement, zones larger than the "
    "basement, a builder category that contradicts the land (`#/builder/category`)." + IDEM_NOTE,
    responses=documented(WorksOut, 201, "Recorded; `Location` and `ETag`", VALIDATION, *_IDEM),
)
async def create_works(
    body: Annotated[WorksCreate, examples(WorksCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[WorksOut, dict[str, str]]:
        works_id = await svc.create(
            session,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        out = WorksOut.model_validate(
            await svc.works_out(session, works_id, params=params, on=today_shanghai())
        )
        return out, {"Location": f"{PREFIX}/works/{works_id}", "ETag": etag(out.version)}

    return await create_once(idem, principal, body, create)


@router.get(
    "/works",
    response_model=WorksPage,
    summary="人防工程目录 The works register, in recording order, filtered",
    description="按县（市、区）、产权人或建设单位（统一社会信用代码）、平时用途、状态、产权归属、名称、小区筛选。"
    " Filters combine (AND); `owner` is the registered owner's code, `builder` the builder's.",
)
async def list_works(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    county: Annotated[str | None, Query(pattern=COUNTY_PATTERN, description="County")] = None,
    owner: Annotated[str | None, Query(pattern=USCC_QUERY, description="Owner's USCC")] = None,
    builder: Annotated[str | None, Query(pattern=USCC_QUERY, description="Builder's USCC")] = None,
    use: Annotated[PeacetimeUse | None, Query(description="Peacetime use")] = None,
    status: Annotated[
        str | None,
        Query(pattern="^(under_construction|accepted|handed_over|registered)$"),
    ] = None,
    ownership: Annotated[
        str | None, Query(pattern="^(state|not_transferred|not_determined)$")
    ] = None,
    name: Annotated[str | None, Query(max_length=200, description="Name contains")] = None,
    community: Annotated[
        str | None, Query(max_length=200, description="Community contains")
    ] = None,
    _: Principal = requires(READ),
) -> WorksPage:
    items, next_cursor = await svc.list_works(
        session,
        svc.WorksFilter(
            county, owner, builder, use.value if use else None, status, ownership, name, community
        ),
        after=seq_after(cursor),
        limit=limit,
    )
    return WorksPage(
        items=[WorksSummary.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )


@router.get(
    "/works/{works_id}",
    response_model=WorksOut,
    summary="人防工程详情 A works with its steps and ownership (ETag)",
    description="`ownership.registrable_now` is evaluated on `on` (default today). `ETag` carries "
    "the version to send as `If-Match` with the next change; `If-None-Match` answers 304.",
    responses=documented(WorksOut, 200, "The works", NOT_FOUND),
)
async def get_works(
    works_id: WorksIdPath,
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    on: Annotated[date | None, Query(description="Evaluate registrability on this day")] = None,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
    _: Principal = requires(READ),
) -> Any:
    out = await answer(session, works_id, params, response, on)
    if none_match(etag(out.version), if_none_match):
        return Response(status_code=304, headers={"ETag": etag(out.version)})
    return out


@router.patch(
    "/works/{works_id}",
    response_model=WorksOut,
    summary="更正工程事实 Change a works' facts (If-Match)",
    description="只改所送字段；产权归属与登记主体随之重新计算。土地、结建、建设单位、封闭区域在记录无偿移交"
    "或登记后不可更改（409）。 Only the fields sent change; the ownership is re-evaluated. The "
    "land, 结建, builder and enclosed-area facts are fixed once a handover or registration is "
    "recorded (409)." + IF_MATCH_NOTE,
    responses=documented(WorksOut, 200, "Changed", *_STEP),
)
async def update_works(
    works_id: WorksIdPath,
    body: Annotated[WorksUpdate, examples(WorksUpdate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> WorksOut:
    await svc.update(
        session,
        works_id,
        body,
        if_match=if_match,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    return await answer(session, works_id, params, response)


@router.post(
    "/works/{works_id}/acceptance",
    response_model=WorksOut,
    summary="竣工验收 Record completion acceptance (If-Match)",
    description="竣工验收合格的日期与编号；记录一次（再记为409），不得晚于今天。 Once (409 again); "
    "not after today." + IF_MATCH_NOTE,
    responses=documented(WorksOut, 200, "Recorded", *_STEP),
)
async def record_acceptance(
    works_id: WorksIdPath,
    body: Annotated[WorksAcceptanceIn, examples(WorksAcceptanceIn)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> WorksOut:
    await svc.record_acceptance(
        session,
        works_id,
        accepted_on=body.accepted_on,
        certificate_no=body.certificate_no,
        if_match=if_match,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    return await answer(session, works_id, params, response)


@router.post(
    "/works/{works_id}/handover",
    response_model=WorksOut,
    summary="无偿移交 Record the builder's free handover (If-Match, airdefence:register)",
    description="其他建设项目：建设单位无偿移交给属地政府确定的国有全资企业，记录日期与双方。仅在登记主体为"
    "该企业时可记录，否则 422 `rule-violation`（AD-REG-SUBJECT）；须无偿。 Only where AD-REG-SUBJECT "
    "registers the works to the designated enterprise (else a 422 naming it); free of charge; "
    "once (409); not after today." + IF_MATCH_NOTE,
    responses=documented(WorksOut, 200, "Recorded", *_STEP),
)
async def record_handover(
    works_id: WorksIdPath,
    body: Annotated[WorksHandoverCreate, examples(WorksHandoverCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REGISTER),
) -> WorksOut:
    await reg.record_handover(
        session,
        works_id,
        body,
        if_match=if_match,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    return await answer(session, works_id, params, response)


@router.post(
    "/works/{works_id}/registration",
    response_model=WorksOut,
    summary="首次登记 Record the first registration (If-Match, airdefence:register)",
    description="按登记日的规则判断：暂不移交及确权的工程（AD-OWN-COLLECTIVE）、非结建国有工程（AD-OWN-STATE）、"
    "竣工验收合格前或供地方案未明确（AD-REG-ACCEPTANCE）、应移交而未移交或产权人不符（AD-REG-SUBJECT）均"
    "422 `rule-violation`，不作记录。 The rules are run on the registration day; a refusal is a "
    "422 naming the rule and nothing is stored. The owner must be the party the rules name: the "
    "builder (organs, institutions), the group (its configured code, where set), the enterprise "
    "the works was handed over to. Where two clauses apply, `subject` and `basis` record the "
    "authority's choice. The decision is stored (`registration.decision_id`)." + IF_MATCH_NOTE,
    responses=documented(WorksOut, 200, "Registered", *_STEP),
)
async def record_registration(
    works_id: WorksIdPath,
    body: Annotated[WorksRegistrationCreate, examples(WorksRegistrationCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REGISTER),
) -> WorksOut:
    await reg.register(
        session,
        works_id,
        body,
        if_match=if_match,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    return await answer(session, works_id, params, response)


@router.get(
    "/works/{works_id}/registrations",
    response_model=WorksRegistrationsOut,
    summary="登记记录 The works' registrations, first and transfers, in order",
    responses=documented(WorksRegistrationsOut, 200, "The registrations", NOT_FOUND),
)
async def list_registrations(
    works_id: WorksIdPath, session: SessionDep, _: Principal = requires(READ)
) -> WorksRegistrationsOut:
    await svc.get_row(session, works_id)
    rows = await svc.registrations_of(session, works_id)
    return WorksRegistrationsOut.model_validate(
        {"works_id": works_id, "items": [svc.registration_out(r) for r in rows]}
    )


@router.get(
    "/works/{works_id}/ownership",
    response_model=AirDefenceDecisionOut,
    summary="产权与登记判断 The ownership rules on the stored works (not stored)",
    description="与 POST …/checks/ownership 相同的判断，事实取自登记簿（含已记录的竣工验收与无偿移交）。 "
    "The same Decision as the stateless check, on the register's facts, on `on` (default today).",
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", NOT_FOUND),
)
async def works_ownership(
    works_id: WorksIdPath,
    session: SessionDep,
    params: ParametersDep,
    on: Annotated[date | None, Query(description="The day the law is applied at")] = None,
    _: Principal = requires(READ),
) -> Response:
    row = await svc.get_row(session, works_id)
    decision = check_ownership(
        svc.ownership_facts(row._asdict()), params, on or today_shanghai(), row.county
    )
    return json_response(decision_body(decision))


@router.get(
    "/works/{works_id}/planning",
    response_model=AirDefenceDecisionOut,
    summary="配置指标与同品质 The planning rules on the stored works (not stored)",
    description="登记簿中的防空地下室建筑面积、平时用途、机动车车位净面积、人防区域公共泊位及人防/非人防区域"
    "品质：AD-PARK-RATIO、AD-PARK-PUBLIC、AD-SAME-QUALITY（未记录品质时不评价）。 The planning "
    "rules on the register's figures, on `on` (default today); AD-SAME-QUALITY is left out "
    "while the works has no quality facts on record.",
    responses=documented(AirDefenceDecisionOut, 200, "The Decision", NOT_FOUND),
)
async def works_planning(
    works_id: WorksIdPath,
    session: SessionDep,
    params: ParametersDep,
    on: Annotated[date | None, Query(description="The day the law is applied at")] = None,
    _: Principal = requires(READ),
) -> Response:
    row = await svc.get_row(session, works_id)
    facts = ParkingFacts(
        basement_floor_area=row.basement_floor_area,
        peacetime_use=PeacetimeUse(row.peacetime_use),
        net_parking_area=row.net_parking_area,
        public_spaces_in_air_defence_area=row.public_spaces_in_air_defence_area,
    )
    quality = None
    if row.quality is not None:
        quality = (
            AreaQuality(**row.quality["air_defence_area"]),
            AreaQuality(**row.quality["non_air_defence_area"]),
        )
    decision = check_planning(facts, quality, params, on or today_shanghai(), row.county)
    return json_response(decision_body(decision))
