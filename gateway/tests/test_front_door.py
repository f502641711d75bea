"""The gateway's front door over raw sockets: head limits, the header timeout, parser errors.

Each refusal is an application/problem+json answer followed by the connection's end; a client
that holds a head open or never speaks is cut off after the header timeout.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from .conftest import GatewayFactory

PROBLEM = "application/problem+json"


async def exchange(url: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; read until the server closes. (status, headers, body)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), 5)  # to EOF: the server must close
    finally:
        writer.close()
    return parse(raw)


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def request(*headers: str, target: str = "/fund/v1/echo/x", token: str = "") -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: gateway"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode("latin-1")


def assert_problem(
    status: int, headers: dict[str, str], body: bytes, expected: int, code: str
) -> dict[str, object]:
    assert status == expected, body
    assert headers["content-type"] == PROBLEM
    assert headers["connection"] == "close"
    problem: dict[str, object] = json.loads(body)
    assert problem["status"] == expected
    assert problem["code"] == code
    assert problem["request_id"] == headers["x-request-id"]
    return problem


@pytest.fixture
def token(make_token: Callable[..., str]) -> str:
    return make_token("fund:read", client_id="front-door")


async def test_headers_up_to_the_limits_pass(start_gateway: GatewayFactory, token: str) -> None:
    url = await start_gateway()
    # 100 fields in all (Host, Authorization, Connection and 97 more), under 16 KiB in all.
    fields = ["Connection: close", *(f"X-F{i}: {'v' * 100}" for i in range(97))]
    status, _, body = await exchange(url, request(*fields, token=token))
    assert status == 200, body
    assert json.loads(body)["method"] == "GET"


async def test_too_many_headers_are_a_431(start_gateway: GatewayFactory, token: str) -> None:
    url = await start_gateway()
    fields = [f"X-F{i}: 1" for i in range(99)]  # 101 with Host and Authorization
    problem = assert_problem(
        *await exchange(url, request(*fields, token=token)), 431, "request-headers-too-large"
    )
    assert "100 fields" in str(problem["detail"])
    fields = [f"X-F{i}: 1" for i in range(5000)]
    assert_problem(
        *await exchange(url, request(*fields, token=token)), 431, "request-headers-too-large"
    )


async def test_too_many_header_bytes_are_a_431(start_gateway: GatewayFactory, token: str) -> None:
    url = await start_gateway()
    big = "X-Big: " + "b" * 16_400
    assert_problem(
        *await exchange(url, request(big, token=token)), 431, "request-headers-too-large"
    )
    url = await start_gateway(max_header_bytes=4096)
    assert_problem(
        *await exchange(url, request("X-Big: " + "b" * 4100, token=token)),
        431,
        "request-headers-too-large",
    )


async def drip(url: str, first: bytes, piece: bytes, interval: float, limit: int) -> Dripped:
    """Send `first`, then `piece` every `interval` s until the server answers or `limit` bytes
    are sent; then read the answer to the server's end of the connection."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    start = time.monotonic()
    answered = asyncio.create_task(reader.read(1))
    writer.write(first)
    sent = 0
    while not answered.done() and sent < limit:
        writer.write(piece)
        await writer.drain()
        sent += len(piece)
        await asyncio.sleep(interval)
    first_byte = await asyncio.wait_for(answered, 5)
    elapsed = time.monotonic() - start
    raw = first_byte + await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return Dripped(raw, elapsed, sent)


@dataclass
class Dripped:
    raw: bytes
    answered_after: float
    sent: int


async def test_an_endless_header_is_cut_off_before_it_ends(start_gateway: GatewayFactory) -> None:
    """1 MB of one header, sent in pieces: the gateway answers once the limit is passed."""
    url = await start_gateway()
    head = b"GET /fund/v1/echo/x HTTP/1.1\r\nHost: gateway\r\nX-Endless: "
    dripped = await drip(url, head, b"e" * 4096, 0.002, 1_000_000)
    assert_problem(*parse(dripped.raw), 431, "request-headers-too-large")
    assert dripped.sent < 64 * 1024  # refused near the limit, not at the end


async def test_a_long_target_is_a_414(start_gateway: GatewayFactory, token: str) -> None:
    url = await start_gateway()
    data = request(target="/fund/v1/echo/" + "t" * 9000, token=token)
    assert_problem(*await exchange(url, data), 414, "uri-too-long")


async def test_malformed_requests_are_400_problems(start_gateway: GatewayFactory) -> None:
    url = await start_gateway()
    for data in (
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET /fund/v1/echo/x HTTP/1.1\r\nHost: gateway\r\nBad Header\r\n\r\n",
        b"GET /fund/v1/echo/x HTTP/1.1\r\nHost: gateway\r\nContent-Length: 1\r\n"
        b"Content-Length: 2\r\n\r\nab",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS ClientHello on the HTTP port
    ):
        problem = assert_problem(*await exchange(url, data), 400, "malformed-request")
        assert str(problem["detail"]).startswith("The request is not valid HTTP/1.1")


async def test_a_malformed_body_after_a_good_head_is_a_400(
    start_gateway: GatewayFactory, token: str
) -> None:
    url = await start_gateway()
    data = (
        b"POST /fund/v1/echo/x HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
        + token.encode()
        + b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"
    )
    assert_problem(*await exchange(url, data), 400, "malformed-request")


async def test_a_head_held_open_is_cut_off_after_the_header_timeout(
    start_gateway: GatewayFactory,
) -> None:
    url = await start_gateway(header_timeout=0.5)
    # One byte every 0.1 s: a slow drip does not reset the clock.
    head = b"GET /fund/v1/echo/x HTTP/1.1\r\nHost: gateway\r\n"
    dripped = await drip(url, head, b"X", 0.1, 100)
    assert_problem(*parse(dripped.raw), 408, "request-head-timeout")
    assert 0.4 < dripped.answered_after < 2.0


async def test_a_silent_connection_is_closed_after_the_header_timeout(
    start_gateway: GatewayFactory,
) -> None:
    url = await start_gateway(header_timeout=0.5)
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    start = time.monotonic()
    assert await asyncio.wait_for(reader.read(), 5) == b""  # closed without a word
    assert 0.4 < time.monotonic() - start < 2.0
    writer.close()


async def test_keep_alive_requests_each_get_the_whole_timeout(
    start_gateway: GatewayFactory, token: str
) -> None:
    """The header clock runs per request head, not per connection."""
    url = await start_gateway(header_timeout=0.6)
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for _ in range(3):
            await asyncio.sleep(0.3)  # idle between requests, under the keep-alive timeout
            writer.write(request(token=token))
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            status, headers, _ = parse(head)
            assert status == 200
            await reader.readexactly(int(headers["content-length"]))
    finally:
        writer.close()
