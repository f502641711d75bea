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
    "At least one service behind the gateway is unreachable or not ready; `upstreams` lists each.",
)
UPSTREAM_CLIENT_ERROR = problem_type(
    "upstream-rejected",
    400,
    "Every service rejected the request",
    "An aggregated request was refused with the same client error by every service that failed; "
    "the status is theirs and `sources` lists each answer.",
)

# The front door's own answers (gateway.server), written before any routing.
BAD_REQUEST = problem_type(
    "malformed-request",
    400,
    "Malformed HTTP request",
    "The request is not valid HTTP/1.1 (request line, header syntax or body framing); the "
    "gateway answers and closes the connection.",
)
REQUEST_TIMEOUT = problem_type(
    "request-head-timeout",
    408,
    "Request head too slow",
    "The request line and headers did not arrive within the gateway's header timeout; the "
    "connection is closed.",
)
URI_TOO_LONG = problem_type(
    "uri-too-long", 414, "Request target too long", "The request target exceeds 8 KiB."
)
HEADERS_TOO_LARGE = problem_type(
    "request-headers-too-large",
    431,
    "Request headers too large",
    "The request has more header fields, or more bytes of them, than the gateway accepts; "
    "`detail` gives the limits.",
)
