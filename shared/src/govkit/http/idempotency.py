"""Idempotency-Key for POSTs that move money or change state irreversibly.

Semantics (per client): the first request with a key runs and its response is stored in the same
transaction as its writes; a replay with the same body returns the stored response; the same key
with another body → 422; a replay while the first is still running → 409. A transaction-scoped
advisory lock on (client, key) tells "in flight" apart without blocking.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

import orjson
from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.db import get_session
from govkit.http.auth import Principal
from govkit.http.problem import (
    IDEMPOTENCY_IN_FLIGHT,
    IDEMPOTENCY_MISMATCH,
    IDEMPOTENCY_REQUIRED,
    VALIDATION,
    ProblemError,
)

REPLAY_HEADER = "Idempotent-Replayed"


def request_fingerprint(method: str, path: str, body: Any) -> str:
    canonical = orjson.dumps(jsonable_encoder(body), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


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
        locked = await self.session.scalar(
            text("SELECT pg_try_advisory_xact_lock(hashtextextended(:k, 0))"),
            {"k": f"idem\x1f{self._client}\x1f{self.key}"},
        )
        if not locked:
            raise ProblemError(IDEMPOTENCY_IN_FLIGHT, headers={"Retry-After": "1"})
        row = (
            await self.session.execute(
                text(
                    "SELECT request_hash, response_status, response_body, response_headers "
                    "FROM idempotency_keys WHERE client_id = :c AND key = :k"
                ),
                {"c": self._client, "k": self.key},
            )
        ).first()
        if row is None:
            return None
        if row.request_hash != self._hash:
            raise ProblemError(IDEMPOTENCY_MISMATCH, idempotency_key=self.key)
        headers = dict(row.response_headers or {})
        headers[REPLAY_HEADER] = "true"
        return Response(
            row.response_body,
            status_code=row.response_status,
            media_type="application/json",
            headers=headers,
        )

    async def finish(
        self, content: Any, *, status_code: int = 201, headers: dict[str, str] | None = None
    ) -> JSONResponse:
        """Store the response with the request's writes, and return it."""
        body = orjson.dumps(jsonable_encoder(content))
        if self.key is not None and self._client is not None:
            await self.session.execute(
                text(
                    "INSERT INTO idempotency_keys (client_id, key, method, path, request_hash, "
                    "response_status, response_body, response_headers) "
                    "VALUES (:c, :k, :m, :p, :h, :s, :b, CAST(:hd AS json))"
                ),
                {
                    "c": self._client,
                    "k": self.key,
                    "m": self.request.method,
                    "p": self.request.url.path,
                    "h": self._hash,
                    "s": status_code,
                    "b": body,
                    "hd": orjson.dumps(headers or {}).decode(),
                },
            )
        return JSONResponse(content=orjson.loads(body), status_code=status_code, headers=headers)


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
