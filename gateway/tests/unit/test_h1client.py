"""The proxy's HTTP/1.1 pool against a scripted server that misbehaves in every way we handle."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from gateway.h1client import Pool, UpstreamProtocolError

OK = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"


class Scripted:
    """Answers by request path; counts connections and records what arrived."""

    def __init__(self) -> None:
        self.connections = 0
        self.bodies: list[bytes] = []
        self.heads: list[bytes] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Scripted:
        self._server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        drop_next = False
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                self.heads.append(head)
                body = await self.read_body(head, reader)
                self.bodies.append(body)
                path = head.split(b" ", 2)[1]
                if drop_next:  # the keep-alive race: the request arrives as the server hangs up
                    return
                drop_next = path == b"/drop-next"
                keep = await self.answer(path, writer)
                await writer.drain()
                if not keep:
                    writer.close()
                    return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    @staticmethod
    async def read_body(head: bytes, reader: asyncio.StreamReader) -> bytes:
        lower = head.lower()
        if b"content-length: " in lower:
            n = int(lower.split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            return await reader.readexactly(n)
        if b"transfer-encoding: chunked" in lower:
            body = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    return body
                body += chunk[:-2]
        return b""

    async def answer(self, path: bytes, writer: asyncio.StreamWriter) -> bool:
        if path in (b"/ok", b"/drop-next"):
            writer.write(OK)
        elif path == b"/close-after":  # keep-alive by the protocol, then the server hangs up
            writer.write(OK)
            return False
        elif path == b"/connection-close":
            writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok")
            return False
        elif path == b"/until-close":
            writer.write(b"HTTP/1.1 200 OK\r\n\r\nread until the end")
            return False
        elif path == b"/interim":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n" + OK)
        elif path == b"/chunked":
            writer.write(
                b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            )
        elif path == b"/big":
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2000000\r\n\r\n" + b"b" * 2_000_000)
        elif path == b"/garbage":
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        elif path == b"/silent":
            await asyncio.sleep(5)
        elif path == b"/head":
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n")
        elif path == b"/slow-ok":
            await asyncio.sleep(0.3)
            writer.write(OK)
        elif path == b"/status-999":
            writer.write(b"HTTP/1.1 999 Odd\r\ncontent-length: 2\r\n\r\nok")
        elif path == b"/status-101":
            writer.write(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\n\r\n")
        elif path == b"/bad-chunk":
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n")
        elif path == b"/two-responses":  # one write, so one read: llhttp parses on
            writer.write(OK + b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nSMUGGLED!")
        elif path == b"/interim-apart":  # the 1xx alone in its read, the answer later
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(b"HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(OK)
        elif path == b"/long-header":
            writer.write(b"HTTP/1.1 200 OK\r\nx-long: ")
            for _ in range(100):  # 1 MB, in pieces: it never ends within the limit
                writer.write(b"a" * 10_000)
                await writer.drain()
            writer.write(b"\r\ncontent-length: 2\r\n\r\nok")
        elif path == b"/big-headers":  # complete headers, 100 kB in all, in one write
            writer.write(
                b"HTTP/1.1 200 OK\r\n"
                + b"".join(b"x-h%d: %b\r\n" % (i, b"v" * 1000) for i in range(100))
                + b"content-length: 2\r\n\r\nok"
            )
        elif path == b"/many-headers":
            writer.write(
                b"HTTP/1.1 200 OK\r\n"
                + b"".join(b"x-h%d: 1\r\n" % i for i in range(5000))
                + b"content-length: 2\r\n\r\nok"
            )
        elif path == b"/error-500":
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 2\r\n\r\nno")
        return True


@pytest.fixture
async def server() -> AsyncIterator[Scripted]:
    async with Scripted() as s:
        yield s


def pool(server: Scripted, **kw: float) -> Pool:
    return Pool("127.0.0.1", server.port, read_timeout=kw.pop("read_timeout", 2), **kw)  # type: ignore[arg-type]


async def get(
    p: Pool,
    path: str,
    method: str = "GET",
    body: object = None,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> tuple[int, bytes]:
    sent = [(b"x-test", b"1"), *(headers or [])]
    response = await p.request(method, path.encode(), sent, body)  # type: ignore[arg-type]
    try:
        return response.status, await response.read()
    finally:
        response.release()


async def test_keep_alive_reuses_one_connection(server: Scripted) -> None:
    p = pool(server)
    assert await get(p, "/ok") == (200, b"ok")
    assert await get(p, "/ok") == (200, b"ok")
    assert server.connections == 1
    assert server.heads[0].startswith(b"GET /ok HTTP/1.1\r\nhost: 127.0.0.1:")
    assert b"\r\nx-test: 1\r\n" in server.heads[0]
    await p.close()


async def test_stale_connection_is_retried_once_for_replayable_requests(server: Scripted) -> None:
    p = pool(server)
    await get(p, "/drop-next")
    assert await get(p, "/ok") == (200, b"ok")  # reused, dropped unanswered, replayed
    assert server.connections == 2
    await get(p, "/drop-next")
    with pytest.raises(UpstreamProtocolError):
        await get(p, "/ok", method="POST", body=b"{}")  # not idempotent: never replayed


async def test_a_post_with_an_idempotency_key_is_retried_too(server: Scripted) -> None:
    p = pool(server)
    key = [(b"idempotency-key", b"k-1")]
    await get(p, "/drop-next")
    assert await get(p, "/ok", method="POST", body=b"{}", headers=key) == (200, b"ok")
    await get(p, "/drop-next")
    assert await get(p, "/ok", method="PUT", body=b"{}") == (200, b"ok")
    assert server.connections == 3
    assert server.bodies[-1] == b"{}"


@contextlib.contextmanager
def answering_then_closing() -> Iterator[int]:
    """A server in a thread that answers each request and at once closes the connection,
    without saying so (no `connection: close`): uvicorn's way after an unhandled error."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if data:  # corked: the answer leaves with the FIN, so it is closed when read
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
                    conn.sendall(OK)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


