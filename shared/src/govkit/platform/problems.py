"""Problem types of the platform endpoints, and the handlers that map domain errors to them.

Every service gets the handlers through the factory, so a use case anywhere may let a
`CalendarYearNotPublished` or `ParameterNotConfigured` propagate and the client gets a documented
422 problem naming the year or the parameter.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from govkit.calendar import PROBLEM_YEAR_NOT_PUBLISHED, CalendarYearNotPublished
from govkit.http.problem import PROBLEM_MEDIA_TYPE, ProblemType, problem_response, problem_type
from govkit.rules import ParameterNotConfigured

CALENDAR_YEAR_NOT_PUBLISHED = problem_type(
    PROBLEM_YEAR_NOT_PUBLISHED,
    422,
    "Calendar year not published",
    "CAL-COVERAGE: the computation touches a year whose State Council holiday notice is not "
    "loaded; `year` names it. An operator publishes it with PUT …/admin/calendar/{year}. "
    "该年度节假日安排尚未发布，不作推测。",
)
PARAMETER_NOT_CONFIGURED = problem_type(
    "parameter-not-configured",
    422,
    "Parameter not configured",
    "The policy gives no figure for this parameter on this day and no operator has configured "
    "one; `parameter`, `on` and `region` name it. 参数未配置，不使用默认值。",
)
UNKNOWN_PARAMETER = problem_type(
    "unknown-parameter",
    404,
    "Unknown parameter",
    "The path names no parameter this service defines; GET …/parameters lists them.",
)
AUDIT_SIGNING_UNAVAILABLE = problem_type(
    "audit-signing-unavailable",
    503,
    "Checkpoint signing key not configured",
    "The service has no Ed25519 checkpoint key (settings.signing_key_path), so it cannot sign "
    "audit checkpoints.",
)


def problem_doc(*ptypes: ProblemType) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these problem types (grouped by status)."""
    out: dict[int | str, dict[str, Any]] = {}
    for p in ptypes:
        entry = out.setdefault(
            p.status,
            {
                "description": "",
                "content": {
                    PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            },
        )
        entry["description"] = "; ".join(
            filter(None, [entry["description"], f"{p.title} ({p.uri})"])
        )
    return out


async def _calendar_year_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CalendarYearNotPublished)
    return problem_response(
        CALENDAR_YEAR_NOT_PUBLISHED,
        detail=str(exc),
        request=request,
        year=exc.year,
        rule_id="CAL-COVERAGE",
    )


async def _parameter_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ParameterNotConfigured)
    return problem_response(
        PARAMETER_NOT_CONFIGURED,
        detail=str(exc),
        request=request,
        parameter=exc.path,
        on=exc.on.isoformat(),
        region=exc.region,
    )


def install_platform_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CalendarYearNotPublished, _calendar_year_handler)
    app.add_exception_handler(ParameterNotConfigured, _parameter_handler)
