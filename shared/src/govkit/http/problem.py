"""RFC 9457 problem details for every error the stack can return.

Problem types are relative URIs under /problems/; `GET /problems` on any service and the gateway
documents them. Nothing the stack returns on error is HTML or plain text.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("govkit.problem")

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str

    @property
    def uri(self) -> str:
        return f"/problems/{self.slug}"


_CATALOGUE: dict[str, ProblemType] = {}


def problem_type(slug: str, status: int, title: str, description: str) -> ProblemType:
    """Register a documented problem type (idempotent for the same slug)."""
    pt = ProblemType(slug, status, title, description)
    _CATALOGUE.setdefault(slug, pt)
    return _CATALOGUE[slug]


def problem_catalogue() -> list[ProblemType]:
    return sorted(_CATALOGUE.values(), key=lambda p: (p.status, p.slug))


VALIDATION = problem_type(
    "validation-error",
    422,
    "Request is not valid",
    "The body, query or path failed validation; `errors[]` lists each failure with a JSON pointer.",
)
UNAUTHENTICATED = problem_type(
    "unauthenticated",
    401,
    "Authentication required",
    "No bearer token, or it is invalid or expired.",
)
FORBIDDEN = problem_type(
    "forbidden", 403, "Missing scope", "The token lacks a scope the operation requires."
)
NOT_FOUND = problem_type("not-found", 404, "Not found", "No resource at this path or with this ID.")
METHOD_NOT_ALLOWED = problem_type(
    "method-not-allowed", 405, "Method not allowed", "The path exists but not for this method."
)
CONFLICT = problem_type(
    "conflict", 409, "Conflict", "The request conflicts with the resource's current state."
)
VERSION_MISMATCH = problem_type(
    "version-mismatch", 412, "Precondition failed", "If-Match does not name the current version."
)
PRECONDITION_REQUIRED = problem_type(
    "precondition-required", 428, "If-Match required", "State transitions need If-Match."
)
IDEMPOTENCY_IN_FLIGHT = problem_type(
    "idempotency-key-in-flight",
    409,
    "Request with this Idempotency-Key is in progress",
    "Retry after the first request finishes; its response will then be replayed.",
)
IDEMPOTENCY_MISMATCH = problem_type(
    "idempotency-key-reused",
    422,
    "Idempotency-Key reused with another body",
    "An Idempotency-Key identifies one request; use a new key for a different body.",
)
IDEMPOTENCY_REQUIRED = problem_type(
    "idempotency-key-required",
    428,
    "Idempotency-Key required",
    "This operation moves money or changes state irreversibly; send an Idempotency-Key header.",
)
TOO_LARGE = problem_type(
    "payload-too-large", 413, "Request body too large", "The body exceeds the size limit."
)
UNSUPPORTED_MEDIA = problem_type(
    "unsupported-media-type", 415, "Unsupported media type", "Send the body as application/json."
)
RULE_VIOLATION = problem_type(
    "rule-violation",
    422,
    "A policy rule forbids this",
    "The operation breaks a rule of the policy; `rule_id` and `clause` name it.",
)
RATE_LIMITED = problem_type(
    "rate-limited", 429, "Too many requests", "The client exceeded its rate limit; see Retry-After."
)
INTERNAL = problem_type(
    "internal-error", 500, "Internal error", "An unexpected error; the request ID identifies it."
)
BAD_GATEWAY = problem_type(
    "upstream-unavailable",
    502,
    "Upstream service unavailable",
    "The gateway could not get an answer from a service.",
)
GATEWAY_TIMEOUT = problem_type(
    "upstream-timeout",
    504,
    "Upstream service timed out",
    "A service did not answer within the gateway's timeout.",
)
SERVICE_UNAVAILABLE = problem_type(
    "not-ready",
    503,
    "Service not ready",
    "The database is unreachable or migrations are not at head.",
)
_BY_STATUS = {
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    409: CONFLICT,
    413: TOO_LARGE,
    415: UNSUPPORTED_MEDIA,
    422: VALIDATION,
    429: RATE_LIMITED,
    500: INTERNAL,
    502: BAD_GATEWAY,
    503: SERVICE_UNAVAILABLE,
    504: GATEWAY_TIMEOUT,
}


class ProblemError(Exception):
    """Raise anywhere in a request to answer with a problem document."""

    def __init__(
        self,
        ptype: ProblemType,
        detail: str | None = None,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or ptype.title)
        self.ptype = ptype
        self.status = status or ptype.status
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_body(
    ptype: ProblemType,
    *,
    status: int | None = None,
    detail: str | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": ptype.uri,
        "title": ptype.title,
        "status": status or ptype.status,
        "code": ptype.slug,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return body


def problem_response(
    ptype: ProblemType,
    *,
    status: int | None = None,
    detail: str | None = None,
    request: Request | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    from govkit.http.request_id import current_request_id

    rid = current_request_id()
    if rid:
        extensions.setdefault("request_id", rid)
    body = problem_body(
        ptype,
        status=status,
        detail=detail,
        instance=str(request.url.path) if request is not None else None,
        **extensions,
    )
    return JSONResponse(
        body, status_code=body["status"], media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _pointer(loc: Sequence[Any]) -> tuple[str, str]:
    """FastAPI's error location → (where, JSON pointer); body pointers are into the JSON body."""
    if not loc:
        return "body", "#"
    where = str(loc[0])
    rest = [str(p).replace("~", "~0").replace("/", "~1") for p in loc[1:]]
    if where == "body":
        return "body", "#/" + "/".join(rest) if rest else "#"
    return where, "#/" + "/".join(rest)


def validation_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        where, pointer = _pointer(err.get("loc", ()))
        item: dict[str, Any] = {
            "in": where,
            "pointer": pointer,
            "detail": err.get("msg", "invalid"),
            "type": err.get("type", "value_error"),
        }
        if where != "body" and len(err.get("loc", ())) > 1:
            item["name"] = str(err["loc"][1])
        out.append(item)
    return out


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    malformed = any(e["type"] == "json_invalid" for e in errors)
    return problem_response(
        VALIDATION,
        detail="The request body is not valid JSON." if malformed else "The request is not valid.",
        request=request,
        errors=errors,
    )


# FastAPI's answer to a JSON body it cannot decode (not UTF-8): the same failure as malformed JSON,
# so it is the documented 422 every operation lists, not an undocumented 400.
_BODY_PARSE_ERROR = "There was an error parsing the body"


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _BODY_PARSE_ERROR:
        return problem_response(
            VALIDATION,
            detail="The request body is not valid JSON.",
            request=request,
            errors=[
                {
                    "in": "body",
                    "pointer": "#",
                    "detail": "The body is not UTF-8 encoded JSON.",
                    "type": "json_invalid",
                }
            ],
        )
    ptype = _BY_STATUS.get(exc.status_code)
    if ptype is None:
        ptype = problem_type(
            f"http-{exc.status_code}", exc.status_code, "HTTP error", "A generic HTTP error."
        )
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != ptype.title else None
    return problem_response(
        ptype, status=exc.status_code, detail=detail, request=request, headers=exc.headers
    )


async def _problem_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.ptype,
        status=exc.status,
        detail=exc.detail,
        request=request,
        headers=exc.headers,
        **exc.extensions,
    )


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(INTERNAL, request=request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(ProblemError, _problem_handler)
    app.add_exception_handler(Exception, _unhandled_handler)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": pt.title,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for status, pt in _BY_STATUS.items()
    if status in (401, 403, 422)
}
