"""Idempotency-Key for POSTs that move money or change state irreversibly.

Semantics (per client): the first request with a key runs and its response is stored in the same
transaction as its writes; a replay with the same body returns the stored response; the same key
with another body → 422; a replay while the first is still running → 409. A transaction-scoped
advisory lock on (client, key) tells "in flight" apart without blocking.

The look-up runs after the lock, in its own statement: in READ COMMITTED each statement sees what
was committed before it began, so a first request that committed while this one waited for the
lock is seen (one statement doing both would look with a snapshot older than the lock). Both
statements, and the insert of the answer, run on the session's asyncpg connection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import orjson
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import driver_connection, get_session
from govkit.http.auth import Principal
from govkit.http.problem import (
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    IDEMPOTENCY_REQUIRED,
    VALIDATION,
    ProblemError,
)

REPLAY_HEADER = "Idempotent-Replayed"

_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))"
_LOOK_UP = (
    "SELECT request_hash, response_status, response_body, response_headers::text AS headers "
    "FROM idempotency_keys WHERE client_id = $1 AND key = $2"
)
_STORE = (
    "INSERT INTO idempotency_keys (client_id, key, method, path, request_hash, response_status, "
    "response_body, response_headers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::json)"
)
# Types orjson would encode its own way: jsonable_encoder decides them, as it always has.
_PASSTHROUGH = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _plain(value: Any) -> Any:
    """A pydantic model as JSON values (what jsonable_encoder makes of it, without its walk)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(value)


def encode_json(content: Any, *, sort_keys: bool = False) -> bytes:
    """JSON bytes of `content` as `orjson.dumps(jsonable_encoder(content))` would give them.

    orjson walks plain dicts, lists and scalars itself; anything else (models, Decimal, dates,
    dataclasses…) goes through jsonable_encoder, so the result is what it always was.
    """
    option = _PASSTHROUGH | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    try:
        return orjson.dumps(content, default=_plain, option=option)
    except TypeError:  # e.g. non-string keys: the encoder's own walk
        return orjson.dumps(
            jsonable_encoder(content), option=orjson.OPT_SORT_KEYS if sort_keys else None
        )


def request_fingerprint(method: str, path: str, body: Any) -> str:
    canonical = encode_json(body, sort_keys=True)
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


class EncodedJSONResponse(JSONResponse):
    """A JSONResponse whose body is already encoded (bytes are sent as they are)."""

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return super().render(content)


class Idempotency:
    def __init__(self, request: Request, session: AsyncSession, key: str | None) -> None:
        self.request, self.session, self.key = request, session, key
        self._client: str | None = None
        self._hash: str | None = None

    async def begin(
        self, principal: Principal, body: Any, *, required: bool = False
    ) -> Response | None:
        """Return the stored response for a replay, or None to go ahead."""
        if self.key is None:
            if required:
                raise ProblemError(IDEMPOTENCY_REQUIRED)
            return None
        if not (1 <= len(self.key) <= 200) or not self.key.isprintable():
            raise ProblemError(VALIDATION, "Idempotency-Key must be 1–200 printable characters.")
        self._client = principal.client_id
        self._hash = request_fingerprint(self.request.method, self.request.url.path, body)
        conn = await driver_connection(self.session)
        if not await conn.fetchval(_LOCK, f"idem\x1f{self._client}\x1f{self.key}"):
            raise ProblemError(IDEMPOTENCY_IN_FLIGHT, headers={"Retry-After": "1"})
        row = await conn.fetchrow(_LOOK_UP, self._client, self.key)
        if row is None:
            return None
        if row["request_hash"] != self._hash:
            raise ProblemError(IDEMPOTENCY_MISMATCH, idempotency_key=self.key)
        headers = dict(orjson.loads(row["headers"]) or {})
        headers[REPLAY_HEADER] = "true"
        return Response(
            bytes(row["response_body"]),
            status_code=row["response_status"],
            media_type="application/json",
            headers=headers,
        )

    async def finish(
        self, content: Any, *, status_code: int = 201, headers: dict[str, str] | None = None
    ) -> JSONResponse:
        """Store the response with the request's writes, and return it."""
        body = encode_json(content)
        if self.key is not None and self._client is not None:
            conn = await driver_connection(self.session)
            await conn.execute(
                _STORE,
                self._client,
                self.key,
                self.request.method,
                self.request.url.path,
                self._hash,
                status_code,
                body,
                orjson.dumps(headers or {}).decode(),
            )
        return EncodedJSONResponse(body, status_code=status_code, headers=headers)


async def _idempotency(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session, scope="function")],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Unique per request; a retry with the same key replays the first answer.",
        ),
    ] = None,
) -> Idempotency:
    return Idempotency(request, session, idempotency_key)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]


Create = Callable[[], Awaitable[tuple[BaseModel, dict[str, str] | None]]]


async def create_once(
    idem: Idempotency,
    principal: Principal,
    body: BaseModel,
    create: Create,
    *,
    response: Response | None = None,
) -> Response | BaseModel:
    """Answer 201 with what `create` makes (the body and its headers), or replay a retry.

    The answer is stored for replay. Given `response`, a request without a key gets the model
    itself (serialised by its route), the headers set on `response`.
    """
    replay = await idem.begin(principal, body)
    if replay is not None:
        return replay
    out, headers = await create()
    if response is not None and idem.key is None:
        response.headers.update(headers or {})
        return out
    return await idem.finish(out.model_dump(mode="json"), status_code=201, headers=headers)
