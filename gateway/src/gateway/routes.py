"""The gateway's own endpoints: operations, the merged OpenAPI document and aggregations."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway import aggregate
from gateway.config import GatewaySettings
from gateway.openapi_cache import OpenAPICache
from gateway.problems import RATE_LIMITED_RESPONSE, UPSTREAMS_NOT_READY, documented_problem
from gateway.proxy import Proxy
from gateway.ratelimit import Limiter, RateLimiter
from gateway.upstreams import Upstreams
from govkit.http.auth import Principal, current_principal, requires
from govkit.http.problem import (
    BAD_GATEWAY,
    GATEWAY_TIMEOUT,
    RATE_LIMITED,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    VALIDATION,
    ProblemError,
    problem_catalogue,
    problem_response,
)


@dataclass
class Gateway:
    """Everything the gateway holds at run time (on `app.state.gateway`)."""

    settings: GatewaySettings
    upstreams: Upstreams
    limiter: Limiter
    proxy: Proxy
    openapi: OpenAPICache
    http: httpx.AsyncClient | None = None  # fan-out, readiness and document fetches

    @property
    def client(self) -> httpx.AsyncClient:
        assert self.http is not None, "the gateway's lifespan has not started"
        return self.http


def get_gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


async def rate_limited(principal: Principal, gateway: Gateway) -> None:
    wait = await gateway.limiter.check(principal.client_id)
    if wait:
        retry = RateLimiter.retry_after_header(wait)
        raise ProblemError(
            RATE_LIMITED,
            f"Rate limit exceeded; retry in {retry} s.",
            headers={"Retry-After": retry},
        )


async def limited_principal(
    gateway: GatewayDep, principal: Annotated[Principal, Depends(current_principal)]
) -> Principal:
    await rate_limited(principal, gateway)
    return principal


# -- response models (for the document) ------------------------------------------------------


class SourceError(BaseModel):
    kind: str = Field(description="timeout, unreachable, circuit_open, http_status, invalid_body")
    detail: str | None = None
    status: int | None = Field(default=None, description="The service's HTTP status, if any.")
    body: Any = Field(default=None, description="The service's answer, if it gave one.")


class SourceReport(BaseModel):
    name: str
    required: bool
    ok: bool
    status: int | None
    latency_ms: float
    error: SourceError | None


class ServiceRules(BaseModel):
    rules_version: str
    count: int


class Overview(BaseModel):
    services: dict[str, ServiceRules | None] = Field(
        description="Per service, its rule count; null when it could not answer (see errors)."
    )
    total_rules: int = Field(description="Sum over the services that answered.")
    complete: bool = Field(description="Did every service answer?")
    errors: dict[str, SourceError]
    sources: list[SourceReport]


class CalendarPublished(BaseModel):
    year: int
    services: dict[str, Any] = Field(description="Each service's answer body.")
    sources: list[SourceReport]


class UpstreamReadiness(BaseModel):
    ready: bool
    status: int | None
    latency_ms: float
    breaker: str
    error: str | None = None


# -- operations ------------------------------------------------------------------------------

ops = APIRouter(tags=["operations"])


@ops.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok", "service": "gateway"}


@ops.get("/readyz", include_in_schema=False)
async def readyz(request: Request, gateway: GatewayDep) -> JSONResponse:
    """Whether this gateway replica should receive traffic.

    One service being down is no reason to take the gateway out of its load balancer: every
    other service's routes still work through it, and every replica sees the same upstreams.
    So the answer is 200 while at least one upstream is ready ("ready", or "degraded" with the
    ones that are not in `not_ready`), each upstream's status in `upstreams`; a 503 problem only
    when none answers, which points at this replica (its network), not at the services.
    """

    async def check(name: str, url: str) -> tuple[str, UpstreamReadiness]:
        breaker = gateway.upstreams[name].breaker.state.value
        start = time.perf_counter()
        try:
            r = await gateway.client.get(
                f"{url}/readyz", timeout=gateway.settings.readiness_timeout
            )
            ms = round((time.perf_counter() - start) * 1000, 1)
            error = None if r.status_code == 200 else f"/readyz answered {r.status_code}"
            return name, UpstreamReadiness(
                ready=r.status_code == 200,
                status=r.status_code,
                latency_ms=ms,
                breaker=breaker,
                error=error,
            )
        except httpx.HTTPError as exc:
            ms = round((time.perf_counter() - start) * 1000, 1)
            return name, UpstreamReadiness(
                ready=False, status=None, latency_ms=ms, breaker=breaker, error=type(exc).__name__
            )

    results = dict(await asyncio.gather(*(check(u.name, u.url) for u in gateway.upstreams)))
    upstreams = {name: r.model_dump() for name, r in results.items()}
    not_ready = [name for name, r in results.items() if not r.ready]
    rate_limits = gateway.limiter.status()
    if len(not_ready) == len(results):
        return problem_response(
            UPSTREAMS_NOT_READY,
            detail=f"No upstream answers: {', '.join(not_ready)}.",
            request=request,
            not_ready=not_ready,
            upstreams=upstreams,
            rate_limits=rate_limits,
        )
    degraded = bool(not_ready) or not rate_limits["ok"]
    return JSONResponse(
        {
            "status": "degraded" if degraded else "ready",
            "service": "gateway",
            "not_ready": not_ready,
            "upstreams": upstreams,
            "rate_limits": rate_limits,
        }
    )


@ops.get("/problems", include_in_schema=False)
async def problems() -> list[dict[str, Any]]:
    return [
        {"type": p.uri, "status": p.status, "title": p.title, "description": p.description}
        for p in problem_catalogue()
    ]


@ops.get("/openapi.json", include_in_schema=False)
async def openapi_document(request: Request, gateway: GatewayDep) -> Response:
    merged = await gateway.openapi.get(gateway.client)
    headers = {"ETag": merged.etag, "Cache-Control": "no-cache"}
    if merged.missing:
        headers["X-Missing-Services"] = ",".join(merged.missing)
    if request.headers.get("if-none-match") == merged.etag:
        return Response(status_code=304, headers=headers)
    return Response(merged.body, media_type="application/json", headers=headers)


# -- aggregations ----------------------------------------------------------------------------

aggregations = APIRouter(tags=["aggregation"])


def _forwarded_headers(request: Request) -> dict[str, str]:
    headers = {"X-Request-ID": request.state.request_id}
    for name in ("authorization", "traceparent", "tracestate", "accept-language"):
        value = request.headers.get(name)
        if value is not None:
            headers[name] = value
    return headers


@aggregations.get(
    "/overview",
    response_model=Overview,
    summary="服务概览 Rule counts of every service",
    description="Asks every service for its rule catalogue (`GET /<service>/v1/rules`) at once, "
    "forwarding the caller's token; every source is optional, so a service that fails or "
    "refuses the token leaves its entry null with the reason in `errors`.",
    responses={429: RATE_LIMITED_RESPONSE},
)
async def overview(
    request: Request,
    gateway: GatewayDep,
    _principal: Annotated[Principal, Depends(limited_principal)],
) -> Overview:
    headers = _forwarded_headers(request)
    sources = [
        aggregate.Source(
            name=u.name,
            method="GET",
            url=f"{u.url}/{u.name}/v1/rules",
            required=False,
            headers=headers,
            timeout=u.httpx_timeout(gateway.settings.pool_timeout),
            breaker=u.breaker,
        )
        for u in gateway.upstreams
    ]
    outcomes = await aggregate.fan_out(gateway.client, sources)

    def counts(outcome: aggregate.Outcome) -> dict[str, Any]:
        body = outcome.body if isinstance(outcome.body, dict) else {}
        return {
            "rules_version": str(body.get("rules_version", "")),
            "count": int(body.get("count", 0)),
        }

    merged = aggregate.merge(outcomes, counts)
    services = merged["data"]
    return Overview.model_validate(
        {
            "services": services,
            "total_rules": sum(s["count"] for s in services.values() if s),
            "complete": not merged["errors"],
            "errors": merged["errors"],
            "sources": merged["sources"],
        }
    )


@aggregations.put(
    "/admin/calendar/{year}",
    response_model=CalendarPublished,
    summary="发布工作日历 Publish a year's working-day calendar to every service",
    description="Sends the body to `PUT /<service>/v1/admin/calendar/{year}` of all four services "
    "at once. Every service is required: if any fails, the answer is a problem (502, 504, or "
    "the services' own 4xx when they all refused the same way) whose `sources` and `errors` "
    "still show what each service said. PUT is idempotent: retrying publishes again.",
    dependencies=[requires("admin")],
    responses={
        413: documented_problem(f"The body is too large ({TOO_LARGE.uri})."),
        415: documented_problem(f"The body is not JSON ({UNSUPPORTED_MEDIA.uri})."),
        422: documented_problem(
            f"The year is out of range ({VALIDATION.uri}), or every service refused "
            "the body the same way (/problems/upstream-rejected): `errors` then lists the "
            "services' validation errors, each once; `sources` and `source_errors` give each "
            "service's answer."
        ),
        429: RATE_LIMITED_RESPONSE,
        502: documented_problem(
            f"A service failed or could not be reached ({BAD_GATEWAY.uri}); `sources` "
            "and `source_errors` give each service's answer."
        ),
        504: documented_problem(
            f"Every failing service timed out ({GATEWAY_TIMEOUT.uri}); `sources` and "
            "`source_errors` give each service's answer."
        ),
    },
)
async def publish_calendar(
    request: Request,
    gateway: GatewayDep,
    year: Annotated[int, Path(ge=1900, le=2200, description="Gregorian year")],
    _principal: Annotated[Principal, Depends(limited_principal)],
) -> CalendarPublished:
    body = await request.body()
    headers = _forwarded_headers(request)
    headers["content-type"] = request.headers.get("content-type", "application/json")
    sources = [
        aggregate.Source(
            name=u.name,
            method="PUT",
            url=f"{u.url}/{u.name}/v1/admin/calendar/{year}",
            required=True,
            headers=headers,
            content=body,
            timeout=u.httpx_timeout(gateway.settings.pool_timeout),
            breaker=u.breaker,
        )
        for u in gateway.upstreams
    ]
    merged = aggregate.merge(await aggregate.fan_out(gateway.client, sources))
    return CalendarPublished.model_validate(
        {"year": year, "services": merged["data"], "sources": merged["sources"]}
    )
