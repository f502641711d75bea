"""LPR reference data: the 1-year Loan Prime Rate history the pre-liquidation price reads.

Seeded from fund/data/lpr-1y.csv (quotes published by the National Interbank Funding Center,
全国银行间同业拆借中心); an administrator adds or corrects quotes, each change audited.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from fund.api.calc_schemas import LprInForceOut, LprQuoteOut, LprQuoteSet
from fund.api.check_schemas import FIRST_DAY
from fund.api.deps import ADMIN, PREFIX, READ, documented, examples
from fund.service import lpr as svc
from govkit.calendar import today_shanghai
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.pagination import CursorQuery, LimitQuery, Page, encode_cursor, read_cursor
from govkit.http.problem import NOT_FOUND, VALIDATION, ProblemError
from govkit.http.responses import json_response

router = APIRouter(prefix=PREFIX, tags=["reference"])


def _invalid(name: str, where: str, detail: str) -> ProblemError:
    return ProblemError(
        VALIDATION,
        detail,
        errors=[{"in": where, "name": name, "pointer": f"#/{name}", "detail": detail}],
    )


@router.get(
    "/reference/lpr",
    response_model=Page[LprQuoteOut],
    summary="一年期LPR历史 The LPR quotes, newest first",
    description="全国银行间同业拆借中心公布的贷款市场报价利率（LPR），按公布日倒序，可按公布日起止筛选。 "
    "Loan Prime Rate quotes as published, newest first; `from` and `to` bound the publication "
    "date (both inclusive).",
)
async def list_lpr(
    session: SessionDep,
    date_from: Annotated[
        date | None, Query(alias="from", description="Published on or after this day")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="Published on or before this day")
    ] = None,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    _: Principal = requires(READ),
) -> Response:
    if date_from is not None and date_to is not None and date_to < date_from:
        raise _invalid("to", "query", "`to` must not be before `from`.")
    before = read_cursor(cursor, lambda position: date.fromisoformat(position["before"]))
    rows = await svc.list_quotes(
        session, date_from=date_from, date_to=date_to, before=before, limit=limit + 1
    )
    page = rows[:limit]
    return json_response(
        {
            "items": [svc.quote_view(r) for r in page],
            "next_cursor": encode_cursor({"before": page[-1].published_on.isoformat()})
            if len(rows) > limit
            else None,
            "limit": limit,
        }
    )


@router.get(
    "/reference/lpr/{on}",
    response_model=LprInForceOut,
    summary="某日适用的LPR The quote in force on a day (the latest published on or before it)",
    responses=documented(None, 200, "The quote", NOT_FOUND),
)
async def get_lpr_in_force(
    on: Annotated[date, Path(description="The day (ISO)")],
    session: SessionDep,
    _: Principal = requires(READ),
) -> Response:
    row = await svc.in_force(session, on)
    if row is None:
        raise ProblemError(
            NOT_FOUND,
            f"No 1-year LPR published on or before {on}.",
            on=on.isoformat(),
            rule_id="FUND-CONC-PRE-LATER",
        )
    return json_response({**svc.quote_view(row), "on": on})


@router.put(
    "/reference/lpr/{published_on}",
    response_model=LprQuoteOut,
    summary="录入或更正LPR Create or correct the quote published on a day (audited)",
    description="管理员录入新公布的LPR或更正已有报价；新建返回201，更正返回200；前后值写入审计日志。"
    "百分数大于0小于100，最多3位小数；公布日不得晚于今天（上海时间）。同值重复提交不产生变更。 "
    "Creates (201) or corrects (200) a quote; audited with before and after. Percent in (0, 100) "
    "with at most 3 decimals; the publication day must not be in the future. The same values "
    "again change nothing.",
    responses=documented(LprQuoteOut, 201, "Created", VALIDATION),
    status_code=200,
)
async def put_lpr(
    published_on: Annotated[date, Path(description="公布日 Publication day (ISO)")],
    body: Annotated[LprQuoteSet, examples(LprQuoteSet)],
    session: SessionDep,
    principal: Principal = requires(ADMIN),
) -> Response:
    if published_on > today_shanghai():
        raise _invalid("published_on", "path", "A quote cannot be published in the future.")
    if published_on < FIRST_DAY:
        raise _invalid("published_on", "path", f"The day must not be before {FIRST_DAY}.")
    quote, created = await svc.put_quote(
        session,
        published_on,
        svc.QuoteValues(body.lpr_1y_percent, body.lpr_5y_percent, body.source),
        principal=principal,
    )
    response = json_response(quote, status_code=201 if created else 200)
    if created:
        response.headers["Location"] = f"{PREFIX}/reference/lpr/{published_on.isoformat()}"
    return response
