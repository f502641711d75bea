"""Gateway settings: environment variables prefixed GATEWAY_ (e.g. GATEWAY_FUND_URL).

The upstreams are the services of the registry (`govkit.registry`): each one's URL is
`GATEWAY_<NAME>_URL`, by default its development port on 127.0.0.1.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import SettingsConfigDict

from govkit.registry import registry
from govkit.settings import DEV_ISSUER, ServiceSettings, UnsafeSettings

SERVICES = registry().names


class Timeouts(BaseModel):
    """Seconds; `read` is the longest wait for any chunk of an upstream's answer."""

    connect: float = Field(default=2.0, gt=0)
    read: float = Field(default=30.0, gt=0)


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    port: int = 8000

    # Service name → base URL, for every service of the registry. Set one with
    # GATEWAY_<NAME>_URL (or `<name>_url=` when constructing the settings).
    upstream_urls: dict[str, str] = Field(default_factory=dict)

    # Defaults for every upstream; GATEWAY_UPSTREAM_TIMEOUTS='{"medical": {"read": 60}}' overrides
    # one service's.
    connect_timeout: float = Field(default=2.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    upstream_timeouts: dict[str, Timeouts] = Field(default_factory=dict)
    # Longest wait for a free pooled connection before answering 504.
    pool_timeout: float = Field(default=5.0, gt=0)
    pool_size: int = Field(default=100, ge=1)
    # Below the services' keep-alive (uvicorn closes idle connections after 5 s), so the pool
    # never sends on a connection the upstream is closing.
    pool_keepalive: float = Field(default=4.0, gt=0)

    # The front door (gateway.server): request headers beyond these are a 431; a request head
    # not complete this many seconds after the connection or its first byte is a 408.
    max_header_bytes: int = Field(default=16 * 1024, ge=1024)
    max_headers: int = Field(default=100, ge=10)
    header_timeout: float = Field(default=10.0, gt=0)

    # Token bucket per client (token client ID): sustained rate and burst; 0 disables it.
    rate_limit_per_second: float = Field(default=200.0, ge=0)
    rate_limit_burst: int = Field(default=400, ge=1)
    rate_limit_clients: int = Field(default=10_000, ge=1)
    # Shared buckets for every replica (e.g. redis://redis:6379/0); in memory when unset. Keys are
    # `<rate_limit_prefix><client ID>`.
    redis_url: str | None = None
    rate_limit_prefix: str = Field(default="wz:ratelimit:", min_length=1)

    # Consecutive failures (connection errors, timeouts, 502/503/504) that open a breaker, and how
    # long it stays open before one probe request may pass. Short, so that a service back from a
    # restart is served again within seconds (the open window bounds that delay).
    breaker_failures: int = Field(default=5, ge=1)
    breaker_open_seconds: float = Field(default=2.0, gt=0)

    # Verified tokens are remembered (bounded LRU, never past their exp) to skip Ed25519 per request.
    token_cache_size: int = Field(default=4096, ge=0)
    token_cache_seconds: float = Field(default=60.0, ge=0)

    # The merged OpenAPI document is rebuilt when an upstream's document changed, checked at most
    # this often (sooner while an upstream is missing).
    openapi_ttl: float = Field(default=30.0, ge=0)
    openapi_missing_ttl: float = Field(default=5.0, ge=0)
    # A service builds its document on the first request for it: seconds on a busy machine.
    openapi_fetch_timeout: float = Field(default=15.0, gt=0)
    readiness_timeout: float = Field(default=2.0, gt=0)

    # Access log of forwarded requests (govkit.access JSON lines). "errors" logs those the
    # gateway answered itself (401, 413, 429, 502-504), upstream 5xx and slow ones; successes are
    # logged by the service that served them, under the same request ID. "all" logs every one
    # (costs ~20% of the proxy's throughput), "off" none. The gateway's own routes always log.
    access_log: Literal["all", "errors", "off"] = "errors"
    slow_request_seconds: float = Field(default=1.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _upstream_urls(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        urls = dict(data.get("upstream_urls") or {})
        for service in registry().services:
            url = data.pop(f"{service.name}_url", None) or os.environ.get(
                f"GATEWAY_{service.name.upper()}_URL"
            )
            if url:
                urls[service.name] = url
            urls.setdefault(service.name, f"http://127.0.0.1:{service.port}")
        return {**data, "upstream_urls": urls}

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> GatewaySettings:
        """Overrides the services' check (same name): the gateway holds no PII key or database,
        but must verify tokens of the real issuer and must not open CORS to every origin."""
        if self.environment != "production":
            return self
        problems = []
        if self.jwt_issuer == DEV_ISSUER:
            problems.append("jwt_issuer must not be the development issuer")
        if not (self.jwks_url or self.jwks_path):
            problems.append("jwks_url or jwks_path is required")
        if self.jwks_url and not self.jwks_url.startswith("https://"):
            problems.append("jwks_url must use https")
        if "*" in self.cors_origins:
            problems.append("cors_origins must not be '*'")
        if problems:
            raise UnsafeSettings("unsafe production settings: " + "; ".join(problems))
        return self

    @model_validator(mode="after")
    def _known_upstreams(self) -> GatewaySettings:
        for field in ("upstream_timeouts", "upstream_urls"):
            unknown = set(getattr(self, field)) - set(SERVICES)
            if unknown:
                raise ValueError(f"{field} names unknown services: {sorted(unknown)}")
        for name, url in self.upstream_urls.items():
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"the URL of {name} must be http(s): {url!r}")
        return self

    def upstream_url(self, service: str) -> str:
        return self.upstream_urls[service].rstrip("/")

    def timeouts(self, service: str) -> Timeouts:
        default = Timeouts(connect=self.connect_timeout, read=self.read_timeout)
        return self.upstream_timeouts.get(service, default)
