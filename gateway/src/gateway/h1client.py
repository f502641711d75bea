"""A small keep-alive HTTP/1.1 client pool for the proxy's hot path: asyncio + httptools (llhttp).

Why not a general client: measured on the benchmark machine (docs/BENCHMARKS.md, "Gateway"), a
tuned aiohttp ClientSession costs ~170 µs of CPU per proxied request; this pool does the same
work in well under half of that, which is what lifts the gateway from ~0.45× to 0.8–0.9× of
nginx's throughput. It does only what a reverse proxy to known HTTP/1.1 upstreams needs:

- one pool per upstream, LIFO reuse, at most `size` connections, waiting up to `pool_timeout`;
  idle connections are dropped after `keepalive` seconds (below uvicorn's 5 s keep-alive);
- requests framed by us (Content-Length, or chunked when the length is unknown), so a client's
  framing headers never reach the upstream;
- responses parsed by llhttp (the parser Node.js uses), status/headers first, then the body as
  it arrives, with read back-pressure;
- a connect timeout and a read timeout (longest silence while waiting for any response bytes);
- a pooled connection is checked before reuse (one `poll(2)`): if the upstream has closed or
  reset it, or sent bytes nobody asked for, it is dropped and another one taken, so no request
  is ever written to a connection the upstream has closed; a connection that carried a 500 is not
  reused either (uvicorn closes the connection after an unhandled error, moments after the answer);
- a request on a reused connection that dies before any response byte is retried once on a new
  connection when it is replayable: body in memory, and an idempotent method or a POST with an
  Idempotency-Key (the service answers a replay from its record, never twice);
- an upstream that breaks HTTP/1.1 is an `UpstreamProtocolError` and its connection is dropped:
  a status outside 100–599 or a 101, a second response to one request, a head over `max_head`
  bytes or `max_headers` lines, a malformed body; interim (1xx) answers are skipped however they
  are split across reads.

It does not follow redirects, keep cookies, decompress, speak HTTP/2, or upgrade.
"""

from __future__ import annotations

import asyncio
import collections
import select
import ssl as ssl_
import time
from collections.abc import AsyncIterator
from typing import Any, cast
from urllib.parse import urlsplit

import httptools

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
READ_HIGH_WATER = 256 * 1024  # pause reading the upstream when this much body is unconsumed
MAX_HEAD = 64 * 1024  # an upstream's status line and headers, interim answers included
MAX_HEADERS = 256


class UpstreamProtocolError(ConnectionError):
    """The upstream broke HTTP/1.1 or closed the connection mid-response."""


class _Retryable(ConnectionError):
    """A reused connection died before any response byte: safe to replay once if idempotent."""


class _NotSent(ConnectionError):
    """The connection was gone before the request was written: safe to send on another."""


class Response:
    def __init__(
        self,
        connection: _Connection,
        status: int,
        headers: list[tuple[bytes, bytes]],
        head_only: bool,
    ) -> None:
        self._connection = connection
        self.status = status
        self.headers = headers
        self._head_only = head_only
        length = None
        for name, value in headers:
            if name == b"content-length" and value.isdigit():
                length = int(value)
        self.content_length = 0 if head_only else length

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.iter_chunks()])

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        if self._head_only:
            return
        connection = self._connection
        while True:
            chunk = await connection.next_chunk()
            if chunk is None:
                return
            yield chunk

    def release(self) -> None:
        """Return the connection to its pool if the response was read to its end, else close."""
        self._connection.pool.release(self._connection, reusable=not self._head_only)