async def test_never_writes_to_a_connection_the_upstream_has_closed() -> None:
    with answering_then_closing() as port:
        p = Pool("127.0.0.1", port, read_timeout=2)
        for _ in range(20):  # the next request follows at once, before any other callback ran
            assert await get(p, "/ok", method="POST", body=b"{}") == (200, b"ok")
        await p.close()


def test_never_writes_to_a_closed_connection_under_uvloop() -> None:
    import uvloop

    uvloop.run(test_never_writes_to_a_connection_the_upstream_has_closed())


async def test_a_connection_that_carried_a_500_is_not_reused(server: Scripted) -> None:
    p = pool(server)
    assert await get(p, "/error-500") == (500, b"no")
    assert await get(p, "/ok", method="POST", body=b"{}") == (200, b"ok")
    assert server.connections == 2


@pytest.mark.parametrize(
    "path",
    ["/status-999", "/status-101", "/long-header", "/big-headers", "/many-headers"],
)
async def test_a_broken_head_is_a_protocol_error_and_the_connection_is_dropped(
    server: Scripted, path: str
) -> None:
    p = pool(server)
    with pytest.raises(UpstreamProtocolError):
        await get(p, path)
    assert p.stats()["open"] == 0
    assert await get(p, "/ok") == (200, b"ok")


@pytest.mark.parametrize("path", ["/bad-chunk", "/two-responses"])
async def test_a_broken_body_is_a_protocol_error_and_the_connection_is_dropped(
    server: Scripted, path: str
) -> None:
    p = pool(server)
    response = await p.request("GET", path.encode(), [])
    with pytest.raises(UpstreamProtocolError):
        await response.read()
    response.release()
    assert p.stats()["open"] == 0


async def test_interim_answers_in_reads_of_their_own(server: Scripted) -> None:
    p = pool(server)
    assert await get(p, "/interim-apart") == (200, b"ok")
    response = await p.request("GET", b"/ok", [])
    assert (b"link", b"</a>") not in response.headers  # the 103's headers are not the answer's
    await response.read()
    response.release()
    assert server.connections == 1


async def test_a_connection_closed_while_idle_is_not_reused(server: Scripted) -> None:
    p = pool(server)
    await get(p, "/close-after")
    await asyncio.sleep(0.05)  # the server has hung up on the pooled connection
    assert await get(p, "/ok") == (200, b"ok")
    assert server.connections == 2


async def test_connection_close_and_until_close_bodies(server: Scripted) -> None:
    p = pool(server)
    assert await get(p, "/connection-close") == (200, b"ok")
    assert await get(p, "/until-close") == (200, b"read until the end")
    assert await get(p, "/ok") == (200, b"ok")
    assert server.connections == 3  # neither of the first two was put back in the pool
    assert p.stats()["open"] == 1


