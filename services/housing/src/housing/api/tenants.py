"""Tenant applications: stored with their check, reviewed (re-checked), withdrawn."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep, create_once
from govkit.http.pagination import CursorQuery, LimitQuery, Page
from govkit.http.problem import (
    CONFLICT,
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    NOT_FOUND,
    PRECONDITION_REQUIRED,
    VALIDATION,
    VERSION_MISMATCH,
)
from govkit.http.versions import etag
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.store.paging import dated_after
from housing.api.deps import PREFIX, READ, WRITE, PiiKeyDep, documented, examples
from housing.api.record_schemas import (
    HousingStepIn,
    HousingTenantApplicationCreate,
    HousingTenantApplicationOut,
    HousingTenantApplicationSummary,
    HousingTenantFactsUpdate,
)
from housing.service import tenants as svc

router = APIRouter(prefix=PREFIX, tags=["tenants"])

IdPath = Annotated[uuid.UUID, Path(description="申请 ID")]
IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The application\'s ETag, e.g. "2" (required)')
]
_STEP_PROBLEMS = (PRECONDITION_REQUIRED, VERSION_MISMATCH, NOT_FOUND, CONFLICT, VALIDATION)


async def _out(
    session: AsyncSession, application_id: uuid.UUID, response: Response | None = None
) -> HousingTenantApplicationOut:
    out = HousingTenantApplicationOut.model_validate(
        await svc.application_out(session, application_id)
    )
    if response is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/tenant-applications",
    status_code=201,
    response_model=HousingTenantApplicationOut,
    summary="受理承租申请 Create a tenant application (checked, stored with its decision)",
    description="身份证号经校验后只保存其密钥哈希与掩码；申请按二（一）检查，决定保存，状态为 "
    "`submitted`，待审核（`…/review`）。同一人只能有一份有效申请（409）。 The resident ID is "
    "validated and kept only as a keyed hash and a masked form. The facts are checked (as "
    "`POST /checks/tenant`) on `as_of`; the decision is stored and the application waits for "
    "review at `submitted`. One live application per person (409 names it). "
    "`Idempotency-Key` is honoured; the answer carries `ETag` and `Location`.",
    responses=documented(
        HousingTenantApplicationOut,
        201,
        "Created",
        VALIDATION,
        CONFLICT,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def create_tenant_application(
    body: Annotated[HousingTenantApplicationCreate, examples(HousingTenantApplicationCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    pii_key: PiiKeyDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingTenantApplicationOut, dict[str, str]]:
        application_id = await svc.create(
            session,
            body,
            params=params,
            principal=principal,
            pii_key=pii_key,
            today=today_shanghai(),
        )
        out = await _out(session, application_id)
        location = f"{PREFIX}/tenant-applications/{application_id}"
        return out, {"Location": location, "ETag": etag(out.version)}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/tenant-applications",
    response_model=Page[HousingTenantApplicationSummary],
    summary="承租申请列表 Tenant applications, newest first, filtered",
)
async def list_tenant_applications(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: Annotated[
        Literal["submitted", "eligible", "ineligible", "allocated", "exited", "withdrawn"] | None,
        Query(description="申请状态"),
    ] = None,
    work_district: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    employer: Annotated[
        str | None, Query(min_length=1, max_length=200, description="用人单位名称包含")
    ] = None,
    _: Principal = requires(READ),
) -> Page[HousingTenantApplicationSummary]:
    items, next_cursor = await svc.list_applications(
        session,
        status=status,
        work_district=work_district,
        employer=employer,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[HousingTenantApplicationSummary](
        items=[HousingTenantApplicationSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/tenant-applications/{application_id}",
    response_model=HousingTenantApplicationOut,
    summary="承租申请详情 A tenant application with its latest check",
    description="`ETag` carries the version to send as `If-Match` with the next step.",
    responses=documented(HousingTenantApplicationOut, 200, "The application", NOT_FOUND),
)
async def get_tenant_application(
    application_id: IdPath,
    session: SessionDep,
    response: Response,
    _: Principal = requires(READ),
) -> HousingTenantApplicationOut:
    return await _out(session, application_id, response)


@router.put(
    "/tenant-applications/{application_id}/facts",
    response_model=HousingTenantApplicationOut,
    summary="更正申请事实 Correct the facts and re-check them (If-Match)",
    description="配租前可更正（如新的不动产登记查询结果）；重新检查并保存决定，状态回到 `submitted`。 "
    "Until allocation; the new check is stored and the application waits for review again.",
    responses=documented(HousingTenantApplicationOut, 200, "Re-checked", *_STEP_PROBLEMS),
)
async def update_tenant_facts(
    application_id: IdPath,
    body: Annotated[HousingTenantFactsUpdate, examples(HousingTenantFactsUpdate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingTenantApplicationOut:
    await svc.update_facts(
        session,
        application_id,
        body,
        body.as_of or today_shanghai(),
        if_match=if_match,
        params=params,
        principal=principal,
    )
    return await _out(session, application_id, response)


@router.post(
    "/tenant-applications/{application_id}/review",
    response_model=HousingTenantApplicationOut,
    summary="资格审核 Review: re-check the facts on a day (If-Match)",
    description="按审核日重新检查已保存的事实：全部符合为 `eligible`，否则 `ineligible`；决定保存。 "
    "The stored facts are checked again as of `on`: `eligible` when no rule fails, else "
    "`ineligible`; the decision is stored and audited.",
    responses=documented(HousingTenantApplicationOut, 200, "Reviewed", *_STEP_PROBLEMS),
)
async def review_tenant_application(
    application_id: IdPath,
    body: Annotated[HousingStepIn, examples(HousingStepIn)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingTenantApplicationOut:
    await svc.review(
        session,
        application_id,
        body.on,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, application_id, response)


@router.post(
    "/tenant-applications/{application_id}/withdraw",
    response_model=HousingTenantApplicationOut,
    summary="撤回申请 Withdraw an application before allocation (If-Match)",
    responses=documented(HousingTenantApplicationOut, 200, "Withdrawn", *_STEP_PROBLEMS),
)
async def withdraw_tenant_application(
    application_id: IdPath,
    body: Annotated[HousingStepIn, examples(HousingStepIn)],
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingTenantApplicationOut:
    await svc.withdraw(
        session,
        application_id,
        body.on,
        if_match=if_match,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, application_id, response)
