"""Projects, their joint review (HOUS-CERT), market rents, the rent cap and title acts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
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
)
from govkit.http.versions import etag
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.platform.problems import CALENDAR_YEAR_NOT_PUBLISHED
from govkit.store.paging import dated_after
from housing.api.deps import PREFIX, READ, REVIEW, WRITE, PiiKeyDep, documented, examples
from housing.api.record_schemas import (
    HousingCertificateCreate,
    HousingMarketRentCreate,
    HousingMarketRentOut,
    HousingMarketRentsOut,
    HousingOpinionCreate,
    HousingProjectCreate,
    HousingProjectFactsUpdate,
    HousingProjectOut,
    HousingProjectSummary,
    HousingRentCapOut,
    HousingStepIn,
    HousingTitleActCreate,
    HousingTitleActOut,
    HousingTitleActsOut,
)
from housing.service import leases as lease_svc
from housing.service import projects as svc
from housing.service import supervision

router = APIRouter(prefix=PREFIX, tags=["projects"])

IdPath = Annotated[uuid.UUID, Path(description="项目 ID")]
IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The project\'s ETag, e.g. "3" (required)')
]
_STEP = (PRECONDITION_REQUIRED, VERSION_MISMATCH, NOT_FOUND, RULE_VIOLATION, VALIDATION)


async def _out(
    session: AsyncSession, project_id: uuid.UUID, response: Response | None = None
) -> HousingProjectOut:
    out = HousingProjectOut.model_validate(await svc.project_out(session, project_id))
    if response is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "/projects",
    status_code=201,
    response_model=HousingProjectOut,
    summary="项目申报 Create a project (checked, stored with its decision)",
    description="按二（二）、三、四（一）检查（同 `POST /checks/project`），决定保存，项目为 `draft`。"
    "检查不通过的项目不能提交联合审查，可更正事实后重新检查。 The check is stored; a failing "
    "project cannot be submitted to the joint review until corrected facts pass "
    "(`PUT …/facts`). `Idempotency-Key` is honoured; the answer carries `ETag` and `Location`.",
    responses=documented(
        HousingProjectOut, 201, "Created", VALIDATION, IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH
    ),
)
async def create_project(
    body: Annotated[HousingProjectCreate, examples(HousingProjectCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    pii_key: PiiKeyDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingProjectOut, dict[str, str]]:
        project_id = await svc.create(
            session,
            body,
            params=params,
            principal=principal,
            pii_key=pii_key,
            today=today_shanghai(),
        )
        out = await _out(session, project_id)
        return out, {"Location": f"{PREFIX}/projects/{project_id}", "ETag": etag(out.version)}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/projects",
    response_model=Page[HousingProjectSummary],
    summary="项目列表 Projects, newest first, filtered",
)
async def list_projects(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    district: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    stage: Annotated[
        Literal["draft", "under_review", "recognised", "refused", "withdrawn"] | None, Query()
    ] = None,
    construction_mode: Annotated[
        Literal["new_build", "housing_conversion", "non_residential_conversion"] | None, Query()
    ] = None,
    name: Annotated[str | None, Query(min_length=1, max_length=200, description="名称包含")] = None,
    _: Principal = requires(READ),
) -> Page[HousingProjectSummary]:
    items, next_cursor = await svc.list_projects(
        session,
        district=district,
        stage=stage,
        construction_mode=construction_mode,
        name=name,
        after=dated_after(cursor, "at", datetime.fromisoformat),
        limit=limit,
    )
    return Page[HousingProjectSummary](
        items=[HousingProjectSummary.model_validate(i) for i in items],
        next_cursor=next_cursor,
        limit=limit,
    )


@router.get(
    "/projects/{project_id}",
    response_model=HousingProjectOut,
    summary="项目详情 A project: check, review state, opinions, certificate, steps, deadlines",
    description="`review.missing_opinions` names the departments still to give an opinion; "
    "`allowed_actions` what may be done next; `ETag` the version for `If-Match`.",
    responses=documented(HousingProjectOut, 200, "The project", NOT_FOUND),
)
async def get_project(
    project_id: IdPath, session: SessionDep, response: Response, _: Principal = requires(READ)
) -> HousingProjectOut:
    return await _out(session, project_id, response)


@router.put(
    "/projects/{project_id}/facts",
    response_model=HousingProjectOut,
    summary="更正项目事实 Correct the facts and re-check them, before submission (If-Match)",
    responses=documented(HousingProjectOut, 200, "Re-checked", *_STEP),
)
async def update_project_facts(
    project_id: IdPath,
    body: Annotated[HousingProjectFactsUpdate, examples(HousingProjectFactsUpdate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingProjectOut:
    await svc.update_facts(
        session,
        project_id,
        body,
        body.as_of or today_shanghai(),
        if_match=if_match,
        params=params,
        principal=principal,
    )
    return await _out(session, project_id, response)


@router.post(
    "/projects/{project_id}/submit",
    response_model=HousingProjectOut,
    summary="提交联合审查 Submit to the joint review (If-Match)",
    description="确定需出具意见的部门（县（市、区）当日的名单：住建、发改、经信、自然资源和规划、生态环境"
    "等）和审查的方案（新建：建设、分配、运营管理方案；已建成住房转化：分配、运营管理方案）。县（市、区）"
    "规定期限的，按共享工作日历计算并列入待办。检查不通过的项目不能提交（rule-violation，列明规则）。 "
    "Fixes the required departments and the plans; where the county set periods they are "
    "counted in working days and tracked (`GET /due-items`).",
    responses=documented(HousingProjectOut, 200, "Submitted", *_STEP, CALENDAR_YEAR_NOT_PUBLISHED),
)
async def submit_project(
    project_id: IdPath,
    body: Annotated[HousingStepIn, examples(HousingStepIn)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingProjectOut:
    await svc.submit(
        session,
        project_id,
        body.on,
        body.note,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, project_id, response)


@router.post(
    "/projects/{project_id}/opinions",
    response_model=HousingProjectOut,
    summary="部门联审意见 Record a department's opinion (If-Match)",
    description="部门须为本项目联合审查的部门（否则 422 指明字段）；同意或不同意（不同意须说明理由）；"
    "同一部门的最新意见有效。 The department must be one of the project's review (else a 422 "
    "naming `department`); a disagreement needs reasons; a department's latest opinion counts.",
    responses=documented(HousingProjectOut, 200, "Recorded", *_STEP),
)
async def give_opinion(
    project_id: IdPath,
    body: Annotated[HousingOpinionCreate, examples(HousingOpinionCreate)],
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REVIEW),
) -> HousingProjectOut:
    await svc.give_opinion(
        session, project_id, body, if_match=if_match, principal=principal, today=today_shanghai()
    )
    return await _out(session, project_id, response)


@router.post(
    "/projects/{project_id}/certificate",
    response_model=HousingProjectOut,
    summary="出具认定书 Issue the recognition certificate (If-Match)",
    description="仅当全部需出具意见的部门最新意见均为同意时出具；否则 rule-violation HOUS-CERT，列明缺少"
    "意见的部门（`missing_opinions`）和不同意的部门（`disagreeing`）。 Issued only when every "
    "required department's latest opinion agrees; otherwise a HOUS-CERT problem naming "
    "`missing_opinions` and `disagreeing`. The certificate's decision is stored.",
    responses=documented(HousingProjectOut, 200, "Recognised", *_STEP, CONFLICT),
)
async def issue_certificate(
    project_id: IdPath,
    body: Annotated[HousingCertificateCreate, examples(HousingCertificateCreate)],
    session: SessionDep,
    params: ParametersDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REVIEW),
) -> HousingProjectOut:
    await svc.issue_certificate(
        session,
        project_id,
        body,
        if_match=if_match,
        params=params,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, project_id, response)


@router.post(
    "/projects/{project_id}/refuse",
    response_model=HousingProjectOut,
    summary="不予认定 Refuse recognition (If-Match)",
    responses=documented(HousingProjectOut, 200, "Refused", *_STEP),
)
async def refuse_project(
    project_id: IdPath,
    body: Annotated[HousingStepIn, examples(HousingStepIn)],
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(REVIEW),
) -> HousingProjectOut:
    await svc.close_review(
        session,
        project_id,
        "refuse",
        body.on,
        body.note,
        if_match=if_match,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, project_id, response)


@router.post(
    "/projects/{project_id}/withdraw",
    response_model=HousingProjectOut,
    summary="撤回申报 Withdraw the project before recognition (If-Match)",
    responses=documented(HousingProjectOut, 200, "Withdrawn", *_STEP),
)
async def withdraw_project(
    project_id: IdPath,
    body: Annotated[HousingStepIn, examples(HousingStepIn)],
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
    principal: Principal = requires(WRITE),
) -> HousingProjectOut:
    await svc.close_review(
        session,
        project_id,
        "withdraw",
        body.on,
        body.note,
        if_match=if_match,
        principal=principal,
        today=today_shanghai(),
    )
    return await _out(session, project_id, response)


# ---- market rents and the rent cap ---------------------------------------------------------


@router.post(
    "/projects/{project_id}/market-rents",
    status_code=201,
    response_model=HousingMarketRentOut,
    summary="登记市场租金 Record a market rent with its source and date (HOUS-MARKET-RENT)",
    description="第三方专业机构评估（记录评估机构及委托方：投资主体或运营管理主体）或政府参考价格（记录"
    "发布文件），及其日期；可适用于项目全部户型、某一类别或某一类别的某一面积。仅已认定的项目。 A "
    "third-party appraisal (appraiser and who commissioned it) or a government reference price "
    "(its document), with its date; for every unit, a type, or a type and area. Recognised "
    "projects only (HOUS-CERT). `Idempotency-Key` is honoured.",
    responses=documented(
        HousingMarketRentOut, 201, "Recorded", NOT_FOUND, RULE_VIOLATION, VALIDATION
    ),
)
async def record_market_rent(
    project_id: IdPath,
    body: Annotated[HousingMarketRentCreate, examples(HousingMarketRentCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingMarketRentOut, dict[str, str]]:
        out = HousingMarketRentOut.model_validate(
            await lease_svc.record_market_rent(
                session,
                project_id,
                body,
                params=params,
                principal=principal,
                today=today_shanghai(),
            )
        )
        return out, {"Location": f"{PREFIX}/projects/{project_id}/market-rents"}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/projects/{project_id}/market-rents",
    response_model=HousingMarketRentsOut,
    summary="市场租金记录 A project's market-rent records, by valuation day",
    responses=documented(HousingMarketRentsOut, 200, "The records", NOT_FOUND),
)
async def list_market_rents(
    project_id: IdPath, session: SessionDep, _: Principal = requires(READ)
) -> HousingMarketRentsOut:
    items = await lease_svc.market_rents_of(session, project_id)
    return HousingMarketRentsOut(items=[HousingMarketRentOut.model_validate(i) for i in items])


@router.get(
    "/projects/{project_id}/rent-cap",
    response_model=HousingRentCapOut,
    summary="租金上限 The rent cap (and renewal floor) of a unit on a day",
    description="适用当日该户型最具体的市场租金记录（评估日不晚于当日），上限为市场租金的80%（四舍五入到"
    "分），续租下限同为80%。 The most specific market-rent record valued on or before `on`; "
    "the cap is 80% of it rounded half up to the fen; the renewal floor likewise. No record → "
    "a HOUS-MARKET-RENT problem.",
    responses=documented(HousingRentCapOut, 200, "The cap", NOT_FOUND, RULE_VIOLATION),
)
async def get_rent_cap(
    project_id: IdPath,
    session: SessionDep,
    params: ParametersDep,
    unit_type: Annotated[Literal["dormitory", "residential"], Query(description="户型类别")],
    area: Annotated[
        Decimal, Query(gt=0, max_digits=9, decimal_places=2, description="建筑面积（平方米）")
    ],
    on: Annotated[date | None, Query(description="Default today")] = None,
    _: Principal = requires(READ),
) -> HousingRentCapOut:
    return HousingRentCapOut.model_validate(
        await lease_svc.rent_cap(
            session, project_id, unit_type, area, on or today_shanghai(), params
        )
    )


# ---- title ---------------------------------------------------------------------------------


@router.post(
    "/projects/{project_id}/title-acts",
    status_code=201,
    response_model=HousingTitleActOut,
    summary="权属登记、转让、抵押 Record a title act, checked first (HOUS-TITLE-*, HOUS-NO-SALE)",
    description="整体登记、整体转让（经批准、性质与土地用途不变、工业项目内与生产性厂房一并）、整体抵押；"
    "不符合的不予记录（rule-violation 列明规则）；销售一律拒绝。 A failing act is refused naming "
    "the rules; nothing is stored. `Idempotency-Key` is honoured.",
    responses=documented(
        HousingTitleActOut, 201, "Recorded", NOT_FOUND, RULE_VIOLATION, VALIDATION
    ),
)
async def record_title_act(
    project_id: IdPath,
    body: Annotated[HousingTitleActCreate, examples(HousingTitleActCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    params: ParametersDep,
    response: Response,
    principal: Principal = requires(WRITE),
) -> Any:
    async def create() -> tuple[HousingTitleActOut, dict[str, str]]:
        out = HousingTitleActOut.model_validate(
            await supervision.record_title_act(
                session,
                project_id,
                body,
                params=params,
                principal=principal,
                today=today_shanghai(),
            )
        )
        return out, {"Location": f"{PREFIX}/projects/{project_id}/title-acts"}

    return await create_once(idem, principal, body, create, response=response)


@router.get(
    "/projects/{project_id}/title-acts",
    response_model=HousingTitleActsOut,
    summary="权属记录 A project's title acts",
    responses=documented(HousingTitleActsOut, 200, "The acts", NOT_FOUND),
)
async def list_title_acts(
    project_id: IdPath, session: SessionDep, _: Principal = requires(READ)
) -> HousingTitleActsOut:
    items = await supervision.title_acts_of(session, project_id)
    return HousingTitleActsOut(items=[HousingTitleActOut.model_validate(i) for i in items])
