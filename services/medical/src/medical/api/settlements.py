"""Settlement, reversal, the year summary and the simulation endpoints."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep
from govkit.http.pagination import (
    CursorQuery,
    LimitQuery,
    Page,
    cursor_int,
    encode_cursor,
    read_cursor,
)
from govkit.http.problem import (
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    IDEMPOTENCY_REQUIRED,
    NOT_FOUND,
    RULE_VIOLATION,
)
from govkit.http.responses import json_response
from govkit.platform.parameters import ParametersDep
from govkit.platform.problems import PARAMETER_NOT_CONFIGURED
from medical.api.deps import PREFIX, READ, SETTLE, PiiKeyDep, documented, examples
from medical.api.schemas import (
    ReversalCreate,
    ReversalOut,
    SettlementCreate,
    SettlementOut,
    SettlementSummary,
    SimulationOut,
    SimulationRequest,
    YearSummaryOut,
)
from medical.db import repository as repo
from medical.problems import CLAIM_ALREADY_SETTLED, SETTLEMENT_ALREADY_REVERSED
from medical.service import settlements as svc
from medical.service.simulation import run_simulation

router = APIRouter(prefix=PREFIX)

_IDEM = (IDEMPOTENCY_REQUIRED, IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH)


@router.post(
    "/settlements",
    status_code=201,
    tags=["settlements"],
    summary="一站式结算 Settle one claim through every layer",
    description="基本医保 → 大病保险 → 医疗救助 → 商业补充保险 → 高额费用化解，按就诊日的政策参数一次结算"
    "（MED-ONE-STOP）。需 `Idempotency-Key`：重试返回首次结果，不会重复支付；同一人员年度累计在行锁下"
    "更新。 One claim → every layer's amount, the person's year-to-date totals before and after, "
    "findings with rule IDs and warnings (e.g. `policy-expired` after 2025-12-31). Requires "
    "`Idempotency-Key`; a retry replays the first answer. A figure the policy leaves to the "
    "operator that is not configured is a 422 `parameter-not-configured` naming it.",
    responses=documented(
        SettlementOut,
        201,
        "Settled; `Location` names the settlement",
        NOT_FOUND,
        CLAIM_ALREADY_SETTLED,
        RULE_VIOLATION,
        PARAMETER_NOT_CONFIGURED,
        *_IDEM,
    ),
)
async def settle(
    body: Annotated[SettlementCreate, examples(SettlementCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    pii_key: PiiKeyDep,
    principal: Principal = requires(SETTLE),
) -> Response:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    written = await svc.settle_claim(
        session, body, params=params, principal=principal, pii_key=pii_key
    )
    response = await idem.finish(
        written.body,
        status_code=201,
        headers={"Location": f"{PREFIX}/settlements/{written.entity_id}"},
    )
    await written.append_audit(session, principal)  # linked into the chain at commit
    return response


@router.get(
    "/settlements",
    response_model=Page[SettlementSummary],
    tags=["settlements"],
    summary="结算列表 Settlements, in the order they were made",
)
async def list_settlements(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    person_id: Annotated[uuid.UUID | None, Query(description="Only this person's")] = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    hospital: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(pattern="^(settled|reversed)$")] = None,
    needy: Annotated[bool | None, Query(description="Only the needy's (true) or others'")] = None,
    service_date_from: Annotated[date | None, Query()] = None,
    service_date_to: Annotated[date | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[SettlementSummary]:
    rows = await repo.list_settlements(
        session,
        person_id=person_id,
        year=year,
        hospital=hospital,
        status=status,
        needy=needy,
        date_from=service_date_from,
        date_to=service_date_to,
        after_seq=read_cursor(cursor, lambda p: cursor_int(p["seq"])),
        limit=limit + 1,
    )
    page = rows[:limit]
    return Page[SettlementSummary](
        items=[SettlementSummary.model_validate(svc.settlement_summary(r)) for r in page],
        next_cursor=encode_cursor({"seq": page[-1].seq}) if len(rows) > limit else None,
        limit=limit,
    )


@router.get(
    "/settlements/{settlement_id}",
    response_model=SettlementOut,
    tags=["settlements"],
    summary="查询结算 A settlement with its findings",
    responses=documented(None, 404, "No such settlement", NOT_FOUND),
)
async def get_settlement(
    settlement_id: Annotated[uuid.UUID, Path()],
    session: SessionDep,
    _: Principal = requires(READ),
) -> Response:
    body = await svc.get_settlement(session, settlement_id)
    return json_response(body)


@router.post(
    "/settlements/{settlement_id}/reversal",
    status_code=201,
    tags=["settlements"],
    summary="冲销结算 Reverse a settlement, restoring the year's totals exactly",
    description="撤销一笔结算：从年度累计中精确扣回其各项贡献；同年度此后的结算不自动重算，"
    "在 `later_settlements` 中列出。一笔结算只能冲销一次（409）。需 `Idempotency-Key`。 Undoes "
    "the settlement's contribution to every running total; later settlements of the year are "
    "listed, not recomputed silently. A reversed settlement cannot be reversed again (409).",
    responses=documented(
        ReversalOut,
        201,
        "Reversed",
        NOT_FOUND,
        SETTLEMENT_ALREADY_REVERSED,
        *_IDEM,
    ),
)
async def reverse_settlement(
    settlement_id: Annotated[uuid.UUID, Path()],
    body: Annotated[ReversalCreate, examples(ReversalCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Principal = requires(SETTLE),
) -> Response:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    written = await svc.reverse_settlement(session, settlement_id, body, principal=principal)
    response = await idem.finish(written.body, status_code=201)
    await written.append_audit(session, principal)
    return response


@router.get(
    "/persons/{person_id}/years/{year}",
    response_model=YearSummaryOut,
    tags=["settlements"],
    summary="年度汇总 A person's year: totals by layer, limit used and left, resolution",
    responses=documented(None, 404, "No such person", NOT_FOUND),
)
async def get_year_summary(
    person_id: Annotated[uuid.UUID, Path()],
    year: Annotated[int, Path(ge=2022, le=2100)],
    session: SessionDep,
    params: ParametersDep,
    on: Annotated[
        date | None,
        Query(
            description="Day of the year for the status and the limit (default: today, "
            "within the year)"
        ),
    ] = None,
    _: Principal = requires(READ),
) -> YearSummaryOut:
    data = await svc.year_summary(session, person_id, year, params=params, on=on)
    return YearSummaryOut.model_validate(data)


@router.post(
    "/simulate",
    tags=["simulation"],
    summary="假设试算 Simulate a batch of claims (stores nothing)",
    description="按顺序结算一批理赔（可数千笔、多人），滚动累计，可临时覆盖参数（如救助比例85%），"
    "不保存任何数据。 Settles claims in order with running totals, for hypothetical or registered "
    "persons, with optional `parameter_overrides` applied to a copy of the parameters; nothing "
    "is stored.",
    responses=documented(SimulationOut, 200, "The batch settled", PARAMETER_NOT_CONFIGURED),
)
async def simulate(
    body: Annotated[SimulationRequest, examples(SimulationRequest)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    data = await run_simulation(session, body, params=params)
    return json_response(data)