async def test_interim_and_chunked_responses(server: Scripted) -> None:
    p = pool(server)
    assert await get(p, "/interim") == (200, b"ok")
    response = await p.request("GET", b"/chunked", [])
    chunks = [c async for c in response.iter_chunks()]
    response.release()
    assert b"".join(chunks) == b"abcde"
    assert await get(p, "/ok") == (200, b"ok")
    assert server.connections == 1


async def test_request_bodies_are_framed_by_the_pool(server: Scripted) -> None:
    p = pool(server)

    async def stream() -> AsyncIterator[bytes]:
        yield b"hello "
        yield b"world"

    await get(p, "/ok", method="POST", body=b'{"a": 1}')
    response = await p.request("POST", b"/ok", [], stream(), None)
    await response.read()
    response.release()
    response = await p.request("PUT", b"/ok", [], stream(), 11)
    await response.read()
    response.release()
    assert server.bodies == [b'{"a": 1}', b"hello world", b"hello world"]
    assert b"transfer-encoding: chunked" in server.heads[1]
    assert b"content-length: 11" in server.heads[2]


async def test_a_slow_reader_is_not_an_upstream_timeout(server: Scripted) -> None:
    p = pool(server, read_timeout=0.3)
    response = await p.request("GET", b"/big", [])
    total = 0
    async for chunk in response.iter_chunks():
        total += len(chunk)
        await asyncio.sleep(0.02)  # the client drains slowly: reading pauses, then resumes
    response.release()
    assert total == 2_000_000
    assert await get(p, "/ok") == (200, b"ok")
    assert server.connections == 1


async def test_head_reads_no_body(server: Scripted) -> None:
    p = pool(server)
    response = await p.request("HEAD", b"/head", [])
    assert response.status == 200
    assert response.content_length == 0
    assert await response.read() == b""
    response.release()
    assert p.stats()["open"] == 0  # not reused: the parser cannot know HEAD had no body


async def test_garbage_is_a_protocol_error(server: Scripted) -> None:
    with pytest.raises(UpstreamProtocolError):
        await get(pool(server), "/garbage")


async def test_silence_is_a_timeout(server: Scripted) -> None:
    p = pool(server, read_timeout=0.2)
    with pytest.raises(TimeoutError):
        await get(p, "/silent")
    assert p.stats()["open"] == 0


async def test_refused_connection_is_an_oserror() -> None:
    from devstack.testing import free_port

    with pytest.raises(OSError):  # noqa: PT011 - ConnectionRefusedError, by platform
        await get(Pool("127.0.0.1", free_port()), "/ok")


async def test_pool_size_bounds_connections_and_waits(server: Scripted) -> None:
    p = pool(server, size=1, pool_timeout=2)
    results = await asyncio.gather(get(p, "/slow-ok"), get(p, "/slow-ok"), get(p, "/ok"))
    assert results == [(200, b"ok")] * 3
    assert server.connections == 1
    p = pool(server, size=1, pool_timeout=0.1)
    held = await p.request("GET", b"/ok", [])  # not released
    with pytest.raises(TimeoutError):
        await get(p, "/ok")
    held.release()
    assert await get(p, "/ok") == (200, b"ok")


def test_for_url() -> None:
    p = Pool.for_url("http://svc.internal:8001")
    assert (p.host, p.port, p.ssl) == ("svc.internal", 8001, None)
    assert p.host_header == b"svc.internal:8001"
    tls = Pool.for_url("https://svc.internal")
    assert tls.port == 443
    assert tls.ssl is not None
    assert tls.host_header == b"svc.internal"
    with pytest.raises(ValueError, match="http"):
        Pool.for_url("ftp://x")


def test_the_same_under_uvloop() -> None:
    """The gateway runs on uvloop, whose transports are not asyncio's classes."""
    import uvloop

    async def scenario() -> None:
        async with Scripted() as server:
            p = pool(server, read_timeout=0.3)

            async def stream() -> AsyncIterator[bytes]:
                for _ in range(50):
                    yield b"u" * 10_000

            response = await p.request("POST", b"/ok", [], stream(), None)
            await response.read()
            response.release()
            assert await get(p, "/chunked") == (200, b"abcde")
            await get(p, "/drop-next")
            assert await get(p, "/ok") == (200, b"ok")
            with pytest.raises(TimeoutError):
                await get(p, "/silent")
            assert server.bodies[0] == b"u" * 500_000
            await p.close()

    uvloop.run(scenario())
