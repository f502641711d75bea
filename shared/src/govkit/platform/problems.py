"""Problem types of the platform endpoints, and the handlers that map domain errors to them.

Every service gets the handlers through the factory, so a use case anywhere may let a
`CalendarYearNotPublished`, `ParameterNotConfigured` or its domain's `DomainError` propagate and
the client gets a documented 422 problem naming the year, the parameter or the rule and clause.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from govkit.calendar import PROBLEM_YEAR_NOT_PUBLISHED, CalendarYearNotPublished
from govkit.http.problem import (
    PROBLEM_MEDIA_TYPE,
    RULE_VIOLATION,
    VALIDATION,
    ProblemType,
    problem_response,
    problem_type,
)
from govkit.rules import DomainError, ParameterNotConfigured, RuleBook

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


def domain_problem(
    exc: DomainError, rules: RuleBook | None, request: Request | None = None
) -> JSONResponse:
    """A rule of the service's book broken → `rule-violation` citing it; otherwise a validation error."""
    # The body field it is about: `pointer`, or (as some domains give it) `facts["pointer"]`.
    pointer = exc.pointer or exc.facts.get("pointer")
    errors: list[dict[str, str]] = (
        [{"in": "body", "pointer": pointer, "detail": exc.message_en, "type": "value_error"}]
        if isinstance(pointer, str)
        else []
    )
    extra: dict[str, Any] = {"errors": errors} if errors else {}
    if exc.rule_id and rules is not None and exc.rule_id in rules:
        return problem_response(
            RULE_VIOLATION,
            detail=exc.message_en,
            request=request,
            rule_id=exc.rule_id,
            clause=rules[exc.rule_id].clause,
            message_zh=exc.message_zh,
            message_en=exc.message_en,
            facts={k: str(v) for k, v in exc.facts.items()},
            **extra,
        )
    return problem_response(
        VALIDATION,
        detail=exc.message_en,
        request=request,
        message_zh=exc.message_zh,
        message_en=exc.message_en,
        errors=errors,
    )


async def _domain_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return domain_problem(exc, getattr(request.app.state, "rules", None), request)


def install_platform_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CalendarYearNotPublished, _calendar_year_handler)
    app.add_exception_handler(ParameterNotConfigured, _parameter_handler)
    app.add_exception_handler(DomainError, _domain_handler)
