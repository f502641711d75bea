"""Bulk import of the civil-affairs list: the file is the request body (CSV or JSON)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.idempotency import IdempotencyDep
from govkit.http.pagination import CursorQuery, LimitQuery, Page, encode_cursor, read_cursor
from govkit.http.problem import NOT_FOUND, ProblemError
from medical.api.deps import PREFIX, READ, WRITE, PiiKeyDep, documented
from medical.api.schemas import EXAMPLE_RESIDENT_ID, ImportOut
from medical.db import repository as repo
from medical.importer.parse import UnreadableFile, parse
from medical.problems import IMPORT_REJECTED, IMPORT_UNREADABLE
from medical.service.imports import batch_out, import_parsed

router = APIRouter(prefix=PREFIX, tags=["imports"])

IMPORT_MEDIA_TYPES = ("text/csv", "application/octet-stream")
_CSV_EXAMPLE = (
    "身份证号,姓名,类别,认定日期,退出日期,渐退期起始日期,县区代码,家庭年收入\n"
    f"{EXAMPLE_RESIDENT_ID},张三,低保,2021-06-01,,,330302,18000.00\n"
)
_JSON_EXAMPLE = [
    {
        "resident_id": EXAMPLE_RESIDENT_ID,
        "name": "张三",
        "category": "dibao",
        "recognised_on": "2021-06-01",
        "county": "330302",
        "household_income": "18000.00",
    }
]
_BODY = {
    "requestBody": {
        "required": True,
        "description": "民政困难群众名单：CSV（含表头）或 JSON 行数组，UTF-8 或 GB18030。 The "
        "civil-affairs list as CSV (with a header row) or a JSON array of rows, UTF-8 or GB18030 "
        "(detected, or `encoding`). Columns: resident_id/身份证号, category/类别 (code or 特困/低保/"
        "低边/因病致贫/其他特殊困难人员), recognised_on/认定日期, exited_on/退出日期, "
        "gradual_exit_from/渐退期起始日期, name/姓名, county/县区代码, household_income/家庭年收入.",
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "examples": {"civil_affairs_csv": {"summary": "CSV", "value": _CSV_EXAMPLE}},
            },
            "application/json": {
                "schema": {"type": "array", "items": {"type": "object"}},
                "examples": {"civil_affairs_json": {"summary": "JSON", "value": _JSON_EXAMPLE}},
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/imports",
    status_code=201,
    response_model=ImportOut,
    summary="导入民政名单 Import the civil-affairs list (all or nothing)",
    description="每行校验并报告；任一行无效则不导入任何数据（422 `import-rejected`，附逐行报告），"
    "除非 `valid_rows_only=true`。同一文件重复导入不改变任何数据。 Every row is validated and "
    "reported; a file with any invalid row changes nothing unless `valid_rows_only=true`. "
    "Re-importing the same file changes nothing (`already_imported`). `dry_run=true` only "
    "validates. For large files use the CLI: `python -m medical.importer FILE --url … --token …`.",
    openapi_extra=_BODY,
    responses={
        **documented(None, 422, "Rejected or unreadable", IMPORT_REJECTED, IMPORT_UNREADABLE),
        200: {
            "description": "Nothing applied: `no_changes`, `already_imported` or `dry_run`",
            "model": ImportOut,
        },
    },
)
async def import_needy_list(
    request: Request,
    session: SessionDep,
    idem: IdempotencyDep,
    pii_key: PiiKeyDep,
    format: Annotated[Literal["csv", "json"] | None, Query(description="Default: detected")] = None,
    encoding: Annotated[
        Literal["auto", "utf-8", "gb18030"], Query(description="Default: detected")
    ] = "auto",
    valid_rows_only: Annotated[
        bool, Query(description="Apply the valid rows and report the invalid ones")
    ] = False,
    dry_run: Annotated[bool, Query(description="Validate and report only")] = False,
    filename: Annotated[str | None, Query(max_length=300)] = None,
    principal: Principal = requires(WRITE),
) -> Any:
    data = await request.body()
    if b"\x00" in data:  # neither UTF-8 nor GB18030 text has one, and PostgreSQL text cannot
        raise ProblemError(IMPORT_UNREADABLE, "The file contains NUL bytes: it is not a text list.")
    try:
        parsed = await run_in_threadpool(
            parse,
            data,
            fmt=format,
            encoding=encoding,
            content_type=request.headers.get("content-type"),
            filename=filename,
        )
    except UnreadableFile as exc:
        raise ProblemError(IMPORT_UNREADABLE, str(exc)) from None
    replay = await idem.begin(
        principal,
        {"sha256": parsed.sha256, "valid_rows_only": valid_rows_only, "dry_run": dry_run},
    )
    if replay is not None:
        return replay
    result = await import_parsed(
        session,
        parsed,
        valid_rows_only=valid_rows_only,
        dry_run=dry_run,
        filename=filename,
        principal=principal,
        pii_key=pii_key,
    )
    out = ImportOut.model_validate(result).model_dump(mode="json")
    status = 201 if result["status"] == "applied" else 200
    return await idem.finish(out, status_code=status)


def _aware(at: datetime) -> datetime:
    """Cursors carry the batch's timestamptz with its offset; anything naive was not issued here."""
    if at.tzinfo is None:
        raise ValueError("cursor time without an offset")
    return at


@router.get("/imports", response_model=Page[ImportOut], summary="导入记录 Applied imports")
async def list_imports(
    session: SessionDep,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    _: Principal = requires(READ),
) -> Page[ImportOut]:
    before = read_cursor(cursor, lambda p: _aware(datetime.fromisoformat(p["before"])))
    rows = await repo.list_batches(session, before=before, limit=limit + 1)
    page = rows[:limit]
    return Page[ImportOut](
        items=[ImportOut.model_validate(batch_out(r)) for r in page],
        next_cursor=encode_cursor({"before": page[-1].created_at.isoformat()})
        if len(rows) > limit
        else None,
        limit=limit,
    )


@router.get(
    "/imports/{batch_id}",
    response_model=ImportOut,
    summary="导入批次 One applied import with its report",
    responses=documented(None, 404, "No such batch", NOT_FOUND),
)
async def get_import(
    batch_id: Annotated[uuid.UUID, Path()], session: SessionDep, _: Principal = requires(READ)
) -> ImportOut:
    row = await repo.batch_by_id(session, batch_id)
    if row is None:
        raise ProblemError(NOT_FOUND, f"No import batch {batch_id}.")
    return ImportOut.model_validate(batch_out(row))
