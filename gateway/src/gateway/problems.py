"""Problem types only the gateway returns (the shared ones live in govkit.http.problem)."""

from __future__ import annotations

from govkit.http.problem import problem_type

CIRCUIT_OPEN = problem_type(
    "upstream-circuit-open",
    503,
    "Upstream service temporarily unavailable",
    "A service failed repeatedly; the gateway stops calling it for a few seconds instead of "
    "making every request wait for a timeout. Retry after Retry-After.",
)
UPSTREAMS_NOT_READY = problem_type(
    "upstreams-not-ready",
    503,
    "Gateway not ready",
    "No service behind this gateway replica answers its readiness check (one service down leaves "
    "the gateway ready, with that service in `not_ready`); `upstreams` lists each.",
)
UPSTREAM_CLIENT_ERROR = problem_type(
    "upstream-rejected",
    400,
    "Every service rejected the request",
    "An aggregated request was refused with the same client error by every service that failed; "
    "the status is theirs and `sources` lists each answer.",
)
