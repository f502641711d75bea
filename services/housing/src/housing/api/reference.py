"""Districts (reference data), the yearly figures and the targets table."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import NOT_FOUND, VALIDATION
from govkit.platform.parameters import REGION_PATTERN, ParametersDep
from housing.api.deps import ADMIN, PREFIX, READ, documented, examples
from housing.api.reference_schemas import (
    HousingDistrictHistoryOut,
    HousingDistrictOut,
    HousingDistrictSet,
    HousingDistrictsOut,
    HousingFiguresListOut,
    HousingFiguresOut,
    HousingFiguresSet,
    HousingTargetsOut,
)
from housing.service import reference as svc
from housing.service.chart import targets_svg
from housing.service.targets import targets, targets_view

router = APIRouter(prefix=PREFIX, tags=["reference"])

CodePath = Annotated[str, Path(pattern=REGION_PATTERN, description="县（市、区）代码 County code")]
OnQuery = Annotated[date | None, Query(description="In force on this day (default today)")]
YearQuery = Annotated[int, Query(ge=2021, le=2035, description="年度 Year", examples=[2022])]


@router.get(
    "/districts",
    response_model=HousingDistrictsOut,
    summary="县（市、区） The districts in force on a day, with tier and target share",
    description="12个县（市、区）的代码、名称、类别（人口净流入 / 其他重点发展 / 其他）及当年新增保障性"
    "租赁住房供应占比目标，按日生效并注明出处。 The county codes with name, tier "
    "(net-inflow / key / other), the year's target share (a fraction; null = no numeric "
    "target) and the citation, as in force on `on`.",
)
async def list_districts(
    session: SessionDep,
    params: ParametersDep,
    on: OnQuery = None,
    _: Principal = requires(READ),
) -> HousingDistrictsOut:
    day = on or today_shanghai()
    items = await svc.list_districts(session, params, day)
    return HousingDistrictsOut(
        on=day, count=len(items), items=[HousingDistrictOut.model_validate(i) for i in items]
    )


@router.get(
    "/districts/{code}",
    response_model=HousingDistrictHistoryOut,
    summary="县（市、区）沿革 A district: the version in force and every version",
    responses=documented(HousingDistrictHistoryOut, 200, "The district", NOT_FOUND),
)
async def get_district(
    code: CodePath,
    session: SessionDep,
    params: ParametersDep,
    on: OnQuery = None,
    _: Principal = requires(READ),
) -> HousingDistrictHistoryOut:
    return HousingDistrictHistoryOut.model_validate(
        await svc.district_history(session, code, params, on or today_shanghai())
    )


@router.put(
    "/admin/districts/{code}",
    response_model=HousingDistrictHistoryOut,
    summary="设置县（市、区）版本 Record a district's version from a day (admin)",
    description="按日生效；同一代码、同一起始日再次设置则取代前值（历史保留）；写入审计日志。 A new "
    "version from `effective_from`; the same code and day again supersedes it (both stay on "
    "record); audited.",
    responses=documented(HousingDistrictHistoryOut, 200, "Recorded", VALIDATION),
)
async def set_district(
    code: CodePath,
    body: Annotated[HousingDistrictSet, examples(HousingDistrictSet)],
    session: SessionDep,
    params: ParametersDep,
    principal: Principal = requires(ADMIN),
) -> HousingDistrictHistoryOut:
    values = body.model_dump()
    values["tier"] = body.tier.value
    return HousingDistrictHistoryOut.model_validate(
        await svc.set_district(session, code, values, params=params, principal=principal)
    )


@router.put(
    "/admin/figures/{year}/{code}",
    response_model=HousingFiguresOut,
    summary="记录年度数据 Record a district's figures for a year (admin)",
    description="新增住房供应套（间）数、新增保障性租赁住房供应套（间）数、建设筹集套（间）数、住宅及保障性"
    "租赁住房用地供应面积；每次记录为新版本并写入审计日志（相同数据不新增版本）。 Each recording is a "
    "new version (the latest counts), audited; the same figures again add no version (200 "
    "instead of 201).",
    status_code=201,
    responses=documented(HousingFiguresOut, 201, "A new version", VALIDATION),
)
async def record_figures(
    year: Annotated[int, Path(ge=2021, le=2035, description="Year")],
    code: CodePath,
    body: Annotated[HousingFiguresSet, examples(HousingFiguresSet)],
    session: SessionDep,
    response: Response,
    principal: Principal = requires(ADMIN),
) -> HousingFiguresOut:
    stored, created = await svc.record_figures(
        session, year, code, body.model_dump(), principal=principal
    )
    if not created:
        response.status_code = 200
    return HousingFiguresOut.model_validate(stored)


@router.get(
    "/figures",
    response_model=HousingFiguresListOut,
    summary="年度数据及其版本 Recorded figures, every version",
)
async def list_figures(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2021, le=2035)] = None,
    district: Annotated[str | None, Query(pattern=REGION_PATTERN)] = None,
    _: Principal = requires(READ),
) -> HousingFiguresListOut:
    items = await svc.figures_history(session, year, district)
    return HousingFiguresListOut(items=[HousingFiguresOut.model_validate(i) for i in items])


@router.get(
    "/targets",
    response_model=HousingTargetsOut,
    summary="目标考核 Every district's share against its tier, the city total, the land supply",
    description="按年度：各县（市、区）新增保障性租赁住房供应套数占新增住房供应套数的比例与其类别目标"
    "（HOUS-TARGET-SHARE，含本数；文成、泰顺无数值目标），全市“十四五”建设筹集13.1万套（间）"
    "（HOUS-TARGET-CITY，计至该年），2021年市区用地供应占比10%（HOUS-LAND-SUPPLY）。 From the "
    "latest recorded figures; a district without figures is `warn`.",
)
async def get_targets(
    year: YearQuery,
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> HousingTargetsOut:
    result, figures = await targets(session, year, params)
    return HousingTargetsOut.model_validate(targets_view(result, figures))


_SVG_EXAMPLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="960" height="520" data-year="2022">'
    '<rect class="bar" data-district="330302" data-name="鹿城区" data-share="30.00" '
    'data-target="30.00" data-outcome="pass" fill="#2e7d32"/>…</svg>'
)


@router.get(
    "/targets/chart.svg",
    response_class=Response,
    summary="目标考核图 The targets table as an SVG bar chart",
    description="各县（市、区）占比柱状图：虚线为类别目标，绿色达标、红色未达标、黄色未报送、灰色无数值"
    "目标；中文标注。每根柱带 `data-district`、`data-share`、`data-target`、`data-outcome`。 The "
    "same figures as `GET /targets`, drawn for the front-ends.",
    responses={
        200: {
            "description": "The chart",
            "content": {"image/svg+xml": {"schema": {"type": "string"}, "example": _SVG_EXAMPLE}},
        }
    },
)
async def get_targets_chart(
    year: YearQuery,
    session: SessionDep,
    params: ParametersDep,
    _: Principal = requires(READ),
) -> Response:
    result, _figures = await targets(session, year, params)
    return Response(targets_svg(result), media_type="image/svg+xml; charset=utf-8")
