"""Sub-funds, contributors, paid-in, portfolio, reinvestment and the early-exit check."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Response

from fund.api.deps import PREFIX, READ, WRITE, documented, examples
from fund.api.sub_fund_schemas import (
    EarlyExitCheck,
    EarlyExitOut,
    InvestmentCreate,
    InvestmentOut,
    InvestmentStatus,
    PaidInCreate,
    PaidInList,
    ReinvestmentCalc,
    ReinvestmentOut,
    Source,
    SubFundCreate,
    SubFundOut,
    SubFundSummary,
    TrancheOut,
)
from fund.service import portfolio
from fund.service import sub_funds as svc
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
    RULE_VIOLATION,
    VALIDATION,
    ProblemError,
)
from govkit.http.request_id import current_request_id
from govkit.http.versions import etag, none_match
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED
from govkit.store.paging import seq_after

router = APIRouter(prefix=PREFIX)

TAGS: list[str | Any] = ["sub-funds"]
_IDEM = (IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH)
IDEM_NOTE = (
    " Send an `Idempotency-Key`: a retry with the same key replays the first answer (header "
    "`Idempotent-Replayed`), the same key with another body is a 422."
)
SubFundIdPath = Annotated[uuid.UUID, Path(description="子基金 ID")]


@router.post(
    "/sub-funds",
    status_code=201,
    response_model=SubFundOut,
    tags=TAGS,
    summary="登记子基金 Register a sub-fund with its contributors",
    description="从已签署的申请（`application_id`，阶段 post_investment）或直接登记（系统上线前设立的"
    "子基金）。登记时按 FUND-REPORT-QUARTERLY/-ANNUAL 生成前三个日历年的报送义务（以已发布的节假日"
    "安排为限）。 From a signed application (stage `post_investment`, not yet linked) or directly. "
    "`size` must equal the contributors' commitments, exactly one of which is the mother fund's. "
    "Registration records the reporting duties of the first three calendar years, as far as the "
    "holiday calendar is published (extend with POST …/reporting-schedule). An application at "
    "another stage is a 422 `rule-violation` naming FUND-PROC-STAGES; one linked already a 409."
    + IDEM_NOTE,
    responses=documented(
        SubFundOut, 201, "Registered; `Location` and `ETag`", RULE_VIOLATION, CONFLICT, *_IDEM
    ),
)
async def register_sub_fund(
    body: Annotated[SubFundCreate, examples(SubFundCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[SubFundOut, dict[str, str]]:
        sub_fund_id = await svc.register(
            session,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        out = SubFundOut.model_validate(await svc.sub_fund_out(session, sub_fund_id))
        return out, {"Location": f"{PREFIX}/sub-funds/{sub_fund_id}", "ETag": etag(out.version)}

    return await create_once(idem, principal, body, create)


@router.get(
    "/sub-funds",
    response_model=Page[SubFundSummary],
    tags=TAGS,
    summary="子基金列表 Sub-funds, in registration order, filtered",
)
async def list_sub_funds(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    name: Annotated[str | None, Query(max_length=200, description="Name contains")] = None,
    region: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    application_id: Annotated[uuid.UUID | None, Query()] = None,
    linked: Annotated[bool | None, Query(description="From an application (true) or not")] = None,
    registered_from: Annotated[date | None, Query()] = None,
    registered_to: Annotated[date | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[SubFundSummary]:
    items, next_cursor = await svc.list_sub_funds(
        session,
        svc.SubFundFilter(name, region, application_id, linked, registered_from, registered_to),
        after=seq_after(cursor),
        limit=limit,
    )
    return Page[SubFundSummary](
        items=[SubFundSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/sub-funds/{sub_fund_id}",
    response_model=SubFundOut,
    tags=TAGS,
    summary="子基金详情 A sub-fund with its contributors' paid-in (ETag)",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def get_sub_fund(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
    _: Principal = requires(READ),
) -> Any:
    out = SubFundOut.model_validate(await svc.sub_fund_out(session, sub_fund_id))
    tag = etag(out.version)
    if none_match(tag, if_none_match):
        return Response(status_code=304, headers={"ETag": tag})
    response.headers["ETag"] = tag
    return out


@router.post(
    "/sub-funds/{sub_fund_id}/paid-in",
    status_code=201,
    response_model=TrancheOut,
    tags=TAGS,
    summary="出资到位 Record a capital-call tranche (FUND-RISK-LAST-IN)",
    description="每个出资人的到账金额与日期。科技创投基金须在子基金注册后、按其他出资人出资到位比例末位"
    "出资：其到账额不得超过按其到账日前其他出资人到位比例计算的可出资额，否则 422 `rule-violation`"
    "（FUND-RISK-LAST-IN），不作记录。 Each contributor's amount and day. The mother fund pays "
    "last and pro rata: its cumulative paid-in may not exceed its commitment × the others' "
    "paid-in ratio counting only money in by its own payment day, and nothing before "
    "registration; a tranche breaking that is refused (422 naming FUND-RISK-LAST-IN, with "
    "`paid_after_mother_fund`) and nothing is stored. Paying beyond a commitment is a 422."
    + IDEM_NOTE,
    responses=documented(TrancheOut, 201, "Recorded", NOT_FOUND, RULE_VIOLATION, *_IDEM),
)
async def record_paid_in(
    sub_fund_id: SubFundIdPath,
    body: Annotated[PaidInCreate, examples(PaidInCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[TrancheOut, None]:
        tranche = await svc.record_tranche(
            session,
            sub_fund_id,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        return TrancheOut.model_validate(tranche), None

    return await create_once(idem, principal, body, create)


@router.get(
    "/sub-funds/{sub_fund_id}/paid-in",
    response_model=PaidInList,
    tags=TAGS,
    summary="出资记录 Paid-in tranches, totals per contributor, the mother fund's allowance",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def list_paid_in(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    params: ParametersDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    _: Principal = requires(READ),
) -> PaidInList:
    data = await svc.list_tranches(
        session,
        sub_fund_id,
        after=seq_after(cursor),
        limit=limit,
        today=today_shanghai(),
        params=params,
    )
    return PaidInList.model_validate(data)


@router.post(
    "/sub-funds/{sub_fund_id}/investments",
    status_code=201,
    response_model=InvestmentOut,
    tags=TAGS,
    summary="记录投资 Record a portfolio investment, checked first (FUND-INV-*)",
    description="按 FUND-INV-*（以子基金总规模及此前对同一企业的已接受投资累计）检查后记录：通过的记为 "
    "`accepted`；不通过的只记为 `rejected` 并保存其决定，不计入投资组合和返投。两者均返回 201，"
    "`failed_rules` 列出不通过的规则。 The investment is checked against FUND-INV-* with the "
    "sub-fund's size and its accepted investments in the same company (same name, ignoring "
    "spaces and case). A passing one is stored `accepted`; a failing one is stored ONLY as "
    "`rejected` with its stored decision (`decision_id`) and is no part of the portfolio or of "
    "reinvestment. Both answer **201**: read `status` and `failed_rules` — a rule failure is "
    "not a 422 here. `wenzhou` holds the reinvestment facts, `stage_facts` the company's stage "
    "facts (FUND-STAGE-*). `source: manager_other_fund` records another fund of the manager "
    "investing in Wenzhou (三（一）5（4）), counted for reinvestment only." + IDEM_NOTE,
    responses=documented(InvestmentOut, 201, "Recorded, accepted or rejected", NOT_FOUND, *_IDEM),
)
async def record_investment(
    sub_fund_id: SubFundIdPath,
    body: Annotated[InvestmentCreate, examples(InvestmentCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[InvestmentOut, dict[str, str]]:
        recorded = await portfolio.record_investment(
            session,
            sub_fund_id,
            body,
            principal=principal,
            params=params,
            today=today_shanghai(),
            request_id=current_request_id(),
        )
        out = InvestmentOut.model_validate(recorded)
        location = f"{PREFIX}/sub-funds/{sub_fund_id}/investments/{out.investment_id}"
        return out, {"Location": location}

    return await create_once(idem, principal, body, create)


@router.get(
    "/sub-funds/{sub_fund_id}/investments",
    response_model=Page[InvestmentOut],
    tags=TAGS,
    summary="投资组合 Recorded investments, accepted and rejected",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def list_investments(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: Annotated[InvestmentStatus | None, Query()] = None,
    company: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[Source | None, Query()] = None,
    _: Principal = requires(READ),
) -> Page[InvestmentOut]:
    items, next_cursor = await portfolio.list_investments(
        session,
        sub_fund_id,
        status=status.value if status else None,
        company=company,
        source=source.value if source else None,
        after=seq_after(cursor),
        limit=limit,
    )
    return Page[InvestmentOut](
        items=[InvestmentOut.model_validate(i) for i in items], next_cursor=next_cursor, limit=limit
    )


@router.get(
    "/sub-funds/{sub_fund_id}/investments/{investment_id}",
    response_model=InvestmentOut,
    tags=TAGS,
    summary="投资详情 One recorded investment (its decision: GET …/decisions/{decision_id})",
    responses=documented(None, 404, "No such investment", NOT_FOUND),
)
async def get_investment(
    sub_fund_id: SubFundIdPath,
    investment_id: Annotated[uuid.UUID, Path()],
    session: SessionDep,
    _: Principal = requires(READ),
) -> InvestmentOut:
    return InvestmentOut.model_validate(
        await portfolio.get_investment(session, sub_fund_id, investment_id)
    )


@router.get(
    "/sub-funds/{sub_fund_id}/reinvestment",
    response_model=ReinvestmentOut,
    tags=TAGS,
    summary="返投认定 Wenzhou reinvestment of the recorded portfolio",
    description="按已接受的投资：各项认定情形与认定金额（FUND-SUB-REINVEST-CREDIT，取最有利的一种，不"
    "叠加；-EXCLUDE），1.5倍目标（FUND-SUB-REINVEST），阶段要求（FUND-SUB-STAGE-EARLY/-ALL，以科技"
    "创投基金实缴为基数）及缺口。 Credited Wenzhou investment by case, the 1.5× target of the "
    "mother fund's commitment, the stage tests against its paid-in, and what is missing; "
    "relocations, acquisitions and subsidiaries count within the sub-fund's term.",
    responses=documented(None, 404, "No such sub-fund", NOT_FOUND),
)
async def get_reinvestment(
    sub_fund_id: SubFundIdPath,
    session: SessionDep,
    params: ParametersDep,
    recognised_on: Annotated[
        date | None, Query(description="认定日 Default: today (Asia/Shanghai)")
    ] = None,
    _: Principal = requires(READ),
) -> ReinvestmentOut:
    if recognised_on is not None and not date(2000, 1, 1) <= recognised_on <= date(2100, 12, 31):
        raise ProblemError(
            VALIDATION,
            "recognised_on must lie in 2000–2100.",
            errors=[
                {
                    "in": "query",
                    "name": "recognised_on",
                    "pointer": "#/recognised_on",
                    "detail": "out of range",
                }
            ],
        )
    data = await portfolio.reinvestment(
        session, sub_fund_id, recognised_on=recognised_on or today_shanghai(), params=params
    )
    return ReinvestmentOut.model_validate(data)


@router.post(
    "/calc/reinvestment",
    response_model=ReinvestmentOut,
    tags=["calculators"],
    summary="返投试算 Wenzhou reinvestment of given investments (stateless)",
    description="与 GET …/sub-funds/{id}/reinvestment 相同的认定，输入为投资事实，不保存。 The same "
    "crediting as for a recorded sub-fund, from the facts given; nothing is stored. The stage "
    "tests run when `mother_fund_paid_in` is given. Example: worked example 1 (credited "
    "60,000,000.00 = 1.5 × 40,000,000.00 → FUND-SUB-REINVEST passes).",
)
async def calc_reinvestment(
    body: Annotated[ReinvestmentCalc, examples(ReinvestmentCalc)],
    params: ParametersDep,
    _: Principal = requires(READ),
) -> ReinvestmentOut:
    return ReinvestmentOut.model_validate(portfolio.reinvestment_calc(body, params=params))


@router.post(
    "/sub-funds/{sub_fund_id}/early-exit-check",
    response_model=EarlyExitOut,
    tags=TAGS,
    summary="提前退出检查 Early-exit triggers that hold, and the floor price",
    description="六（八）：列出成立的提前退出情形（FUND-EARLY-EXIT）及退出价格下限（FUND-EARLY-EXIT-"
    "PRICE：实缴本金＋按银行活期存款利率计算的利息，按日利率＝年利率÷360逐笔计息）。注册日、科技创投"
    "基金各笔实缴及拨付日、投资日取自登记记录。不保存。 The triggers that hold on `as_of` and the "
    "floor price (paid-in principal + demand-deposit interest per tranche, day rate = annual "
    "rate ÷ 360). Registration, the mother fund's tranches and disbursement day and the "
    "investment days come from the records; the rest from the body. Nothing is stored.",
    responses=documented(
        None, 404, "No such sub-fund", NOT_FOUND, VALIDATION, CALENDAR_YEAR_NOT_PUBLISHED
    ),
)
async def check_early_exit(
    sub_fund_id: SubFundIdPath,
    body: Annotated[EarlyExitCheck, examples(EarlyExitCheck)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> EarlyExitOut:
    data = await svc.early_exit_check(
        session, sub_fund_id, body, params=params, today=today_shanghai()
    )
    return EarlyExitOut.model_validate(data)
