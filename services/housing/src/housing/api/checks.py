"""Stateless checks of tenants, projects, leases and title acts (nothing is stored).

Each answers an unstored Decision: every applicable rule's finding (rule ID, clause, outcome,
bilingual message, the facts and parameter values used), the overall outcome, the rules version
and the parameters in force on the evaluation day with their citations.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION
from govkit.http.responses import json_response
from govkit.platform.parameters import ParametersDep
from housing.api.check_schemas import (
    HousingCheckDecisionOut,
    HousingLeaseCheck,
    HousingProjectCheck,
    HousingTenantCheck,
    HousingTitleCheck,
)
from housing.api.deps import PREFIX, READ, documented, examples
from housing.service import checks as svc

router = APIRouter(prefix=PREFIX, tags=["checks"])

_WHAT_IF = (
    " `parameter_overrides` (what-if) apply to this evaluation only, never to the baseline. "
    "Not stored: the answer carries `stored: false` and no `decision_id`. Thresholds are "
    "inclusive; an evaluation day outside the policy's window (2022-01-01 to 2026-12-31) is "
    "computed and carries a warning."
)
_DOC = documented(HousingCheckDecisionOut, 200, "The Decision", VALIDATION)


@router.post(
    "/checks/tenant",
    summary="承租人资格检查 Check a tenant's eligibility (HOUS-TENANT-*)",
    description="本人及配偶在工作所在城区无住房（不动产登记查询结果及其来源、日期为输入）、与用人单位签订"
    "劳动合同一年以上、以用人单位名义连续缴纳社会养老保险或个人所得税3个月以上（两者取最长连续月数），"
    "未享受当地公租房保障。 No home for the applicant or spouse in the work district (the "
    "register's answer with its source and date), a labour contract of a year or more in force, "
    "3 consecutive months of pension insurance or income tax through the employer (the longer "
    "run of either decides), no local public rental housing." + _WHAT_IF,
    responses=_DOC,
)
async def check_tenant(
    body: Annotated[HousingTenantCheck, examples(HousingTenantCheck)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await svc.tenant(session, body, params))


@router.post(
    "/checks/project",
    summary="项目认定检查 Check a project (HOUS-UNIT-*, HOUS-PROJECT-*, HOUS-LAND-SOURCE, "
    "HOUS-INDUSTRIAL-RATIO)",
    description="新开工建设项目的户型标准（宿舍型20–35平方米为主；住宅型35–70平方米为主、70–90平方米"
    "适量、不超过90平方米；70平方米以下建筑面积占比不低于80%）、独立成栋、封闭管理、不少于3000平方米"
    "且不少于50套（间）；产业园区配套用地及非居住存量房屋改建只建宿舍型；按县（市、区）类别可用的"
    "土地来源；工业项目配套设施用地7%→15%、建筑面积30%。已开工或建成的住房转化：HOUS-UNIT-CONVERTED "
    "为放宽（warn），不是符合。 Unit standards, minimum size, dormitory-only land, land sources "
    "by the district's tier and the industrial projects' facility shares. Converted housing gets "
    "HOUS-UNIT-CONVERTED as a relaxation (warn), not a pass; `result.plans_for_review` lists "
    "the plans the joint review examines." + _WHAT_IF,
    responses=_DOC,
)
async def check_project(
    body: Annotated[HousingProjectCheck, examples(HousingProjectCheck)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await svc.project(session, body, params))


@router.post(
    "/checks/lease",
    summary="租赁检查 Check a lease and a renewal (HOUS-MARKET-RENT, HOUS-RENT-CAP, "
    "HOUS-LEASE-TERM, HOUS-LEASE-RENEWAL)",
    description="租金不高于市场租金的80%（四舍五入到分），租期不超过5年（民法典第二百零一、二百零二条"
    "计算终止日），续租须有特殊原因、续租合计不超过3年、租金不低于市场租金的80%。 The rent "
    "within 80% of the market rent (rounded half up to the fen), a term of at most 5 years "
    "(its end by Civil Code arts. 201–202), and a renewal — special reason, all renewals within "
    "3 years, rent not below 80% of the market rent. `result` gives the cap, the floor and the "
    "end dates." + _WHAT_IF,
    responses=_DOC,
)
async def check_lease(
    body: Annotated[HousingLeaseCheck, examples(HousingLeaseCheck)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await svc.lease(session, body, params))


@router.post(
    "/checks/title",
    summary="权属检查 Check a title act (HOUS-TITLE-WHOLE, HOUS-TITLE-TRANSFER, HOUS-NO-SALE)",
    description="整体确权，不得分割登记、分割转让、分割抵押；整体转让须经属地政府（管委会）审核批准，"
    "性质和土地用途不变，工业项目范围内的须与生产性厂房一并转让；不得上市销售或变相销售（向个人转让即"
    "变相销售）。 Whole registration, transfer and mortgage only; a whole transfer approved, "
    "keeping nature and land use, inside an industrial project only with the production "
    "buildings; never sold (a transfer to individuals is a sale in disguise)." + _WHAT_IF,
    responses=_DOC,
)
async def check_title(
    body: Annotated[HousingTitleCheck, examples(HousingTitleCheck)],
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    return json_response(await svc.title(session, body, params))
