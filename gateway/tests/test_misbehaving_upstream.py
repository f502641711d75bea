"""The gateway in front of an upstream that breaks HTTP/1.1 or drops connections, over real sockets.

Every broken answer is a 502 problem (or, once the head has been sent, an aborted stream), the
connection it came on is not reused, and the upstream's breaker hears of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from devstack.testing import free_port

from .conftest import GatewayFactory

PROBLEM = "application/problem+json"
OK = b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}'
ERROR_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/problem+json\r\n"
    b'content-length: 15\r\n\r\n{"status": 500}'
)


class RawUpstream:
    """Answers `/fund/v1/<case>` with hand-written bytes; counts connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> RawUpstream:
        self._server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lower = head.lower()
                if b"content-length: " in lower:
                    n = int(lower.split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
                    await reader.readexactly(n)
                case = head.split(b" ", 2)[1].rsplit(b"/", 1)[-1]
                if not await self.answer(case, writer):
                    return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def answer(self, case: bytes, writer: asyncio.StreamWriter) -> bool:
        """Writes the answer; False ends the connection."""
        if case == b"ok":
            writer.write(OK)
        elif case == b"status-999":
            writer.write(b"HTTP/1.1 999 Odd\r\ncontent-length: 2\r\n\r\nok")
        elif case == b"bad-first-chunk":
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n")
        elif case == b"bad-later-chunk":
            writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(b"zz\r\n")
        elif case == b"two-responses":
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
                b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nSMUGGLED!"
            )
        elif case == b"interim-apart":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(OK)
        elif case == b"endless-header":
            writer.write(b"HTTP/1.1 200 OK\r\nx-endless: ")
            for _ in range(100):
                writer.write(b"a" * 10_000)
                await writer.drain()
            writer.write(b"\r\ncontent-length: 2\r\n\r\nok")
        elif case == b"error-then-reset":
            # uvicorn after an unhandled error: the whole 500, then (once the traceback is
            # logged) the connection closed, reset if a next request is already unread.
            writer.write(ERROR_500)
            await writer.drain()
            await asyncio.sleep(0.05)
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        await writer.drain()
        return True


@pytest.fixture
async def raw_upstream() -> AsyncIterator[RawUpstream]:
    async with RawUpstream() as upstream:
        yield upstream


@pytest.fixture
def bearer(make_token: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('fund:read', client_id='misbehaving')}"}


@pytest.mark.parametrize(
    "case", ["status-999", "bad-first-chunk", "two-responses", "endless-header"]
)
async def test_a_broken_answer_is_a_502_problem_and_its_connection_is_dropped(
    start_gateway: GatewayFactory, raw_upstream: RawUpstream, bearer: dict[str, str], case: str
) -> None:
    url = await start_gateway(fund_url=raw_upstream.url)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        assert (await client.get("/fund/v1/ok", headers=bearer)).status_code == 200
        before = raw_upstream.connections
        r = await client.get(f"/fund/v1/{case}", headers=bearer)
        assert r.status_code == 502, r.text
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["code"] == "upstream-unavailable"
        assert r.json()["upstream"] == "fund"
        assert b"SMUGGLED" not in r.content
        assert "content-length" not in r.headers or r.headers["content-length"].isdigit()
        r = await client.get("/fund/v1/ok", headers=bearer)
        assert r.status_code == 200
        assert raw_upstream.connections == before + 1  # the broken connection was not reused


async def test_an_interim_answer_in_a_read_of_its_own_is_skipped(
    start_gateway: GatewayFactory, raw_upstream: RawUpstream, bearer: dict[str, str]
) -> None:
    url = await start_gateway(fund_url=raw_upstream.url)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        r = await client.get("/fund/v1/interim-apart", headers=bearer)
        assert r.status_code == 200
        assert r.json() == {"ok": True}
        assert (await client.get("/fund/v1/ok", headers=bearer)).status_code == 200
    assert raw_upstream.connections == 1


async def test_a_body_broken_after_the_head_is_an_aborted_stream(
    start_gateway: GatewayFactory, raw_upstream: RawUpstream, bearer: dict[str, str]
) -> None:
    url = await start_gateway(fund_url=raw_upstream.url)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/fund/v1/bad-later-chunk", headers=bearer)
        assert (await client.get("/fund/v1/ok", headers=bearer)).status_code == 200


async def test_broken_answers_open_the_breaker(
    start_gateway: GatewayFactory, raw_upstream: RawUpstream, bearer: dict[str, str]
) -> None:
    url = await start_gateway(fund_url=raw_upstream.url, breaker_failures=3)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        for case in ("status-999", "two-responses", "bad-first-chunk"):
            assert (await client.get(f"/fund/v1/{case}", headers=bearer)).status_code == 502
        r = await client.get("/fund/v1/ok", headers=bearer)
        assert r.status_code == 503
        assert r.json()["code"] == "upstream-circuit-open"
        metrics = (await client.get("/metrics")).text
        assert 'gateway_proxy_refused_total{reason="protocol_error",upstream="fund"} 3.0' in metrics


async def test_a_500_that_resets_its_connection_never_costs_the_next_request(
    start_gateway: GatewayFactory, raw_upstream: RawUpstream, bearer: dict[str, str]
) -> None:
    """The reproduction: after the service's 500 and reset, the next (non-idempotent) POST
    through the gateway used to be a 502 upstream-unavailable."""
    url = await start_gateway(fund_url=raw_upstream.url)
    headers = {**bearer, "content-type": "application/json"}
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        for _ in range(20):
            r = await client.post("/fund/v1/error-then-reset", content=b"{}", headers=headers)
            assert r.status_code == 500
            r = await client.post("/fund/v1/ok", content=b"{}", headers=headers)
            assert r.status_code == 200, r.text


async def test_a_refused_upstream_is_still_a_502(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway(fund_url=f"http://127.0.0.1:{free_port()}")
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        r = await client.get("/fund/v1/ok", headers=bearer)
    assert r.status_code == 502
    assert r.json()["code"] == "upstream-unavailable"
