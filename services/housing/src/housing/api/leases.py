"""Leases (allocations), renewals and exits; integrity records; due items; look-ups."""

from __future__ import annotations

import uuid
from datetime import date, datetime
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
    RULE_VIOLATION,
    VALIDATION,
    VERSION_MISMATCH,
    ProblemError,
)
from govkit.http.versions import etag
from govkit.identity import resident_key, uscc_key, uscc_value
from govkit.platform.due_items import (
    CountyQuery,
    DueBeforeQuery,
    DueItemOut,
    DueOnQuery,
    DueStatusQuery,
    OverdueQuery,
)
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.store.paging import dated_after
from housing.api.deps import PREFIX, READ, WRITE, PiiKeyDep, documented, examples
from housing.api.record_schemas import (
    HousingExitCreate,
    HousingIntegrityRecordCreate,
    HousingIntegrityRecordOut,
    HousingLeaseCreate,
    HousingLeaseOut,
    HousingLeaseSummary,
    HousingPartyLookupOut,
    HousingPersonLookup,
    HousingPersonOut,
    HousingRenewalCreate,
)
from housing.service import deadlines as dl
from housing.service import leases as svc
from housing.service import projects as projects_svc
from housing.service import supervision
from housing.service import tenants as tenants_svc

router = APIRouter(prefix=PREFIX)

IdPath = Annotated[uuid.UUID, Path(description="租赁 ID")]
IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The lease\'s ETag, e.g. "1" (required)')
]
_STEP = (PRECONDITION_REQUIRED, VERSION_MISMATCH, NOT_FOUND, RULE_VIOLATION, VALIDATION)


