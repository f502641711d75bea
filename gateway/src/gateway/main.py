"""The gateway's app: `python -m gateway` or `uvicorn --factory gateway.main:create_app`.

Built from govkit's pieces the way `create_service_app` builds a service (problem+json errors,
request IDs, JSON logs, metrics, offline docs, body limits, CORS, token verification), minus the
database, plus the raw forwarding path in front of FastAPI's router:

    GatewayApp ─┬─ /<service>/… → RequestId → [CORS] → Proxy (h1client pool) → service
                └─ otherwise → FastAPI: RequestId → [CORS] → Metrics → BodyGuard → routes

The forwarded prefixes skip Starlette's middleware stack and router entirely (each layer costs
microseconds on the hot path); the proxy records its own metrics and access log.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import jwt
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from prometheus_client import Gauge
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.breaker import CircuitBreaker, State
from gateway.config import SERVICES, GatewaySettings
from gateway.openapi_cache import OpenAPICache
from gateway.proxy import UPSTREAM_KEY, Forwarder, Proxy
from gateway.ratelimit import limiter_for
from gateway.routes import Gateway, aggregations, ops
from gateway.tokencache import CachingTokenVerifier
from gateway.upstreams import Upstreams
from govkit.http.auth import Principal, TokenVerifier
from govkit.http.docs import install_docs
from govkit.http.limits import BodyGuardMiddleware
from govkit.http.metrics import Metrics, MetricsMiddleware
from govkit.http.problem import PROBLEM_MEDIA_TYPE, PROBLEM_RESPONSES, install_problem_handlers
from govkit.http.request_id import RequestIdMiddleware
from govkit.logging import configure_logging
from govkit.service import PROBLEM_SCHEMA

TITLE = "温州市政策服务网关 Wenzhou policy services gateway"
DESCRIPTION = (
    f"One entry point to the {', '.join(SERVICES[:-1])} and {SERVICES[-1]} services: every service's "
    "paths (`/<service>/v1/…`) are served here as they are by the service itself, so a client "
    "can talk to either. This document merges all of their documents; component names of a "
    "service carry its prefix (`fund__Decision`), components they all share keep their name. "
    "Aggregations (`/overview`, `/admin/calendar/{year}`) call several services at once."
)
VERSION = "0.1.0"


class GatewayApp(FastAPI):
    """FastAPI for the gateway's own routes, with `/<service>/…` dispatched before it."""

    forwarder: Forwarder
    forward_stack: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            upstream = self.forwarder.target(scope["path"])
            if upstream is not None:
                scope[UPSTREAM_KEY] = upstream
                await self.forward_stack(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


class _NoVerifier(TokenVerifier):
    """Without a JWKS every token is refused (production settings refuse to start so)."""

    def __init__(self) -> None:  # no keys to load
        pass

    def verify(self, token: str) -> Principal:
        raise jwt.InvalidTokenError("the gateway has no JWKS configured")


def _verifier(settings: GatewaySettings) -> TokenVerifier:
    if not (settings.jwks_path or settings.jwks_url):
        return _NoVerifier()
    return CachingTokenVerifier(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        jwks_path=settings.jwks_path,
        jwks_url=settings.jwks_url,
        max_entries=settings.token_cache_size,
        ttl=settings.token_cache_seconds,
    )


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    configure_logging("gateway", settings.log_level)
    # The gateway writes one govkit.access line per request itself; uvicorn's would double it.
    logging.getLogger("uvicorn.access").propagate = False

    openapi_cache: OpenAPICache | None = None

    def on_breaker_change(name: str, old: State, new: State) -> None:
        if new is State.CLOSED and openapi_cache is not None:
            openapi_cache.invalidate()  # the service is back: its document may have changed

    upstreams = Upstreams(settings, on_breaker_change)
    verifier = _verifier(settings)
    limiter = limiter_for(
        rate=settings.rate_limit_per_second,
        burst=settings.rate_limit_burst,
        max_clients=settings.rate_limit_clients,
        redis_url=settings.redis_url,
        prefix=settings.rate_limit_prefix,
    )
    metrics = Metrics("gateway")
    breaker_open = Gauge(
        "gateway_upstream_breaker_open",
        "1 while the upstream's circuit breaker is open or half-open",
        ["upstream"],
        registry=metrics.registry,
    )
    for upstream in upstreams:
        breaker_open.labels(upstream.name).set_function(_is_open(upstream.breaker))
    proxy = Proxy(settings, upstreams, verifier, limiter, metrics)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        gateway.http = httpx.AsyncClient(
            limits=httpx.Limits(
                max_connections=100,
                max_keepalive_connections=20,
                keepalive_expiry=settings.pool_keepalive,
            ),
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=False,
            trust_env=False,
        )
        try:
            yield
        finally:
            await gateway.http.aclose()
            gateway.http = None
            await proxy.close()
            await limiter.close()

    app = GatewayApp(
        title=TITLE,
        description=DESCRIPTION,
        version=VERSION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # /openapi.json is the merged document (routes.openapi_document)
        lifespan=lifespan,
        generate_unique_id_function=lambda route: f"gateway_{route.name}",
        responses=PROBLEM_RESPONSES,
    )

    def own_document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _own_openapi(app)
        return app.openapi_schema

    openapi_cache = OpenAPICache(
        upstreams,
        own_document,
        ttl=settings.openapi_ttl,
        missing_ttl=settings.openapi_missing_ttl,
        fetch_timeout=settings.openapi_fetch_timeout,
    )
    gateway = Gateway(settings, upstreams, limiter, proxy, openapi_cache)
    app.state.gateway = gateway
    app.state.settings = settings
    app.state.service = "gateway"
    app.state.token_verifier = verifier
    app.state.metrics = metrics

    install_problem_handlers(app)
    # Added innermost first: the last one added runs first.
    app.add_middleware(BodyGuardMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, **_cors(settings))
    app.add_middleware(RequestIdMiddleware)
    app.forwarder = Forwarder(proxy)
    forward_stack: ASGIApp = app.forwarder
    if settings.cors_origins:
        forward_stack = CORSMiddleware(forward_stack, **_cors(settings))
    app.forward_stack = RequestIdMiddleware(forward_stack)

    app.include_router(ops)
    app.add_api_route("/metrics", metrics.endpoint, include_in_schema=False)
    app.include_router(aggregations)
    install_docs(app, openapi_url="/openapi.json", title=TITLE)
    return app


def _is_open(breaker: CircuitBreaker) -> Callable[[], float]:
    return lambda: float(breaker.state is not State.CLOSED)


def _cors(settings: GatewaySettings) -> dict[str, Any]:
    return {
        "allow_origins": settings.cors_origins,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "allow_headers": [
            "Authorization",
            "Content-Type",
            "Idempotency-Key",
            "If-Match",
            "X-Request-ID",
            "traceparent",
        ],
        "expose_headers": ["ETag", "X-Request-ID", "Location", "Retry-After"],
    }


def _own_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version="3.1.0",
        description=app.description,
        routes=app.routes,
        tags=[
            {"name": "aggregation", "description": "Answers merged from several services."},
        ],
    )
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                if status.startswith(("4", "5")) and "content" in response:
                    response["content"] = {
                        PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                    }
    return schema