class _Connection(asyncio.Protocol):
    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.idle_since = 0.0
        self.used = False  # has served a request before: a stale-connection failure is possible
        self.discarded = False
        self.in_pool = False
        self._loop = asyncio.get_running_loop()
        self._poll: select.poll | None = None
        self._reset()
        self._write_paused = False
        self._drain: asyncio.Future[None] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def _reset(self) -> None:
        self._headers: list[tuple[bytes, bytes]] = []
        self._head: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] | None = None
        self._chunks: collections.deque[bytes] = collections.deque()
        self._buffered = 0
        self._waiter: asyncio.Future[None] | None = None
        self._complete = False
        self._error: BaseException | None = None
        self._received_any = False
        self._last_data = 0.0
        self._until_close = False
        self._reading_paused = False
        self._interim = False  # inside a 1xx answer, which llhttp completes as a message
        self._head_bytes = 0  # read while the head was incomplete
        self._header_bytes = 0
        self._header_count = 0
        self._status = 0
        self.keep_alive = False

    # -- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        self.transport = cast(asyncio.Transport, transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and hasattr(select, "poll"):
            self._poll = select.poll()
            self._poll.register(sock.fileno(), select.POLLIN)

    def data_received(self, data: bytes) -> None:
        head = self._head
        if head is None or self._complete:  # bytes nobody asked for: drop the connection
            self.close()
            return
        self._received_any = True
        self._last_data = self._loop.time()
        pending_head = not head.done()
        if pending_head:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            cause = exc.__cause__ or exc.__context__
            reason = cause if isinstance(cause, UpstreamProtocolError) else exc
            self._fail(UpstreamProtocolError(f"invalid HTTP from upstream: {reason}"))
            self.close()
            return
        if pending_head and not head.done() and self._head_bytes > self.pool.max_head:
            # A head still incomplete after this many bytes (one endless header, say).
            self._fail(UpstreamProtocolError(f"upstream head exceeds {self.pool.max_head} bytes"))
            self.close()

    def eof_received(self) -> bool:
        self.closed = True  # connection_lost follows; no one may take this connection meanwhile
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._cancel_timer()
        if self._head is not None and not self._complete:
            if self._head.done() and self._until_close:
                self._finish()  # a body delimited by the connection's end
            elif not self._received_any and self.used:
                self._fail(_Retryable("reused connection closed before answering"))
            else:
                self._fail(UpstreamProtocolError("upstream closed the connection mid-response"))
        if self._drain is not None and not self._drain.done():
            self._drain.set_exception(ConnectionResetError("upstream closed the connection"))

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        if self._drain is not None and not self._drain.done():
            self._drain.set_result(None)

    # -- httptools callbacks -------------------------------------------------------------------

    # A callback that raises stops llhttp; feed_data then raises HttpParserCallbackError.

    def on_message_begin(self) -> None:
        if self._complete:  # llhttp parses on after a message: a second answer to one request
            raise UpstreamProtocolError("upstream sent a second response to one request")
        self._headers = []

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value)
        if self._header_count > self.pool.max_headers:
            raise UpstreamProtocolError(f"upstream sent over {self.pool.max_headers} headers")
        if self._header_bytes > self.pool.max_head:
            raise UpstreamProtocolError(f"upstream headers exceed {self.pool.max_head} bytes")
        self._headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if 100 <= status < 200 and status != 101:  # interim (100, 103): await the final answer
            self._interim = True
            return
        if not 200 <= status <= 599:  # 101 too: the pool never asks for an upgrade
            raise UpstreamProtocolError(f"upstream answered with status {status}")
        self._status = status
        headers = self._headers
        self._until_close = not any(
            n in (b"content-length", b"transfer-encoding") for n, _ in headers
        ) and status not in (204, 304)
        if self._head is not None and not self._head.done():
            self._head.set_result((status, headers))

    def on_body(self, body: bytes) -> None:
        self._chunks.append(body)
        self._buffered += len(body)
        if self._buffered > READ_HIGH_WATER and not self._reading_paused and self.transport:
            self._reading_paused = True
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        if self._interim:  # the end of a 1xx answer, not of the response
            self._interim = False
            return
        self.keep_alive = self.parser.should_keep_alive()
        self._finish()

    # -- the exchange --------------------------------------------------------------------------

    async def exchange(
        self,
        head: bytes,
        body: bytes | AsyncIterator[bytes] | None,
        chunked: bool,
        head_only: bool,
    ) -> Response:
        assert self.transport is not None
        if self.closed or self.transport.is_closing():
            raise _NotSent("connection closed before the request was written")
        self._reset()
        loop = self._loop
        self._head = loop.create_future()
        self._arm_timer()
        if body is None or isinstance(body, bytes):
            self.transport.write(head + body if body else head)
        else:
            self.transport.write(head)
            async for chunk in body:
                if self.closed:
                    break
                self._last_data = loop.time()  # a slow upload is not a silent upstream
                if chunked:
                    self.transport.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
                else:
                    self.transport.write(chunk)
                if self._write_paused:
                    self._drain = loop.create_future()
                    await self._drain
            if chunked and not self.closed:
                self.transport.write(b"0\r\n\r\n")
        self._last_data = loop.time()  # the read timeout counts from the end of the request
        status, headers = await self._head
        return Response(self, status, headers, head_only)

    async def next_chunk(self) -> bytes | None:
        while True:
            if self._chunks:
                chunk = self._chunks.popleft()
                self._buffered -= len(chunk)
                if self._reading_paused and self._buffered <= READ_HIGH_WATER // 2:
                    # A slow client paused our reading; the upstream was not the silent one.
                    self._last_data = self._loop.time()
                    self._reading_paused = False
                    if self.transport is not None:
                        self.transport.resume_reading()
                return chunk
            if self._error is not None:
                raise self._error
            if self._complete:
                return None
            self._waiter = self._loop.create_future()
            await self._waiter

    # -- internals -----------------------------------------------------------------------------

    def _finish(self) -> None:
        self._complete = True
        self._cancel_timer()
        self._wake()

    def _fail(self, exc: BaseException) -> None:
        if self._error is None:
            self._error = exc
        if self._head is not None and not self._head.done():
            self._head.set_exception(exc)
        self._cancel_timer()
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _arm_timer(self) -> None:
        # One timer per request, re-armed only when it fires early (cheaper than a reschedule
        # on every chunk).
        self._last_data = self._loop.time()
        self._timer = self._loop.call_at(self._last_data + self.pool.read_timeout, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        if self._complete or self._error is not None:
            return
        now = self._loop.time()
        if self._reading_paused:  # a slow client paused our reading: the upstream is not silent
            self._last_data = now
        due = self._last_data + self.pool.read_timeout
        if now < due:
            self._timer = self._loop.call_at(due, self._on_timer)
            return
        self._fail(TimeoutError(f"no answer from upstream within {self.pool.read_timeout} s"))
        self.close()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def reusable(self) -> bool:
        return (
            self._complete
            and self.keep_alive
            and not self.closed
            and self._error is None
            and not self._until_close
            and self._status != 500  # uvicorn closes the connection after an unhandled error
        )

    def idle_alive(self) -> bool:
        """May this pooled connection take a request? Not if the upstream closed or reset it or
        sent unasked bytes: any of these makes its socket readable, seen before the event loop
        has run our callbacks for it."""
        if self.closed:
            return False
        return self._poll is None or not self._poll.poll(0)

    def close(self) -> None:
        self.closed = True
        self._cancel_timer()
        head = self._head
        if head is not None and not head.done():
            # Whoever may still await the head gets an error, never a stray CancelledError; the
            # exception is marked retrieved in case nobody does (the request was abandoned).
            head.set_exception(UpstreamProtocolError("connection closed before the response"))
            head.exception()
        if self.transport is not None:
            self.transport.close()


class Pool:
    """Connections to one upstream (host, port)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        size: int = 100,
        connect_timeout: float = 2.0,
        read_timeout: float = 30.0,
        pool_timeout: float = 5.0,
        keepalive: float = 4.0,
        max_head: int = MAX_HEAD,
        max_headers: int = MAX_HEADERS,
        ssl: ssl_.SSLContext | None = None,
    ) -> None:
        self.host, self.port = host, port
        self.ssl = ssl
        default_port = 443 if ssl else 80
        self.host_header = (host if port == default_port else f"{host}:{port}").encode("latin-1")
        self.size = size
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.pool_timeout = pool_timeout
        self.keepalive = keepalive
        self.max_head = max_head
        self.max_headers = max_headers
        self._idle: list[_Connection] = []
        self._open = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._closed = False

    @classmethod
    def for_url(cls, url: str, **options: Any) -> Pool:
        """A pool for an `http://` or `https://` base URL (its path is the caller's business)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"upstream URL must be http(s)://host[:port]: {url!r}")
        tls = ssl_.create_default_context() if parts.scheme == "https" else None
        port = parts.port or (443 if tls else 80)
        return cls(parts.hostname, port, ssl=tls, **options)

    async def request(
        self,
        method: str,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes | AsyncIterator[bytes] | None = None,
        content_length: int | None = None,
    ) -> Response:
        """Send a request; the caller must `release()` the response once done with it."""
        parts = [
            method.encode("ascii"),
            b" ",
            target,
            b" HTTP/1.1\r\nhost: ",
            self.host_header,
            b"\r\n",
        ]
        for name, value in headers:
            parts += [name, b": ", value, b"\r\n"]
        chunked = False
        if isinstance(body, bytes):
            if body or method not in ("GET", "HEAD", "DELETE", "OPTIONS"):
                parts += [b"content-length: ", str(len(body)).encode(), b"\r\n"]
        elif body is not None:
            if content_length is not None:
                parts += [b"content-length: ", str(content_length).encode(), b"\r\n"]
            else:
                chunked = True
                parts.append(b"transfer-encoding: chunked\r\n")
        parts.append(b"\r\n")
        head = b"".join(parts)
        replayable = (body is None or isinstance(body, bytes)) and (
            method in IDEMPOTENT
            or (method == "POST" and any(n == b"idempotency-key" for n, _ in headers))
        )
        head_only = method == "HEAD"
        for attempt in (1, 2):
            connection = await self._acquire(fresh=attempt == 2)
            try:
                response = await connection.exchange(head, body, chunked, head_only)
            except _NotSent:
                self.release(connection, reusable=False)
                if attempt == 1:
                    continue
                raise UpstreamProtocolError("upstream closed the connection") from None
            except _Retryable:
                self.release(connection, reusable=False)
                if replayable and attempt == 1:
                    continue
                raise UpstreamProtocolError("upstream closed the connection") from None
            except BaseException:
                self.release(connection, reusable=False)
                raise
            return response
        raise AssertionError("unreachable")

    async def _acquire(self, *, fresh: bool) -> _Connection:
        now = time.monotonic()
        while self._idle and not fresh:
            connection = self._idle.pop()
            connection.in_pool = False
            if now - connection.idle_since < self.keepalive and connection.idle_alive():
                return connection
            self._discard(connection)
        if self._open >= self.size:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, self.pool_timeout)
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
            return await self._acquire(fresh=fresh)
        self._open += 1
        try:
            loop = asyncio.get_running_loop()
            _, connection = await asyncio.wait_for(
                loop.create_connection(
                    lambda: _Connection(self),
                    self.host,
                    self.port,
                    ssl=self.ssl,
                    server_hostname=self.host if self.ssl else None,
                ),
                self.connect_timeout,
            )
        except BaseException:
            self._open -= 1
            self._wake_one()
            raise
        return connection

    def release(self, connection: _Connection, *, reusable: bool) -> None:
        if connection.discarded or connection.in_pool:
            return  # released already
        if reusable and connection.reusable() and not self._closed:
            connection.used = True
            connection.in_pool = True
            connection.idle_since = time.monotonic()
            self._idle.append(connection)
        else:
            self._discard(connection)
        self._wake_one()

    def _discard(self, connection: _Connection) -> None:
        if not connection.discarded:
            connection.discarded = True
            self._open -= 1
            connection.close()

    def _wake_one(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def close(self) -> None:
        self._closed = True
        for connection in self._idle:
            self._discard(connection)
        self._idle.clear()

    def stats(self) -> dict[str, Any]:
        return {"open": self._open, "idle": len(self._idle), "waiting": len(self._waiters)}
