"""Request guards applied before routing: body size (413), media type (415) and NUL (422)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govkit.http.problem import (
    PROBLEM_MEDIA_TYPE,
    TOO_LARGE,
    UNSUPPORTED_MEDIA,
    VALIDATION,
    problem_body,
)
from govkit.http.request_id import current_request_id

JSON_TYPES = ("application/json", "application/merge-patch+json")
# `\u0000` in a JSON string: preceded by an odd number of backslashes, i.e. not an escaped `\\`.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_NUL_DETAIL = "Text may not contain the NUL character (U+0000)."


async def send_problem(
    send: Send, body: dict[str, object], headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    rid = current_request_id()
    if rid:
        body.setdefault("request_id", rid)
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": body["status"],
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class _TooLarge(Exception):
    pass


class BodyGuardMiddleware:
    """Refuse bodies over `max_bytes` (declared or streamed) and bodies that are not JSON.

    `extra_media_types` lets a service accept e.g. text/csv on its import endpoints.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int = 1_048_576, extra_media_types: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowed = (*JSON_TYPES, *extra_media_types)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # PostgreSQL text cannot hold U+0000: refuse it where the client put it, before any
        # handler can pass it on to the database and fail there.
        if "\x00" in scope["path"]:
            await send_problem(send, _nul_problem(scope, "path"))
            return
        if b"%00" in scope["query_string"] or b"\x00" in scope["query_string"]:
            await send_problem(send, _nul_problem(scope, "query"))
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await send_problem(send, self._too_large(scope))
            return
        ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        has_body = (length is not None and length != b"0") or b"transfer-encoding" in headers
        if has_body and ctype not in self.allowed:
            await send_problem(
                send,
                problem_body(
                    UNSUPPORTED_MEDIA,
                    detail=f"Content-Type {ctype or '(none)'} is not accepted; "
                    f"use one of {', '.join(self.allowed)}.",
                    instance=scope["path"],
                ),
            )
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        downstream: Receive = limited_receive
        try:
            if has_body and ctype in JSON_TYPES:
                body = await _read_all(limited_receive)
                if _JSON_NUL.search(body):
                    await send_problem(send, _nul_problem(scope, "body"))
                    return
                downstream = _replay(body, receive)
            await self.app(scope, downstream, tracking_send)
        except _TooLarge:
            if not started:
                await send_problem(send, self._too_large(scope))

    def _too_large(self, scope: Scope) -> dict[str, object]:
        return problem_body(
            TOO_LARGE, detail=f"The body exceeds {self.max_bytes} bytes.", instance=scope["path"]
        )


def _nul_problem(scope: Scope, where: str) -> dict[str, object]:
    return problem_body(
        VALIDATION,
        detail=_NUL_DETAIL,
        instance=scope["path"],
        errors=[{"in": where, "pointer": "#", "detail": _NUL_DETAIL, "type": "string_nul"}],
    )


async def _read_all(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body already read, as one message; then whatever the client sends next (disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
