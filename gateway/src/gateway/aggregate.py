"""Aggregation: call several services concurrently, then merge their answers (pure).

Each source is required or optional. Every call catches its own failure, so one slow or broken
service never cancels its siblings (no TaskGroup). The merged body lists every source with its
status and latency; an optional source that failed leaves its part `null` with the error beside
it; a required source that failed turns the whole answer into a problem:
504 when every required failure was a timeout; the services' own 4xx status when every required
failure was the same client error (the caller's request, not the services, is at fault); 502
otherwise. The problem's `sources` reports every source and `source_errors` each failure by
source; `errors` is the Problem schema's list: the services' own validation errors, each once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from gateway.breaker import CircuitBreaker
from gateway.problems import UPSTREAM_CLIENT_ERROR
from govkit.http.problem import BAD_GATEWAY, GATEWAY_TIMEOUT, ProblemError

TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
CIRCUIT_OPEN = "circuit_open"
HTTP_STATUS = "http_status"
INVALID_BODY = "invalid_body"


@dataclass(frozen=True)
class Source:
    name: str
    method: str
    url: str
    required: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes | None = None
    timeout: httpx.Timeout | None = None
    breaker: CircuitBreaker | None = None


@dataclass(frozen=True)
class Outcome:
    """What one source gave: its answer, or why there is none."""

    name: str
    required: bool
    latency_ms: float
    status: int | None = None  # HTTP status, when the service answered
    body: Any = None
    error_kind: str | None = None
    error_detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_kind is None

    def error(self) -> dict[str, Any] | None:
        if self.ok:
            return None
        err: dict[str, Any] = {"kind": self.error_kind, "detail": self.error_detail}
        if self.status is not None:
            err["status"] = self.status
            err["body"] = self.body
        return err

    def report(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "required": self.required,
            "ok": self.ok,
            "status": self.status,
            "latency_ms": self.latency_ms,
            "error": self.error(),
        }


# -- the calls -------------------------------------------------------------------------------


async def fan_out(client: httpx.AsyncClient, sources: Sequence[Source]) -> list[Outcome]:
    results = await asyncio.gather(*(call(client, s) for s in sources), return_exceptions=True)
    outcomes = []
    for source, result in zip(sources, results, strict=True):
        if isinstance(result, Outcome):
            outcomes.append(result)
        elif isinstance(result, asyncio.CancelledError):
            raise result  # the caller went away: stop, do not report
        else:  # call() catches what it expects; anything else is still one source's failure
            outcomes.append(
                Outcome(
                    source.name,
                    source.required,
                    0.0,
                    error_kind=UNREACHABLE,
                    error_detail=f"{type(result).__name__}: {result}",
                )
            )
    return outcomes


async def call(client: httpx.AsyncClient, source: Source) -> Outcome:
    breaker = source.breaker
    if breaker is not None and not breaker.allow():
        return Outcome(
            source.name,
            source.required,
            0.0,
            error_kind=CIRCUIT_OPEN,
            error_detail=f"{source.name} failed repeatedly; not called for now.",
        )
    start = time.perf_counter()

    def done(**kwargs: Any) -> Outcome:
        latency = round((time.perf_counter() - start) * 1000, 1)
        return Outcome(source.name, source.required, latency, **kwargs)

    try:
        response = await client.request(
            source.method,
            source.url,
            headers=dict(source.headers),
            content=source.content,
            timeout=source.timeout or httpx.USE_CLIENT_DEFAULT,
        )
    except httpx.TimeoutException as exc:
        if breaker is not None:
            breaker.record_failure()
        return done(
            error_kind=TIMEOUT,
            error_detail=f"{source.name} did not answer in time ({type(exc).__name__}).",
        )
    except httpx.TransportError as exc:
        if breaker is not None:
            breaker.record_failure()
        return done(
            error_kind=UNREACHABLE,
            error_detail=f"{source.name} could not be reached ({type(exc).__name__}).",
        )
    if breaker is not None:
        if response.status_code in (502, 503, 504):
            breaker.record_failure()
        else:
            breaker.record_success()
    body = _body(response)
    if not response.is_success:
        return done(
            status=response.status_code,
            body=body,
            error_kind=HTTP_STATUS,
            error_detail=f"{source.name} answered {response.status_code}.",
        )
    if isinstance(body, _Unparsable):
        return done(
            status=response.status_code,
            error_kind=INVALID_BODY,
            error_detail=f"{source.name} answered with a body that is not JSON.",
        )
    return done(status=response.status_code, body=body)


class _Unparsable:
    pass


def _body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    ctype = response.headers.get("content-type", "")
    if "json" in ctype:
        try:
            return response.json()
        except ValueError:
            return _Unparsable()
    if response.is_success:
        return _Unparsable()
    return response.text


# -- the merge (pure) ------------------------------------------------------------------------


def merge(
    outcomes: Sequence[Outcome],
    part: Callable[[Outcome], Any] = lambda outcome: outcome.body,
) -> dict[str, Any]:
    """`{"data": {source: part|null}, "errors": {source: error}, "sources": [report…]}`.

    Raises ProblemError when a required source failed; the problem carries the same `sources`,
    and `errors` as `source_errors`, so a caller still sees what each service said.
    """
    data: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for outcome in outcomes:
        if outcome.ok:
            data[outcome.name] = part(outcome)
        else:
            data[outcome.name] = None
            errors[outcome.name] = outcome.error()
    sources = [o.report() for o in outcomes]
    failed = [o for o in outcomes if o.required and not o.ok]
    if failed:
        raise required_failure(failed, sources=sources, errors=errors)
    return {"data": data, "errors": errors, "sources": sources}


def required_failure(
    failed: Sequence[Outcome], *, sources: list[dict[str, Any]], errors: dict[str, Any]
) -> ProblemError:
    names = ", ".join(o.name for o in failed)
    if all(o.error_kind == TIMEOUT for o in failed):
        return ProblemError(
            GATEWAY_TIMEOUT,
            f"Required source(s) timed out: {names}.",
            sources=sources,
            source_errors=errors,
        )
    statuses = {o.status for o in failed if o.error_kind == HTTP_STATUS}
    if len(statuses) == 1 and all(o.error_kind == HTTP_STATUS for o in failed):
        status = statuses.pop()
        if status is not None and 400 <= status < 500:
            return ProblemError(
                UPSTREAM_CLIENT_ERROR,
                f"Every required source answered {status}: {names}.",
                status=status,
                sources=sources,
                source_errors=errors,
                errors=_their_errors(failed),
            )
    return ProblemError(
        BAD_GATEWAY, f"Required source(s) failed: {names}.", sources=sources, source_errors=errors
    )


def _their_errors(failed: Sequence[Outcome]) -> list[Any]:
    """The `errors` items of the services' problems, each once (they judged the same body)."""
    seen: list[Any] = []
    for outcome in failed:
        body = outcome.body
        items = body.get("errors") if isinstance(body, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item not in seen:
                seen.append(item)
    return seen
