"""The gateway's HTTP server: uvicorn's httptools protocol with the limits a front door needs.

uvicorn bounds neither the request head nor the time it may take to arrive, and answers what
llhttp cannot parse with a text/plain 400. In front of the services that is a way to hold
memory and connections for free, so this protocol adds:

- headers over `max_header_bytes` (names and values) or `max_headers` lines → 431 problem; a
  request target over 8 KiB → 414 problem; counted as the head arrives, so an endless header
  is refused once the limit is passed, not buffered;
- a head not complete within `header_timeout` seconds of the connection or of the request's
  first byte → 408 problem, or the connection simply closed when not a byte of a request came;
- a request llhttp refuses → a 400 problem, unless an answer is already under way on the
  connection (nothing more can be said then: it is closed).

Each of these answers ends the connection, what else the client sent cannot be framed: the
answer is sent, our side shut down, and whatever still arrives read and dropped for up to
`LINGER_SECONDS` before the close (a close with unread input would reset the connection and
could destroy the answer before the client reads it).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import httptools
import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from gateway.config import GatewaySettings
from gateway.problems import BAD_REQUEST, HEADERS_TOO_LARGE, REQUEST_TIMEOUT, URI_TOO_LONG
from govkit.http.problem import PROBLEM_MEDIA_TYPE, ProblemType, problem_body

log = logging.getLogger("gateway.server")

MAX_TARGET_BYTES = 8 * 1024
LINGER_SECONDS = 2.0


class _Refused(Exception):
    """Raised from a parser callback to stop llhttp; the refusal is on the protocol."""


class FrontDoorProtocol(HttpToolsProtocol):
    max_header_bytes = 16 * 1024
    max_headers = 100
    header_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = False  # between a request's first byte and the end of its head
        self._head_began_in_read = False
        self._head_read = 0  # bytes of the reads made while the head stayed incomplete
        self._target_bytes = 0
        self._header_bytes = 0
        self._header_count = 0
        self._refusal: tuple[ProblemType, str] | None = None
        self._header_timer: asyncio.TimerHandle | None = None
        self._lingering = False

    # -- connection ----------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            return  # after a refusal: read and dropped until the close
        self._unset_keepalive_if_required()
        self._head_began_in_read = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError as exc:
            refusal = self._refusal or (BAD_REQUEST, f"The request is not valid HTTP/1.1: {exc}.")
            self._refuse(*refusal)
            return
        if self._head_open and not self._head_began_in_read:
            # Part of a header llhttp is still collecting (one endless header, say).
            self._head_read += len(data)
            if self._head_read > self.max_header_bytes + MAX_TARGET_BYTES:
                self._refuse(HEADERS_TOO_LARGE, self._too_large_detail())

    # -- parser callbacks ----------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._head_began_in_read = True
        self._head_read = self._target_bytes = self._header_bytes = self._header_count = 0
        self._arm_header_timer()

    def on_url(self, url: bytes) -> None:
        self._target_bytes += len(url)
        if self._target_bytes > MAX_TARGET_BYTES:
            self._refusal = (URI_TOO_LONG, f"The request target exceeds {MAX_TARGET_BYTES} bytes.")
            raise _Refused
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value)
        if self._header_count > self.max_headers or self._header_bytes > self.max_header_bytes:
            self._refusal = (HEADERS_TOO_LARGE, self._too_large_detail())
            raise _Refused
        # uvicorn's own on_header, inline: this runs for every header of every request.
        name = name.lower()
        if name == b"expect" and value.lower() == b"100-continue":
            self.expect_100_continue = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self._head_open = False
        self._cancel_header_timer()
        super().on_headers_complete()

    # -- refusals ------------------------------------------------------------------------------

    def _too_large_detail(self) -> str:
        return (
            f"Request headers are limited to {self.max_headers} fields and "
            f"{self.max_header_bytes} bytes."
        )

    def _refuse(self, ptype: ProblemType, detail: str) -> None:
        self._cancel_header_timer()
        self._refusal = None
        transport = self.transport
        if transport.is_closing():
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started and not cycle.response_complete:
            transport.close()  # mid-answer: a problem document would corrupt the answer
            return
        rid = uuid.uuid4().hex
        client = f"{self.client[0]}:{self.client[1]}" if self.client else None
        log.warning(
            "refused: %s",
            detail,
            extra={"status": ptype.status, "client": client, "refused_request_id": rid},
        )
        body = orjson.dumps(problem_body(ptype, detail=detail, request_id=rid))
        content = [STATUS_LINE[ptype.status]]
        for name, value in self.server_state.default_headers:
            content += [name, b": ", value, b"\r\n"]
        content += [
            b"content-type: ",
            PROBLEM_MEDIA_TYPE.encode(),
            b"\r\ncontent-length: ",
            str(len(body)).encode(),
            b"\r\nx-request-id: ",
            rid.encode(),
            b"\r\nconnection: close\r\n\r\n",
            body,
        ]
        transport.write(b"".join(content))
        self._lingering = True
        if transport.can_write_eof():
            transport.write_eof()
            self.loop.call_later(LINGER_SECONDS, transport.close)
        else:
            transport.close()

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        if self._head_open:
            detail = f"The request head did not arrive within {self.header_timeout:g} s."
            self._refuse(REQUEST_TIMEOUT, detail)
        elif self.cycle is None:  # not a byte of a request since the connection was made
            self.transport.close()


def protocol_class(settings: GatewaySettings) -> type[FrontDoorProtocol]:
    class GatewayHttpProtocol(FrontDoorProtocol):
        max_header_bytes = settings.max_header_bytes
        max_headers = settings.max_headers
        header_timeout = settings.header_timeout

    return GatewayHttpProtocol


def config(
    app: Any, host: str, port: int, settings: GatewaySettings, **options: Any
) -> uvicorn.Config:
    """The server's configuration, for `python -m gateway` and for tests alike."""
    values: dict[str, Any] = {
        "host": host,
        "port": port,
        "loop": "uvloop",
        "http": protocol_class(settings),
        "lifespan": "on",
        "access_log": False,  # the gateway writes its own JSON access log (govkit.access)
        "log_config": None,  # keep govkit's JSON logging
        "server_header": False,
        "proxy_headers": False,  # X-Forwarded-For is the gateway's to write, not to trust
        "timeout_keep_alive": 5,
    }
    values.update(options)
    return uvicorn.Config(app, **values)