async def _out(
    session: AsyncSession, lease_id: uuid.UUID, response: Response | None = None
) -> HousingLeaseOut:
    out = HousingLeaseOut.model_validate(await svc.lease_out(session, lease_id))
    if response is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/leases",
    status_code=201,
    tags=["leases"],
    response_model=HousingLeaseOut,
    summary="配租签约 Allocate a unit of a recognised project to an eligible tenant (a lease)",
    description="申请须为审核通过（`eligible`）；项目须已取得认定书（HOUS-CERT）；户型须为项目户型且尚有"
    "空余；按起租日适用的市场租金检查租金上限（HOUS-RENT-CAP）、市场租金（HOUS-MARKET-RENT）和租期"
    "（HOUS-LEASE-TERM）。不符合的不予配租（rule-violation 列明规则），不保存任何数据。租期末日列入待办。 "
    "The application must be eligible and the project recognised; the unit one of the "
    "project's groups with a unit free; the lease is checked against the market rent in force "
    "on its first day. A failing lease is refused naming the rules; nothing is stored. The "
    "lease's end is tracked (`GET /due-items`). `Idempotency-Key` is honoured.",
    responses=documented(
        HousingLeaseOut,
        201,
        "Allocated",
        NOT_FOUND,
        CONFLICT,
        RULE_VIOLATION,
        VALIDATION,
        IDEMPOTENCY_IN_FLIGHT,
        IDEMPOTENCY_MISMATCH,
    ),
)
async def create_lease(
    body: Annotated[HousingLeaseCreate, examples(HousingLeaseCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingLeaseOut, dict[str, str]]:
        lease_id = await svc.create_lease(session, body, params=params, principal=principal)
        out = await _out(session, lease_id)
        return out, {"Location": f"{PREFIX}/leases/{lease_id}", "ETag": etag(out.version)}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/leases",
    tags=["leases"],
    response_model=Page[HousingLeaseSummary],
    summary="租赁列表 Leases, newest first, filtered",
)
async def list_leases(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    project_id: Annotated[uuid.UUID | None, Query()] = None,
    status: Annotated[Literal["active", "ended"] | None, Query()] = None,
    county: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    ends_before: Annotated[date | None, Query(description="租期末日早于此日")] = None,
    _: Principal = requires(READ),
) -> Page[HousingLeaseSummary]:
    items, next_cursor = await svc.list_leases(
        session,
        project_id=project_id,
        status=status,
        county=county,
        ends_before=ends_before,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[HousingLeaseSummary](
        items=[HousingLeaseSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/leases/{lease_id}",
    tags=["leases"],
    response_model=HousingLeaseOut,
    summary="租赁详情 A lease with its renewals",
    responses=documented(HousingLeaseOut, 200, "The lease", NOT_FOUND),
)
async def get_lease(
    lease_id: IdPath, session: SessionDep, response: Response, _: Principal = requires(READ)
) -> HousingLeaseOut:
    return await _out(session, lease_id, response)


@router.post(
    "/leases/{lease_id}/renewals",
    tags=["leases"],
    response_model=HousingLeaseOut,
    summary="续租 Renew a lease (HOUS-LEASE-RENEWAL, If-Match)",
    description="因特殊原因确需继续租住：续租自原租期末日次日起，续租合计不超过3年（自原租期末日起算），"
    "租金不低于续租开始时市场租金的80%。 A special reason; the renewal runs from the day after "
    "the current end; all renewals end within 36 months of the original end; the rent is not "
    "below 80% of the market rent in force when the renewal starts. A failing renewal is "
    "refused naming the rule. The tracked end moves to the new end.",
    responses=documented(HousingLeaseOut, 200, "Renewed", *_STEP),
)
async def renew_lease(
    lease_id: IdPath,
    body: Annotated[HousingRenewalCreate, examples(HousingRenewalCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingLeaseOut:
    await svc.renew(
        session,
        lease_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, lease_id, response)


@router.post(
    "/leases/{lease_id}/exit",
    tags=["leases"],
    response_model=HousingLeaseOut,
    summary="退出 Record an exit: the tenancy ends (HOUS-TENANT-EXIT, If-Match)",
    description="获得当地公租房保障或取得当地其他产权型住房的应退出；破坏设施设备、擅自装修、转租、转借、"
    "转变租住用途的终止租赁并记入承租对象诚信档案（HOUS-CREDIT）；租期届满或主动退租的亦记录。 The "
    "lease ends on `on`; a prohibited act is also recorded against the tenant.",
    responses=documented(HousingLeaseOut, 200, "Ended", *_STEP),
)
async def exit_lease(
    lease_id: IdPath,
    body: Annotated[HousingExitCreate, examples(HousingExitCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingLeaseOut:
    await svc.exit_lease(
        session,
        lease_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, lease_id, response)


# ---- integrity records ---------------------------------------------------------------------


@router.post(
    "/integrity-records",
    status_code=201,
    tags=["supervision"],
    response_model=HousingIntegrityRecordOut,
    summary="诚信档案 Record a party's conduct (HOUS-CREDIT)",
    description="投资主体、建设单位、运营管理单位、用人单位（统一社会信用代码）或承租对象（身份证号，仅存"
    "哈希与掩码）；失信记录可列明违反的规则。记录不可修改。 An entity by USCC or a tenant by "
    "resident ID; a violation may name the HOUS rule broken. Records are never edited. "
    "`Idempotency-Key` is honoured.",
    responses=documented(
        HousingIntegrityRecordOut, 201, "Recorded", VALIDATION, NOT_FOUND, IDEMPOTENCY_MISMATCH
    ),
)
async def create_integrity_record(
    body: Annotated[HousingIntegrityRecordCreate, examples(HousingIntegrityRecordCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    pii_key: PiiKeyDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingIntegrityRecordOut, dict[str, str]]:
        out = HousingIntegrityRecordOut.model_validate(
            await supervision.create_record(
                session,
                body,
                params=params,
                principal=principal,
                pii_key=pii_key,
                today=today_shanghai(),
            )
        )
        return out, {"Location": f"{PREFIX}/integrity-records"}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/integrity-records",
    tags=["supervision"],
    response_model=Page[HousingIntegrityRecordOut],
    summary="诚信档案列表 Integrity records, newest first, filtered",
    description="按角色、类别、规则、项目、单位（`uscc`）、发生日期筛选；承租对象的记录按身份证号查询须用 "
    "`POST /persons/lookup`（身份证号不进入网址）。 Tenants' records are found by "
    "`POST /persons/lookup` (resident IDs stay out of URLs).",
)
async def list_integrity_records(
    session: SessionDep,
    pii_key: PiiKeyDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    role: Annotated[
        Literal["investor", "builder", "operator", "employer", "tenant"] | None, Query()
    ] = None,
    kind: Annotated[Literal["violation", "commendation"] | None, Query()] = None,
    rule_id: Annotated[str | None, Query(pattern=r"^HOUS-[A-Z-]{2,40}$")] = None,
    project_id: Annotated[uuid.UUID | None, Query()] = None,
    uscc: Annotated[
        str | None, Query(min_length=18, max_length=24, description="单位的统一社会信用代码")
    ] = None,
    occurred_from: Annotated[date | None, Query()] = None,
    occurred_to: Annotated[date | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[HousingIntegrityRecordOut]:
    party_hash = _uscc_hash(uscc, pii_key, "query") if uscc is not None else None
    items, next_cursor = await supervision.list_records(
        session,
        role=role,
        kind=kind,
        rule_id=rule_id,
        project_id=project_id,
        party_hash=party_hash,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[HousingIntegrityRecordOut](
        items=[HousingIntegrityRecordOut.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


def _uscc_hash(uscc: str, pii_key: bytes, where: str) -> str:
    try:
        compact = uscc_value(uscc)
    except ValueError as exc:
        raise ProblemError(
            VALIDATION,
            str(exc),
            errors=[
                {
                    "in": where,
                    "name": "uscc",
                    "pointer": "#/uscc",
                    "detail": str(exc),
                    "type": "value_error",
                }
            ],
        ) from None
    return uscc_key(compact, pii_key).hash


# ---- due items -----------------------------------------------------------------------------


@router.get(
    "/due-items",
    tags=["due-items"],
    response_model=Page[DueItemOut],
    summary="待办期限 Deadlines and tracked end dates, by due date",
    description="联合审查中县（市、区）规定期限的各步骤（按共享工作日历计算）和每份租赁的租期末日。按到期日、"
    "再按 ID 排序；`overdue` 按 `on`（缺省今天）计算：未完成且到期日早于该日，并给出逾期自然日和工作日。"
    "租期末日已过而租赁仍在履行的即为逾期（超期居住）。 The review's periods where the county "
    "set them and every lease's end, sorted by `due` then `item_id`. A lease's end in the past "
    "while the lease is still active is overdue: the tenant stays beyond the term.",
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
) -> Page[DueItemOut]:
    items, next_cursor = await dl.list_due_items(
        session,
        dl.DueFilter(status=status, due_before=due_before, overdue=overdue, county=county),
        today=on or today_shanghai(),
        after=dated_after(cursor, "due", date.fromisoformat),
        limit=limit,
    )
    return Page[DueItemOut](
        items=[DueItemOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )


# ---- look-ups for the merged views ---------------------------------------------------------


@router.post(
    "/persons/lookup",
    tags=["look-ups"],
    response_model=HousingPersonOut,
    summary="按身份证号查询 A person's applications, leases, exits and integrity records",
    description="身份证号在请求体中（不进入网址和日志），按密钥哈希查找；无记录时各列表为空。 The "
    "resident ID travels in the body (never in a URL) and is matched by its keyed hash; a "
    "person with no records answers empty lists. One call for the gateway's merged view.",
    responses=documented(HousingPersonOut, 200, "The person's records", VALIDATION),
)
async def lookup_person(
    body: Annotated[HousingPersonLookup, examples(HousingPersonLookup)],
    session: SessionDep,
    pii_key: PiiKeyDep,
    _: Principal = requires(READ),
) -> HousingPersonOut:
    key = resident_key(body.resident_id, pii_key)
    leases, exits = await svc.of_person(session, key.hash)
    return HousingPersonOut.model_validate(
        {
            "resident_id_masked": key.masked,
            "applications": await tenants_svc.of_person(session, key.hash),
            "leases": leases,
            "exits": exits,
            "integrity_records": await supervision.of_party(session, key.hash),
        }
    )


@router.get(
    "/parties/{uscc}",
    tags=["look-ups"],
    response_model=HousingPartyLookupOut,
    summary="按统一社会信用代码查询 A party's projects (investor, operator, builder) and records",
    description="单位作为投资主体、运营管理单位或建设单位的项目，及其诚信档案；无记录时各列表为空。 The "
    "projects where the entity is investor, operator or builder, and its integrity records; "
    "one call for the gateway's merged view. An invalid USCC is a 422.",
    responses=documented(HousingPartyLookupOut, 200, "The party's records", VALIDATION),
)
async def lookup_party(
    uscc: Annotated[str, Path(min_length=18, max_length=24, description="统一社会信用代码")],
    session: SessionDep,
    pii_key: PiiKeyDep,
    _: Principal = requires(READ),
) -> HousingPartyLookupOut:
    party_hash = _uscc_hash(uscc, pii_key, "path")
    return HousingPartyLookupOut.model_validate(
        {
            "uscc": uscc_value(uscc),
            "projects": await projects_svc.of_party(session, party_hash),
            "integrity_records": await supervision.of_party(session, party_hash),
        }
    )
