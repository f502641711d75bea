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
    ResettlementCreate,
    ResettlementOut,
    ReversalCreate,
    ReversalOut,
    SettlementAdjustmentsOut,
    SettlementCreate,
    SettlementOut,
    SettlementSummary,
    SimulationOut,
    SimulationRequest,
    YearSummaryOut,
)
from medical.db import repository as repo
from medical.problems import CLAIM_ALREADY_SETTLED, SETTLEMENT_ALREADY_REVERSED
from medical.service import resettlement as adjustments
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
    description="撤销一笔结算：从年度累计中精确扣回其现值（首次结算加全部调整）。同年度此后的结算列于 "
    "`later_settlements`；`resettle: true` 时在同一事务内按就诊日顺序重新结算该人员年度并记录调整"
    "（`resettlement.status` = done），否则标记为待重新结算（pending，由 POST …/persons/{id}/years/"
    "{year}/resettlement 执行），此后无结算为 not_needed。一笔结算只能冲销一次（409）。需 "
    "`Idempotency-Key`。 Undoes the settlement's contribution as it stands (first computation "
    "plus adjustments). Later settlements of the year are listed; with `resettle: true` the "
    "person-year is re-settled in the same transaction and the differences recorded as "
    "adjustments (`resettlement.status` done), otherwise the year is marked pending for POST "
    "…/resettlement (not_needed when nothing followed). A reversed settlement cannot be "
    "reversed again (409).",
    responses=documented(
        ReversalOut,
        201,
        "Reversed",
        NOT_FOUND,
        SETTLEMENT_ALREADY_REVERSED,
        PARAMETER_NOT_CONFIGURED,
        *_IDEM,
    ),
)
async def reverse_settlement(
    settlement_id: Annotated[uuid.UUID, Path()],
    body: Annotated[ReversalCreate, examples(ReversalCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(SETTLE),
) -> Response:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    written = await svc.reverse_settlement(
        session, settlement_id, body, params=params, principal=principal
    )
    response = await idem.finish(written.body, status_code=201)
    await written.append_audit(session, principal)
    return response


@router.post(
    "/persons/{person_id}/years/{year}/resettlement",
    status_code=201,
    tags=["settlements"],
    summary="重新结算 Re-settle a person-year after a reversal, recording adjustments",
    description="按就诊日顺序（同日按结算顺序）、以各就诊日的身份与参数重算该人员年度的全部有效结算；"
    "与现值（首次结算加此前调整）不同的，记录一笔调整（各层有符号差额、所调整的结算、决定与审计）。"
    "之后每笔结算加其调整等于不含已冲销理赔的顺序重算，年度累计等于其和。年度累计行加锁，与结算、"
    "冲销依次执行；重复执行不产生新调整。需 `Idempotency-Key`。 Recomputes the person-year's live "
    "settlements in service-date order; each that differs from what it stands at gets an "
    "adjustment (signed per layer, the settlement it adjusts, a decision and an audit record). "
    "Afterwards each settlement plus its adjustments equals the in-order recomputation "
    "without the reversed claims, and the year's totals are their sum. Runs under the "
    "person-year's row lock; a repeat finds nothing to adjust.",
    responses=documented(
        ResettlementOut,
        201,
        "Re-settled",
        NOT_FOUND,
        PARAMETER_NOT_CONFIGURED,
        *_IDEM,
    ),
)
async def resettle_year(
    person_id: Annotated[uuid.UUID, Path()],
    year: Annotated[int, Path(ge=2022, le=2100)],
    body: Annotated[ResettlementCreate, examples(ResettlementCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(SETTLE),
) -> Response:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    written = await svc.resettle(session, person_id, year, params=params, principal=principal)
    response = await idem.finish(written.body, status_code=201)
    await written.append_audit(session, principal)
    return response


@router.get(
    "/settlements/{settlement_id}/adjustments",
    response_model=SettlementAdjustmentsOut,
    tags=["settlements"],
    summary="结算调整 A settlement's adjustments: as first settled, as it stands now",
    responses=documented(None, 404, "No such settlement", NOT_FOUND),
)
async def get_settlement_adjustments(
    settlement_id: Annotated[uuid.UUID, Path()],
    session: SessionDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await adjustments.settlement_adjustments(session, settlement_id))


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
