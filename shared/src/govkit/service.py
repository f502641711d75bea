"""The app factory every service uses: conventions in one place, domain routes from the service.

A service passes its name, titles, settings, routers and migrations folder; it gets problem+json
errors, request IDs, JSON logs, metrics, health and readiness, offline docs, token verification,
CORS, body limits and `GET /<service>/v1/rules`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from govkit.db import Database, head_revision
from govkit.http.auth import TokenVerifier, requires
from govkit.http.docs import install_docs
from govkit.http.limits import BodyGuardMiddleware
from govkit.http.metrics import Metrics, MetricsMiddleware
from govkit.http.problem import (
    PROBLEM_MEDIA_TYPE,
    PROBLEM_RESPONSES,
    SERVICE_UNAVAILABLE,
    install_problem_handlers,
    problem_catalogue,
    problem_response,
)
from govkit.http.request_id import RequestIdMiddleware
from govkit.logging import configure_logging
from govkit.rules import RuleBook
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
    parameters: list[str]


class RulesOut(BaseModel):
    service: str
    rules_version: str
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
        for hook in spec.on_startup:
            await hook(app)
        try:
            yield
        finally:
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
        openapi_tags=list(spec.tags) or None,
    )
    app.state.settings = settings
    app.state.service = spec.name
    app.state.db = None
    app.state.rules = spec.rules
    if settings.jwks_path or settings.jwks_url:
        app.state.token_verifier = TokenVerifier(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_path=settings.jwks_path,
            jwks_url=settings.jwks_url,
        )
    metrics = Metrics(spec.name)
    app.state.metrics = metrics

    install_problem_handlers(app)
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
    async def list_rules() -> RulesOut:
        book = spec.rules or RuleBook(())
        return RulesOut(
            service=spec.name,
            rules_version=spec.rules_version,
            count=len(book),
            rules=[
                RuleOut(
                    id=r.id,
                    clause=r.clause,
                    summary=r.summary,
                    kind=r.kind.value,
                    parameters=list(r.parameters),
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


def _problem_media(schema: dict[str, Any]) -> None:
    """FastAPI documents its 422 as application/json; ours are problem+json."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            for status, response in responses.items():
                if status.startswith(("4", "5")) and "content" in response:
                    response["content"] = {
                        PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                    }
