"""The forwarding hot path: a raw ASGI handler for `/<service>/…`.

It bypasses FastAPI's routing and validation, and its transport was chosen by measurement
(docs/BENCHMARKS.md, "Gateway"): a FastAPI route on httpx's default transport reached well under
0.1× nginx's throughput, this raw handler on a tuned aiohttp pool ~0.45×, and on the small
httptools pool of `h1client` ~0.8×. Per request it authenticates (cached Ed25519 verification),
applies the client's rate limit and the upstream's circuit breaker, then streams the request and
the response; every failure of its own is answered as application/problem+json.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
from prometheus_client import Counter
from starlette.types import Receive, Scope, Send

from gateway.config import GatewaySettings
from gateway.h1client import Pool, UpstreamProtocolError
from gateway.headers import client_response_headers, upstream_request_headers
from gateway.problems import CIRCUIT_OPEN
from gateway.ratelimit import Limiter, RateLimiter
from gateway.upstreams import Upstream, Upstreams
from govkit.http.auth import Principal, TokenVerifier
from govkit.http.limits import send_problem
from govkit.http.metrics import Metrics
from govkit.http.problem import (
    BAD_GATEWAY,
    GATEWAY_TIMEOUT,
    INTERNAL,
    RATE_LIMITED,
    TOO_LARGE,
    UNAUTHENTICATED,
    problem_body,
)
from govkit.http.request_id import current_request_id

log = logging.getLogger("gateway.proxy")
access_log = logging.getLogger("govkit.access")

UPSTREAM_KEY = "gateway.upstream"  # scope key: the upstream the dispatcher chose
# Bodies up to this size are read whole and sent in one write; larger or unsized ones stream.
BUFFER_LIMIT = 64 * 1024
NO_BODY_STATUSES = frozenset({204, 304})
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})  # answers that count against a breaker
WWW_AUTHENTICATE = [(b"www-authenticate", b'Bearer realm="wenzhou-policy"')]


class _BodyTooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


class Proxy:
    def __init__(
        self,
        settings: GatewaySettings,
        upstreams: Upstreams,
        verifier: TokenVerifier,
        limiter: Limiter,
        metrics: Metrics,
    ) -> None:
        self.settings = settings
        self.upstreams = upstreams
        self.verifier = verifier
        self.limiter = limiter
        self.metrics = metrics
        self.max_body = settings.max_body_bytes
        self.log_all = settings.access_log == "all"
        self.log_errors = settings.access_log != "off"
        self.slow = settings.slow_request_seconds
        self._pools: dict[str, Pool] = {}
        self._prefixes = {u.name: _prefix(u.url) for u in upstreams}
        self.refused = Counter(
            "gateway_proxy_refused_total",
            "Forwarded-path requests the gateway answered itself, by upstream and reason",
            ["upstream", "reason"],
            registry=metrics.registry,
        )
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def start(self) -> None:
        for upstream in self.upstreams:
            self._pools[upstream.name] = Pool.for_url(
                upstream.url,
                size=self.settings.pool_size,
                connect_timeout=upstream.timeouts.connect,
                read_timeout=upstream.timeouts.read,
                pool_timeout=self.settings.pool_timeout,
                keepalive=self.settings.pool_keepalive,
            )

    async def close(self) -> None:
        for pool in self._pools.values():
            await pool.close()
        self._pools.clear()

    async def forward(self, scope: Scope, receive: Receive, send: Send, upstream: Upstream) -> None:
        start = time.perf_counter()
        status, reason = 500, "internal"
        try:
            status, reason = await self._forward(scope, receive, send, upstream)
        finally:
            self._observe(scope, upstream.name, status, reason, start)

    async def _forward(
        self, scope: Scope, receive: Receive, send: Send, upstream: Upstream
    ) -> tuple[int, str]:
        """Returns the status sent and, when the gateway answered itself, why ("" if not)."""
        path: str = scope["path"]
        headers = dict(scope["headers"])

        principal = self._authenticate(headers.get(b"authorization"))
        if isinstance(principal, str):
            body = problem_body(UNAUTHENTICATED, detail=principal, instance=path)
            await send_problem(send, body, WWW_AUTHENTICATE)
            return 401, "unauthenticated"

        wait = await self.limiter.check(principal.client_id)
        if wait:
            retry = RateLimiter.retry_after_header(wait)
            body = problem_body(
                RATE_LIMITED, detail=f"Rate limit exceeded; retry in {retry} s.", instance=path
            )
            await send_problem(send, body, [(b"retry-after", retry.encode())])
            return 429, "rate_limited"

        breaker = upstream.breaker
        if not breaker.allow():
            retry = RateLimiter.retry_after_header(breaker.retry_after())
            body = problem_body(
                CIRCUIT_OPEN,
                detail=f"{upstream.name} failed repeatedly; not called for {retry} s.",
                instance=path,
                upstream=upstream.name,
            )
            await send_problem(send, body, [(b"retry-after", retry.encode())])
            return 503, "circuit_open"

        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await send_problem(send, self._too_large(path))
            return 413, "too_large"

        started = False
        response = None
        try:
            data: bytes | AsyncIterator[bytes] | None = None
            length = None
            if declared is not None and int(declared) <= BUFFER_LIMIT:
                data = await _read_body(receive, self.max_body)
            elif declared is not None or b"transfer-encoding" in headers:
                data = _stream_body(receive, self.max_body)
                length = int(declared) if declared is not None else None  # else chunked
            out_headers = upstream_request_headers(
                scope["headers"],
                request_id=current_request_id() or "",
                client_host=scope["client"][0] if scope.get("client") else None,
                scheme=scope.get("scheme", "http"),
            )
            raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
            query: bytes = scope["query_string"]
            # The client's percent-encoding reaches the upstream byte for byte.
            target = self._prefixes[upstream.name] + raw_path + (b"?" + query if query else b"")
            response = await self._pools[upstream.name].request(
                scope["method"], target, out_headers, data, length
            )
            status = response.status
            start_message = {
                "type": "http.response.start",
                "status": status,
                "headers": client_response_headers(response.headers),
            }
            size = response.content_length
            if scope["method"] == "HEAD" or status in NO_BODY_STATUSES:
                await send(start_message)
                started = True
                await send({"type": "http.response.body", "body": b""})
            elif size is not None and size <= BUFFER_LIMIT:
                payload = await response.read()
                await send(start_message)
                started = True
                await send({"type": "http.response.body", "body": payload})
            else:
                chunks = response.iter_chunks()
                # The head waits for the first chunk: a body broken from the start is a 502.
                first = await anext(chunks, b"")
                await send(start_message)
                started = True
                if first:
                    await send({"type": "http.response.body", "body": first, "more_body": True})
                async for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
            # Told once the whole answer came through (a head alone proves little).
            if status in UNAVAILABLE_STATUSES:
                breaker.record_failure()
            else:
                breaker.record_success()
            return status, ""
        except _ClientGone:
            return 499, "client_gone"  # nginx's code for "client closed the request"
        except _BodyTooLarge:
            if not started:
                await send_problem(send, self._too_large(path))
            return 413, "too_large"
        except Exception as exc:
            if started:
                breaker.record_failure()
                log.warning("upstream %s broke off its response: %r", upstream.name, exc)
                raise  # the server closes the connection: the client sees a truncated body
            return await self._upstream_failed(send, path, upstream, exc)
        finally:
            if response is not None:
                response.release()

    async def _upstream_failed(
        self, send: Send, path: str, upstream: Upstream, exc: Exception
    ) -> tuple[int, str]:
        if isinstance(exc, asyncio.TimeoutError):
            upstream.breaker.record_failure()
            log.warning("upstream %s timed out: %r", upstream.name, exc)
            ptype, reason, detail = GATEWAY_TIMEOUT, "timeout", "did not answer in time"
        elif isinstance(exc, UpstreamProtocolError):
            upstream.breaker.record_failure()
            log.warning("upstream %s broke HTTP: %r", upstream.name, exc)
            ptype, reason, detail = BAD_GATEWAY, "protocol_error", "gave no valid answer"
        elif isinstance(exc, OSError):
            upstream.breaker.record_failure()
            log.warning("upstream %s unreachable: %r", upstream.name, exc)
            ptype, reason, detail = BAD_GATEWAY, "unreachable", "could not be reached"
        else:
            log.error("proxying to %s failed", upstream.name, exc_info=exc)
            await send_problem(send, problem_body(INTERNAL, instance=path))
            return 500, "internal"
        body = problem_body(
            ptype, detail=f"{upstream.name} {detail}.", instance=path, upstream=upstream.name
        )
        await send_problem(send, body)
        return ptype.status, reason

    def _authenticate(self, authorization: bytes | None) -> Principal | str:
        """The caller's principal, or why there is none (the 401 problem's detail)."""
        if authorization is None:
            return "A bearer token is required."
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "A bearer token is required."
        try:
            return self.verifier.verify(token)
        except jwt.ExpiredSignatureError:
            return "The token has expired."
        except (jwt.PyJWTError, ValueError, KeyError):
            return "The token is not valid."

    def _too_large(self, path: str) -> dict[str, Any]:
        return problem_body(
            TOO_LARGE, detail=f"The body exceeds {self.max_body} bytes.", instance=path
        )

    def _observe(self, scope: Scope, upstream: str, status: int, reason: str, start: float) -> None:
        elapsed = time.perf_counter() - start
        method = scope["method"]
        key = (upstream, method, status)
        children = self._children.get(key)
        if children is None:  # labels() takes a lock and builds a tuple: do it once per key
            m = self.metrics
            route = f"/{upstream}/{{path}}"
            children = self._children[key] = (
                m.requests.labels(m.service, method, route, str(status)),
                m.latency.labels(m.service, method, route),
            )
        children[0].inc()
        children[1].observe(elapsed)
        if reason:
            self.refused.labels(upstream, reason).inc()
        if (
            self.log_all or (self.log_errors and (reason or status >= 500 or elapsed >= self.slow))
        ) and access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                method,
                scope["path"],
                status,
                extra={
                    "status": status,
                    "route": f"/{upstream}/{{path}}",
                    "upstream": upstream,
                    "refused": reason or None,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )


def _prefix(url: str) -> bytes:
    """The path part of an upstream's base URL (usually empty), prepended to every request."""
    after_scheme = url.split("://", 1)[-1]
    slash = after_scheme.find("/")
    return after_scheme[slash:].rstrip("/").encode() if slash >= 0 else b""


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks = []
    async for chunk in _stream_body(receive, limit):
        chunks.append(chunk)
    return b"".join(chunks)


async def _stream_body(receive: Receive, limit: int) -> AsyncIterator[bytes]:
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:  # the declared length may lie; count what actually arrives
            raise _BodyTooLarge
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


class Forwarder:
    """ASGI app for `/<service>/…`; `target(path)` tells which requests are its."""

    def __init__(self, proxy: Proxy) -> None:
        self.proxy = proxy
        self.upstreams = proxy.upstreams

    def target(self, path: str) -> Upstream | None:
        end = path.find("/", 1)
        return self.upstreams.get(path[1:end] if end > 0 else path[1:])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        upstream = scope.get(UPSTREAM_KEY) or self.target(scope["path"])
        if upstream is None:
            raise LookupError(f"no upstream serves {scope['path']}")
        await self.proxy.forward(scope, receive, send, upstream)
