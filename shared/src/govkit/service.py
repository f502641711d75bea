"""The app factory every service uses: conventions in one place, domain routes from the service.

A service passes its name, titles, settings, routers and migrations folder; it gets problem+json
errors, request IDs, JSON logs, metrics, health and readiness, offline docs, token verification,
CORS, body limits and `GET /<service>/v1/rules`.

It also gets the platform (`govkit.platform`): the audit log endpoints, calendar publication,
effective-dated parameters (`ServiceSpec.parameters`, `ParametersDep`), stored decisions, the
`calendar-year-not-published` / `parameter-not-configured` problems, and a start-up that loads
published calendar years and parameter values from the service's schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from govkit.calendar import today_shanghai
from govkit.db import Database, head_revision
from govkit.http.auth import CachingTokenVerifier, requires
from govkit.http.docs import install_docs
from govkit.http.limits import BodyGuardMiddleware
from govkit.http.metrics import Metrics, MetricsMiddleware
from govkit.http.problem import (
    PROBLEM_MEDIA_TYPE,
    PROBLEM_RESPONSES,
    SERVICE_UNAVAILABLE,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    install_problem_handlers,
    problem_catalogue,
    problem_response,
)
from govkit.http.request_id import RequestIdMiddleware
from govkit.logging import configure_logging
from govkit.platform.after_commit import AFTER_COMMIT_DEPENDENCY
from govkit.platform.install import (
    PLATFORM_TAGS,
    install_platform,
    platform_readiness,
    start_platform,
    stop_platform,
)
from govkit.platform.parameters import REGION_PATTERN, RuleParameterOut, rule_parameters
from govkit.rules import ParameterDefinition, RuleBook
from govkit.settings import ServiceSettings

Hook = Callable[[FastAPI], Awaitable[None]]

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details (application/problem+json).",
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "examples": ["/problems/not-found"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "The problem type's slug."},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "in": {"type": "string"},
                    "pointer": {"type": "string"},
                    "name": {"type": "string"},
                    "detail": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
        "rule_id": {"type": "string"},
        "clause": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}


class RuleOut(BaseModel):
    id: str
    clause: str
    summary: str
    kind: str
    parameters: list[RuleParameterOut] = Field(
        description="参数及其当前值 The parameters the rule reads, with the value in force"
    )


class RulesOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "airdefence",
                    "rules_version": "wzb-2021-71.r1",
                    "on": "2026-03-01",
                    "region": None,
                    "count": 1,
                    "rules": [
                        {
                            "id": "AD-PARK-RATIO",
                            "clause": "温政办〔2021〕71号 四（二）",
                            "summary": "Net parking area ≥ 25% of the basement's floor area.",
                            "kind": "computed",
                            "parameters": [
                                {
                                    "path": "airdefence.parking.net_area_min_ratio",
                                    "description": "Minimum net parking share",
                                    "unit": "ratio",
                                    "value": "0.25",
                                    "effective_from": "2022-01-01",
                                    "effective_to": None,
                                    "region": None,
                                    "source": "温政办〔2021〕71号 四（二）",
                                    "configured": True,
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )

    service: str
    rules_version: str
    on: date = Field(description="The day the parameter values are in force on")
    region: str | None = None
    count: int
    rules: list[RuleOut]


@dataclass
class ServiceSpec:
    name: str  # path prefix and schema, e.g. "fund"
    title_zh: str
    title_en: str
    description: str
    settings: ServiceSettings
    routers: Sequence[APIRouter] = ()
    migrations_dir: Path | None = None
    rules: RuleBook | None = None
    rules_version: str = "0"
    version: str = "0.1.0"
    extra_media_types: Sequence[str] = ()
    on_startup: Sequence[Hook] = field(default_factory=list)
    tags: Sequence[dict[str, str]] = ()
    # Effective-dated parameters the rules read (defaults in code); operators set values through
    # PUT /<name>/v1/admin/parameters/{path}; use cases get the ParameterSet via ParametersDep.
    parameters: Sequence[ParameterDefinition] = ()
    # How often each process checks for calendar years / parameter values set via another replica.
    platform_refresh_seconds: float = 30.0


def _operation_id(service: str) -> Callable[[APIRoute], str]:
    def generate(route: APIRoute) -> str:
        return f"{service}_{route.name}"

    return generate


def create_service_app(spec: ServiceSpec) -> FastAPI:
    settings = spec.settings
    configure_logging(spec.name, settings.log_level)
    migrations_dir = settings.migrations_dir or spec.migrations_dir
    expected_head = head_revision(migrations_dir) if migrations_dir else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.database_url and getattr(app.state, "db", None) is None:
            app.state.db = Database(
                settings.database_url,
                spec.name,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
            )
        await start_platform(app)  # published calendar years and parameter values
        for hook in spec.on_startup:
            await hook(app)
        try:
            yield
        finally:
            await stop_platform(app)
            db = getattr(app.state, "db", None)
            if db is not None:
                await db.dispose()

    title = f"{spec.title_zh} {spec.title_en}"
    app = FastAPI(
        title=title,
        description=spec.description,
        version=spec.version,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id(spec.name),
        responses=PROBLEM_RESPONSES,
        openapi_tags=_tags(spec.tags),
        # Side effects registered with AfterCommitDep run only once the session has committed.
        dependencies=[AFTER_COMMIT_DEPENDENCY],
    )
    app.state.settings = settings
    app.state.service = spec.name
    app.state.db = None
    app.state.rules = spec.rules
    if settings.jwks_path or settings.jwks_url:
        app.state.token_verifier = CachingTokenVerifier(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_path=settings.jwks_path,
            jwks_url=settings.jwks_url,
        )
    metrics = Metrics(spec.name)
    app.state.metrics = metrics

    install_problem_handlers(app)
    install_platform(
        app,
        service=spec.name,
        parameters=spec.parameters,
        refresh_seconds=spec.platform_refresh_seconds,
    )
    app.add_middleware(
        BodyGuardMiddleware,
        max_bytes=settings.max_body_bytes,
        extra_media_types=spec.extra_media_types,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-Match",
                "X-Request-ID",
                "traceparent",
            ],
            expose_headers=["ETag", "X-Request-ID", "Location", "Retry-After"],
        )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware)

    ops = APIRouter(tags=["operations"])

    @ops.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": spec.name}

    @ops.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        db: Database | None = request.app.state.db
        checks: dict[str, Any] = {"database": "not configured", "migrations": "unknown"}
        ok = db is not None
        if db is not None:
            try:
                await db.ping()
                checks["database"] = "ok"
                current = await db.migration_revision()
                checks["migrations"] = {"current": current, "head": expected_head}
                ok = current == expected_head
                checks["platform"] = await platform_readiness(request.app)
                ok = ok and checks["platform"] == "ok"
            except Exception as exc:  # readiness reports, never raises
                checks["database"] = f"unreachable: {type(exc).__name__}"
                ok = False
        if not ok:
            return problem_response(
                SERVICE_UNAVAILABLE, request=request, service=spec.name, checks=checks
            )
        return JSONResponse({"status": "ready", "service": spec.name, "checks": checks})

    ops.add_api_route("/metrics", metrics.endpoint, include_in_schema=False)

    @ops.get("/problems", include_in_schema=False)
    async def problems() -> list[dict[str, Any]]:
        return [
            {"type": p.uri, "status": p.status, "title": p.title, "description": p.description}
            for p in problem_catalogue()
        ]

    app.include_router(ops)

    v1 = APIRouter(prefix=f"/{spec.name}/v1")

    @v1.get(
        "/rules",
        response_model=RulesOut,
        tags=["rules"],
        summary="规则目录 Rules this service implements",
        dependencies=[requires(f"{spec.name}:read")],
    )
    async def list_rules(
        request: Request,
        on: Annotated[
            date | None, Query(description="Parameter values in force on this day (default today)")
        ] = None,
        region: Annotated[str | None, Query(pattern=REGION_PATTERN, description="County")] = None,
    ) -> RulesOut:
        book = spec.rules or RuleBook(())
        day = on or today_shanghai()
        params = rule_parameters(book, request.app.state.parameter_state.parameters, day, region)
        return RulesOut(
            service=spec.name,
            rules_version=spec.rules_version,
            on=day,
            region=region,
            count=len(book),
            rules=[
                RuleOut(
                    id=r.id,
                    clause=r.clause,
                    summary=r.summary,
                    kind=r.kind.value,
                    parameters=params[r.id],
                )
                for r in book
            ],
        )

    app.include_router(v1)
    for router in spec.routers:
        app.include_router(router)

    install_docs(app, openapi_url="/openapi.json", title=title)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            openapi_version="3.1.0",
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        _problem_media(schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _tags(service_tags: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    names = {t["name"] for t in service_tags}
    return [*service_tags, *(t for t in PLATFORM_TAGS if t["name"] not in names)]


def _problem_media(schema: dict[str, Any]) -> None:
    """FastAPI documents its 422 as application/json; ours are problem+json. Operations with a
    body also get the request guard's 413 and 415 (`govkit.http.limits`), which run before
    routing and so appear in no route's own `responses`."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            if isinstance(operation, dict) and "requestBody" in operation:
                for guard in (TOO_LARGE, UNSUPPORTED_MEDIA):
                    responses.setdefault(
                        str(guard.status), {"description": guard.title, "content": {}}
                    )
            for status, response in responses.items():
                if status.startswith(("4", "5")) and "content" in response:
                    response["content"] = {
                        PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                    }
