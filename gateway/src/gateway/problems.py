"""Problem types only the gateway returns (the shared ones live in govkit.http.problem), and the
OpenAPI responses that document the gateway's own answers."""

from __future__ import annotations

from typing import Any

from govkit.http.problem import (
    BAD_GATEWAY,
    GATEWAY_TIMEOUT,
    PROBLEM_MEDIA_TYPE,
    RATE_LIMITED,
    problem_type,
)

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


# -- documented answers ----------------------------------------------------------------------


def documented_problem(description: str, *, retry_after: bool = False) -> dict[str, Any]:
    """An OpenAPI response whose body is a problem document."""
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if retry_after:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {"type": "integer", "minimum": 0},
            }
        }
    return response


RATE_LIMITED_RESPONSE = documented_problem(
    f"The client exceeded its rate limit at the gateway ({RATE_LIMITED.uri}); retry after "
    "`Retry-After` seconds.",
    retry_after=True,
)
BAD_GATEWAY_RESPONSE = documented_problem(
    f"The gateway got no valid answer from the service: unreachable, the connection lost, or an "
    f"answer that is not valid HTTP ({BAD_GATEWAY.uri}). An idempotent request, or a POST with "
    "its Idempotency-Key, may be retried as it is."
)
CIRCUIT_OPEN_RESPONSE = documented_problem(
    f"The service failed repeatedly; the gateway does not call it until `Retry-After` has "
    f"passed ({CIRCUIT_OPEN.uri}).",
    retry_after=True,
)
GATEWAY_TIMEOUT_RESPONSE = documented_problem(
    f"The service did not answer within the gateway's timeout ({GATEWAY_TIMEOUT.uri})."
)

# What the gateway itself may answer on every forwarded operation, besides the service's own
# answers (its 401 for a missing or bad token is the service's too).
FORWARDED_RESPONSES: dict[str, dict[str, Any]] = {
    "429": RATE_LIMITED_RESPONSE,
    "502": BAD_GATEWAY_RESPONSE,
    "503": CIRCUIT_OPEN_RESPONSE,
    "504": GATEWAY_TIMEOUT_RESPONSE,
}
