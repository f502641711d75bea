"""Peacetime use over HTTP: leases, the parking allocation, the income ledger and its totals,
and transfers of a registered works."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from airdefence.api.deps import PREFIX, READ, REGISTER, WRITE, documented, examples
from airdefence.api.peacetime_schemas import (
    IncomeLedgerEntryCreate,
    IncomeLedgerEntryOut,
    IncomeLedgerEntryPage,
    IncomeLedgerTotalsOut,
    ParkingAllocationCreate,
    ParkingAllocationOut,
    ParkingAllocationsOut,
    WorksLeaseCreate,
    WorksLeaseOut,
    WorksLeasesOut,
    WorksTransferCreate,
    WorksTransferOut,
    WorksTransfersOut,
)
from airdefence.api.works import IDEM_NOTE, IF_MATCH_NOTE, USCC_QUERY, IfMatch, WorksIdPath
from airdefence.service import peacetime as svc
from airdefence.service import transfers as transfer_svc
from airdefence.service.works import get_row
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
from govkit.platform.parameters import ParametersDep
from govkit.store.paging import seq_after

router = APIRouter(prefix=PREFIX, tags=["peacetime use"])

_IDEM = (IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH)
YearQuery = Annotated[int, Query(ge=2000, le=2100, description="Calendar year")]


@router.post(
    "/works/{works_id}/leases",
    status_code=201,
    response_model=WorksLeaseOut,
    summary="租赁 Record a lease of a registered works (AD-LEASE-FEE)",
    description="产权人出租人防国有资产：物业服务费由承租人承担，约定由产权人承担的 422 `rule-violation`"
    "（AD-LEASE-FEE）。须已登记（409），起租不早于登记日；租赁面积及同期重叠租赁合计不超过防空地下室建筑"
    "面积（422）。 The owner leases; the tenant pays the property service fee (else a 422 naming "
    "AD-LEASE-FEE). The works must be registered (409) and the lease start on or after the "
    "registration; the leased area, with the leases overlapping its term, may not exceed the "
    "basement." + IDEM_NOTE,
    responses=documented(
        WorksLeaseOut, 201, "Recorded", NOT_FOUND, VALIDATION, RULE_VIOLATION, CONFLICT, *_IDEM
    ),
)
async def create_lease(
    works_id: WorksIdPath,
    body: Annotated[WorksLeaseCreate, examples(WorksLeaseCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[WorksLeaseOut, dict[str, str]]:
        lease_id = await svc.create_lease(
            session,
            works_id,
            body,
            principal=principal,
            params=params,
            request_id=current_request_id(),
        )
        return WorksLeaseOut.model_validate(await svc.lease_by_id(session, lease_id, params)), {
            "Location": f"{PREFIX}/works/{works_id}/leases"
        }

    return await create_once(idem, principal, body, create)


@router.get(
    "/works/{works_id}/leases",
    response_model=WorksLeasesOut,
    summary="租赁记录 The works' leases by start date",
    responses=documented(WorksLeasesOut, 200, "The leases", NOT_FOUND),
)
async def list_leases(
    works_id: WorksIdPath,
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> WorksLeasesOut:
    items = await svc.leases_of(session, works_id, params)
    return WorksLeasesOut.model_validate({"works_id": works_id, "items": items})


@router.post(
    "/works/{works_id}/parking-allocation",
    status_code=201,
    response_model=ParkingAllocationOut,
    summary="车位分配 Allocate the parking spaces, community owners first (AD-PARK-PRIORITY)",
    description="防空地下室平时用于停放机动车的，首先满足地下室所在小区业主的停车需要：先按提交顺序满足业主申请，"
    "再按提交顺序满足其他申请；未获配者按同一顺序轮候。结果确定（同一顺序得同一结果），连同决定一并保存。 "
    "Owners of the community first, in the order their requests came, then the others in "
    "order; whoever finds no space waits, in the same order. Deterministic given the order. "
    "A basement not used for motor-vehicle parking is a 422 naming AD-PARK-PRIORITY; a works "
    "with no community on record allocates in request order (the rule not applicable) and "
    "takes no community-owner request. Stored with its Decision." + IDEM_NOTE,
    responses=documented(
        ParkingAllocationOut, 201, "Allocated", NOT_FOUND, VALIDATION, RULE_VIOLATION, *_IDEM
    ),
)
async def allocate_parking(
    works_id: WorksIdPath,
    body: Annotated[ParkingAllocationCreate, examples(ParkingAllocationCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[ParkingAllocationOut, dict[str, str]]:
        allocation_id = await svc.allocate(
            session,
            works_id,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        out = ParkingAllocationOut.model_validate(
            await svc.allocation_by_id(session, allocation_id)
        )
        return out, {"Location": f"{PREFIX}/works/{works_id}/parking-allocations"}

    return await create_once(idem, principal, body, create)


@router.get(
    "/works/{works_id}/parking-allocations",
    response_model=ParkingAllocationsOut,
    summary="车位分配记录 The works' parking allocations, in order",
    responses=documented(ParkingAllocationsOut, 200, "The allocations", NOT_FOUND),
)
async def list_allocations(
    works_id: WorksIdPath, session: SessionDep, _: Principal = requires(READ)
) -> ParkingAllocationsOut:
    items = await svc.allocations_of(session, works_id)
    return ParkingAllocationsOut.model_validate({"works_id": works_id, "items": items})


@router.post(
    "/works/{works_id}/ledger-entries",
    status_code=201,
    response_model=IncomeLedgerEntryOut,
    summary="收益台账 Record an operating income or a use of it (AD-INCOME-USE)",
    description="经营收益（租赁、停车、其他）及其使用。收益只能用于维护保养、专业维修、平战转换、应急演练、"
    "人防专业化维护管理队伍建设、平战转换队伍建设；其他用途 422 `rule-violation`（AD-INCOME-USE），不作记录。"
    "须已登记（409），日期不早于登记日、不晚于今天。 Income (lease, parking, other) and its uses; "
    "a use outside the listed purposes is refused naming AD-INCOME-USE and nothing is stored. "
    "Each entry is kept under the owner registered on its day (pooled totals by owner)."
    + IDEM_NOTE,
    responses=documented(
        IncomeLedgerEntryOut,
        201,
        "Recorded",
        NOT_FOUND,
        VALIDATION,
        RULE_VIOLATION,
        CONFLICT,
        *_IDEM,
    ),
)
async def record_ledger_entry(
    works_id: WorksIdPath,
    body: Annotated[IncomeLedgerEntryCreate, examples(IncomeLedgerEntryCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[IncomeLedgerEntryOut, None]:
        entry_id = await svc.record_entry(
            session,
            works_id,
            body,
            principal=principal,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        return IncomeLedgerEntryOut.model_validate(await svc.entry_by_id(session, entry_id)), None

    return await create_once(idem, principal, body, create)


@router.get(
    "/works/{works_id}/ledger-entries",
    response_model=IncomeLedgerEntryPage,
    summary="台账明细 The works' ledger entries, in recording order",
    responses=documented(IncomeLedgerEntryPage, 200, "The entries", NOT_FOUND),
)
async def list_ledger_entries(
    works_id: WorksIdPath,
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    entry_type: Annotated[str | None, Query(pattern="^(income|use)$")] = None,
    _: Principal = requires(READ),
) -> IncomeLedgerEntryPage:
    items, next_cursor = await svc.list_entries(
        session, svc.EntryFilter(works_id, year, entry_type), after=seq_after(cursor), limit=limit
    )
    return IncomeLedgerEntryPage(
        items=[IncomeLedgerEntryOut.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/works/{works_id}/ledger-totals",
    response_model=IncomeLedgerTotalsOut,
    summary="年度收支 The works' income by source and uses by purpose in a year",
    responses=documented(IncomeLedgerTotalsOut, 200, "The totals", NOT_FOUND),
)
async def works_ledger_totals(
    works_id: WorksIdPath, session: SessionDep, year: YearQuery, _: Principal = requires(READ)
) -> IncomeLedgerTotalsOut:
    return IncomeLedgerTotalsOut.model_validate(
        await svc.totals(session, year=year, works_id=works_id)
    )


@router.get(
    "/ledger-totals",
    response_model=IncomeLedgerTotalsOut,
    summary="产权人年度收支（统筹） An owner's income and uses in a year, pooled over its works",
    description="四（五）“统筹用于”：同一产权人名下各工程的收益与使用合计。 Income is pooled "
    "(统筹) for the owner's works: the year's totals over every works it owned on each "
    "entry's day.",
)
async def owner_ledger_totals(
    session: SessionDep,
    year: YearQuery,
    owner: Annotated[str, Query(pattern=USCC_QUERY, description="The owner's USCC")],
    _: Principal = requires(READ),
) -> IncomeLedgerTotalsOut:
    return IncomeLedgerTotalsOut.model_validate(
        await svc.totals(session, year=year, owner_uscc=owner)
    )


@router.post(
    "/works/{works_id}/transfers",
    status_code=201,
    response_model=WorksTransferOut,
    summary="破产清算或转移登记 Record a transfer of the works (AD-TRANSFER, If-Match)",
    description="产权人破产清算、转移登记：人防资产接受方成为产权人，承担日常维护和平战转换等费用，保持战备"
    "功能，接受人防主管部门监督检查；未完成的维护管理义务转由接受方承担。 The receiver becomes the "
    "owner and takes over the open duties (`duties_moved`); a transfer of registration is "
    "recorded as a registration of its own. Needs airdefence:register; the works must be "
    "registered (409)." + IF_MATCH_NOTE,
    responses=documented(
        WorksTransferOut,
        201,
        "Recorded",
        NOT_FOUND,
        VALIDATION,
        RULE_VIOLATION,
        CONFLICT,
        VERSION_MISMATCH,
        PRECONDITION_REQUIRED,
    ),
)
async def record_transfer(
    works_id: WorksIdPath,
    body: Annotated[WorksTransferCreate, examples(WorksTransferCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REGISTER),
) -> WorksTransferOut:
    transfer_id = await transfer_svc.transfer(
        session,
        works_id,
        body,
        if_match=if_match,
        principal=principal,
        params=params,
        today=today_shanghai(),
        request_id=current_request_id(),
    )
    items = await transfer_svc.transfers_of(session, works_id)
    row = await get_row(session, works_id)
    response.headers["ETag"] = etag(row.version)
    return WorksTransferOut.model_validate(
        next(t for t in items if t["transfer_id"] == transfer_id)
    )


@router.get(
    "/works/{works_id}/transfers",
    response_model=WorksTransfersOut,
    summary="转移记录 The works' transfers, in order",
    responses=documented(WorksTransfersOut, 200, "The transfers", NOT_FOUND),
)
async def list_transfers(
    works_id: WorksIdPath, session: SessionDep, _: Principal = requires(READ)
) -> WorksTransfersOut:
    items = await transfer_svc.transfers_of(session, works_id)
    return WorksTransfersOut.model_validate({"works_id": works_id, "items": items})
