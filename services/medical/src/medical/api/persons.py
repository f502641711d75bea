"""The needy register: persons, recognitions, gradual exits and exits, status, enrolment."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Response

from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep
from govkit.http.pagination import CursorQuery, LimitQuery, Page, encode_cursor, read_cursor
from govkit.http.problem import (
    NOT_FOUND,
    PRECONDITION_REQUIRED,
    RULE_VIOLATION,
    VERSION_MISMATCH,
)
from govkit.http.versions import etag
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.platform.problems import PARAMETER_NOT_CONFIGURED
from medical.api.deps import PREFIX, READ, WRITE, PiiKeyDep, documented, examples
from medical.api.schemas import (
    DecisionOut,
    NeedyRecordCreate,
    NeedyRecordOut,
    NeedyRecordUpdate,
    NeedyStatusOut,
    PersonCreate,
    PersonLookup,
    PersonOut,
    PersonSummary,
)
from medical.db import repository as repo
from medical.domain import NeedyCategory
from medical.problems import PERSON_EXISTS, RECORD_EXISTS
from medical.service import persons as svc

router = APIRouter(prefix=PREFIX, tags=["register"])

PersonIdPath = Annotated[uuid.UUID, Path(description="登记的人员 ID")]


@router.post(
    "/persons",
    status_code=201,
    response_model=PersonOut,
    summary="登记困难群众 Register a person with their recognitions",
    description="身份证号经校验后只保存其密钥哈希与掩码。 The resident ID is validated and kept only "
    "as a keyed hash (for look-up) and a masked form. `Idempotency-Key` is optional.",
    responses=documented(None, 409, "Registered already", PERSON_EXISTS, RULE_VIOLATION),
)
async def register_person(
    body: Annotated[PersonCreate, examples(PersonCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    pii_key: PiiKeyDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    replay = await idem.begin(principal, body)
    if replay is not None:
        return replay
    person_id = await svc.register_person(session, body, principal=principal, pii_key=pii_key)
    out = PersonOut.model_validate(await svc.person_out(session, person_id))
    location = {"Location": f"{PREFIX}/persons/{person_id}"}
    if idem.key is not None:
        return await idem.finish(out.model_dump(mode="json"), status_code=201, headers=location)
    response.headers.update(location)
    return out


@router.get(
    "/persons",
    response_model=Page[PersonSummary],
    summary="人员列表 Registered persons, filtered",
)
async def list_persons(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    category: Annotated[NeedyCategory | None, Query(description="With a recognition of it")] = None,
    county: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    active_on: Annotated[date | None, Query(description="Recognised on this day")] = None,
    _: Principal = requires(READ),
) -> Page[PersonSummary]:
    rows = await repo.list_persons(
        session,
        category=category.value if category else None,
        county=county,
        active_on=active_on,
        after=read_cursor(cursor, lambda p: uuid.UUID(p["after"])),
        limit=limit + 1,
    )
    page = rows[:limit]
    records = await repo.records_of_many(session, [r.person_id for r in page])
    items = [
        PersonSummary(
            person_id=r.person_id,
            resident_id_masked=r.resident_id_masked,
            name=r.name,
            county=r.county,
            categories=sorted({NeedyCategory(x.category) for x in records.get(r.person_id, [])}),
            created_at=r.created_at,
        )
        for r in page
    ]
    return Page[PersonSummary](
        items=items,
        next_cursor=encode_cursor({"after": str(page[-1].person_id)})
        if len(rows) > limit
        else None,
        limit=limit,
    )


@router.post(
    "/persons/lookup",
    response_model=PersonOut,
    summary="按身份证号查找 Find a person by resident ID (kept out of URLs and logs)",
    responses=documented(None, 404, "Not registered", NOT_FOUND),
)
async def lookup_person(
    body: Annotated[PersonLookup, examples(PersonLookup)],
    session: SessionDep,
    pii_key: PiiKeyDep,
    _: Principal = requires(READ),
) -> PersonOut:
    person_id = await svc.find_person(session, body.resident_id, pii_key=pii_key)
    return PersonOut.model_validate(await svc.person_out(session, person_id))


@router.get(
    "/persons/{person_id}",
    response_model=PersonOut,
    summary="人员详情 A person, their recognitions and today's status",
    responses=documented(None, 404, "No such person", NOT_FOUND),
)
async def get_person(
    person_id: PersonIdPath, session: SessionDep, _: Principal = requires(READ)
) -> PersonOut:
    return PersonOut.model_validate(await svc.person_out(session, person_id))


@router.get(
    "/persons/{person_id}/status",
    response_model=NeedyStatusOut,
    summary="某日身份 Whether the needy's terms apply on a day, and why (MED-GROUPS, MED-ENROL-NEW)",
    responses=documented(None, 404, "No such person", NOT_FOUND),
)
async def get_person_status(
    person_id: PersonIdPath,
    session: SessionDep,
    on: Annotated[date | None, Query(description="Default: today (Asia/Shanghai)")] = None,
    _: Principal = requires(READ),
) -> NeedyStatusOut:
    data = await svc.person_status(session, person_id, on or today_shanghai())
    return NeedyStatusOut.model_validate(data)


@router.post(
    "/persons/{person_id}/records",
    status_code=201,
    response_model=NeedyRecordOut,
    summary="新增认定 Add a recognition (category and effective dates)",
    responses=documented(None, 409, "Registered already", RECORD_EXISTS, NOT_FOUND, RULE_VIOLATION),
)
async def add_needy_record(
    person_id: PersonIdPath,
    body: Annotated[NeedyRecordCreate, examples(NeedyRecordCreate)],
    session: SessionDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> NeedyRecordOut:
    out = NeedyRecordOut.model_validate(
        await svc.add_record(session, person_id, body, principal=principal)
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.patch(
    "/persons/{person_id}/records/{record_id}",
    response_model=NeedyRecordOut,
    summary="渐退、退出 Set the gradual-exit or exit day of a recognition (If-Match)",
    description="JSON merge patch of `exited_on` and `gradual_exit_from`; send the record's "
    "`ETag` as `If-Match` (428 without it, 412 when stale).",
    responses=documented(
        None,
        412,
        "Stale If-Match",
        VERSION_MISMATCH,
        PRECONDITION_REQUIRED,
        NOT_FOUND,
        RULE_VIOLATION,
    ),
)
async def update_needy_record(
    person_id: PersonIdPath,
    record_id: Annotated[uuid.UUID, Path()],
    body: Annotated[
        NeedyRecordUpdate,
        Body(
            openapi_examples={
                "gradual_exit": {
                    "summary": "进入渐退期",
                    "value": {"gradual_exit_from": "2022-07-01"},
                },
                "exit": {"summary": "退出", "value": {"exited_on": "2023-01-01"}},
            }
        ),
    ],
    session: SessionDep,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    principal: Principal = requires(WRITE),
) -> NeedyRecordOut:
    changes = {k: getattr(body, k) for k in body.model_fields_set}
    out = NeedyRecordOut.model_validate(
        await svc.update_record(
            session, person_id, record_id, changes, if_match=if_match, principal=principal
        )
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "/persons/{person_id}/enrolment-subsidy",
    response_model=DecisionOut,
    summary="资助参保 Whether the individual premium is subsidised, from when, and why",
    description="MED-ENROL-*: for a year (or one month of it): subsidised or not, the month of "
    "enrolment, the day cover starts (next month for a new recognition), exits and gradual exits.",
    responses=documented(None, 404, "No such person", NOT_FOUND, PARAMETER_NOT_CONFIGURED),
)
async def get_enrolment_subsidy(
    person_id: PersonIdPath,
    session: SessionDep,
    params: ParametersDep,
    year: Annotated[int, Query(ge=2022, le=2100)],
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    _: Principal = requires(READ),
) -> DecisionOut:
    decision = await svc.enrolment(session, person_id, year=year, month=month, params=params)
    return DecisionOut.model_validate(decision.as_dict())
