"""Service-rule endpoints: pay-later, special diseases, risk watch, out-of-catalogue share."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep
from govkit.http.pagination import CursorQuery, LimitQuery, Page, encode_cursor, read_cursor
from govkit.http.problem import (
    IDEMPOTENCY_MISMATCH,
    IDEMPOTENCY_REQUIRED,
    NOT_FOUND,
    VALIDATION,
    ProblemError,
)
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from govkit.platform.problems import PARAMETER_NOT_CONFIGURED
from medical.api.deps import ADMIN, PREFIX, READ, WRITE, PiiKeyDep, documented, examples
from medical.api.schemas import (
    DecisionOut,
    PayLaterRequest,
    RiskFeedCreate,
    RiskFeedOut,
    RiskFeedsOut,
    RiskFlagOut,
    SelfPayShareOut,
    SpecialDiseaseCheck,
    SpecialDiseaseOut,
    SpecialDiseaseSet,
)
from medical.service import rules as svc

router = APIRouter(prefix=PREFIX, tags=["service-rules"])

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}$"


@router.post(
    "/pay-later",
    response_model=DecisionOut,
    summary="先诊疗后付费 Treat first, pay later? (MED-PAY-LATER)",
    description="困难群众经基层首诊转诊、在市域内定点医疗机构住院的，免住院押金，出院时只付自负部分。"
    " A needy person referred after a first visit at primary care and admitted to a designated "
    "hospital in Wenzhou pays no deposit. Evaluated, not stored.",
    responses=documented(None, 404, "No such person", NOT_FOUND),
)
async def evaluate_pay_later(
    body: Annotated[PayLaterRequest, examples(PayLaterRequest)],
    session: SessionDep,
    _: Principal = requires(READ),
) -> DecisionOut:
    return DecisionOut.model_validate(await svc.evaluate_pay_later(session, body))


@router.get(
    "/special-diseases",
    response_model=list[SpecialDiseaseOut],
    summary="特殊病种目录 The special-disease catalogue in force (MED-SPECIAL-DISEASES)",
    description="门诊与住院共用年度限额；目录为带生效日期的数据。 Dated data: the policy's entries "
    "plus those an operator configured. Without `on`, every entry.",
)
async def list_special_diseases(
    session: SessionDep,
    on: Annotated[date | None, Query(description="Entries in force on this day")] = None,
    kind: Annotated[Literal["special", "chronic"] | None, Query()] = None,
    _: Principal = requires(READ),
) -> list[SpecialDiseaseOut]:
    items = await svc.list_special_diseases(session, on=on, kind=kind)
    return [SpecialDiseaseOut.model_validate(i) for i in items]


@router.get(
    "/special-diseases/{code}",
    response_model=SpecialDiseaseCheck,
    summary="病种是否在目录内 Whether a disease is in the catalogue on a day",
)
async def check_special_disease(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    session: SessionDep,
    on: Annotated[date | None, Query(description="Default: today")] = None,
    _: Principal = requires(READ),
) -> SpecialDiseaseCheck:
    data = await svc.check_special_disease(session, code, on or today_shanghai())
    return SpecialDiseaseCheck.model_validate(data)


@router.put(
    "/admin/special-diseases/{code}",
    response_model=SpecialDiseaseOut,
    summary="设置特殊病种 Add or replace a catalogue entry (dated; audited)",
)
async def set_special_disease(
    code: Annotated[str, Path(pattern=CODE_PATTERN)],
    body: Annotated[SpecialDiseaseSet, examples(SpecialDiseaseSet)],
    session: SessionDep,
    principal: Principal = requires(ADMIN),
) -> SpecialDiseaseOut:
    if body.effective_from and body.effective_to and body.effective_to < body.effective_from:
        raise ProblemError(VALIDATION, "effective_to must not be before effective_from.")
    return SpecialDiseaseOut.model_validate(
        await svc.set_special_disease(session, code, body, principal=principal)
    )


@router.get(
    "/risk-watch",
    response_model=Page[RiskFlagOut],
    summary="因病致贫返贫预警 Persons whose year's self-pay reaches the watch threshold",
    description="MED-RISK-WATCH（三（一）3 整合医保、民政、卫健、残联等单位数据）: the year's self-pay "
    "after every layer and resolution (medical insurance: this service's settlements) joined "
    "with the current feeds of civil affairs (household income), health and the disabled "
    "persons' federation (`POST …/risk-feeds`). Each person lists the sources found in and "
    "the feeds missing or stale on `on` (default today; stale = older than "
    "`medical.risk_watch.feed_max_age_days`). Thresholds are `medical.risk_watch.*` in force "
    "on 31 December (at least one must be configured).",
    responses=documented(None, 422, "Threshold not configured", PARAMETER_NOT_CONFIGURED),
)
async def list_risk_watch(
    session: SessionDep,
    params: ParametersDep,
    year: Annotated[int, Query(ge=2022, le=2100)],
    region: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    on: Annotated[date | None, Query(description="Day the feeds' age is taken on")] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    _: Principal = requires(READ),
) -> Page[RiskFlagOut]:
    items, last = await svc.risk_watch_list(
        session,
        year=year,
        region=region,
        params=params,
        on=on or today_shanghai(),
        after=read_cursor(cursor, lambda p: uuid.UUID(p["after"])),
        limit=limit,
    )
    return Page[RiskFlagOut](
        items=[RiskFlagOut.model_validate(i) for i in items],
        next_cursor=encode_cursor({"after": str(last)}) if last else None,
        limit=limit,
    )


@router.get(
    "/selfpay-share",
    response_model=SelfPayShareOut,
    summary="目录外费用占比 Out-of-catalogue share of the needy's bills per hospital",
    description="MED-SELFPAY-SHARE: per designated hospital, (total − in-policy − over-limit "
    "catalogue drugs) / total over the needy's live settlements, against the configured maximum "
    "`medical.selfpay_share.max_out_of_catalogue_share` in force on `date_to`.",
    responses=documented(None, 422, "Maximum not configured", PARAMETER_NOT_CONFIGURED),
)
async def get_selfpay_share(
    session: SessionDep,
    params: ParametersDep,
    date_from: Annotated[date, Query(description="First service day")],
    date_to: Annotated[date, Query(description="Last service day")],
    region: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    _: Principal = requires(READ),
) -> SelfPayShareOut:
    if date_to < date_from:
        raise ProblemError(VALIDATION, "date_to must not be before date_from.")
    data = await svc.selfpay_share(
        session, date_from=date_from, date_to=date_to, region=region, params=params
    )
    return SelfPayShareOut.model_validate(data)


@router.post(
    "/risk-feeds",
    status_code=201,
    response_model=RiskFeedOut,
    summary="加载部门数据 Load a department's dated feed for the risk watch (MED-RISK-WATCH)",
    description="医保、民政、卫健、残联的数据，按数据截止日（`as_of`）加载；同一来源以最近一期为准。"
    "身份证号只存其键控哈希。需 `Idempotency-Key`。 One dated load of a department's data; a "
    "source's latest load is its feed. Resident IDs are kept as keyed hashes only.",
    responses=documented(
        RiskFeedOut, 201, "Loaded", VALIDATION, IDEMPOTENCY_REQUIRED, IDEMPOTENCY_MISMATCH
    ),
)
async def load_risk_feed(
    body: Annotated[RiskFeedCreate, examples(RiskFeedCreate)],
    session: SessionDep,
    idem: IdempotencyDep,
    pii_key: PiiKeyDep,
    principal: Principal = requires(WRITE),
) -> Response:
    replay = await idem.begin(principal, body, required=True)
    if replay is not None:
        return replay
    out = await svc.load_risk_feed(session, body, principal=principal, pii_key=pii_key)
    return await idem.finish(
        RiskFeedOut.model_validate(out).model_dump(mode="json"), status_code=201
    )


@router.get(
    "/risk-feeds",
    response_model=RiskFeedsOut,
    summary="部门数据状态 Each department's current feed: loaded when, missing or stale",
)
async def list_risk_feeds(
    session: SessionDep,
    params: ParametersDep,
    on: Annotated[date | None, Query(description="Day the feeds' age is taken on")] = None,
    region: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    _: Principal = requires(READ),
) -> RiskFeedsOut:
    body, _latest = await svc.feeds_on(session, on or today_shanghai(), params, region)
    return RiskFeedsOut.model_validate(body)
