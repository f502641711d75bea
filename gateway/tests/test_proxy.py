"""The forwarding path over real sockets, against a fake upstream (no database needed)."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from devstack.testing import free_port
from gateway.headers import valid_traceparent

from .conftest import FakeUpstream, GatewayFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def bearer(make_token: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('fund:read')}"}


async def test_forwards_with_propagated_headers(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get(
            "/fund/v1/echo/a%2Fb%20c?x=1&y=%E6%B8%A9",
            headers={
                **bearer,
                "X-Request-ID": "req-123",
                "Connection": "keep-alive, x-drop",
                "X-Drop": "1",
                "X-Keep": "2",
            },
        )
    assert r.status_code == 200
    assert r.headers["x-request-id"] == "req-123"
    seen = r.json()
    headers = dict(seen["headers"])
    assert headers["authorization"] == bearer["Authorization"]
    assert headers["x-request-id"] == "req-123"
    assert valid_traceparent(headers["traceparent"].encode())
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-keep"] == "2"
    assert "x-drop" not in headers
    assert seen["raw_path"] == "/fund/v1/echo/a%2Fb%20c"  # percent-encoding untouched
    assert seen["query"] == "x=1&y=%E6%B8%A9"


async def test_generates_request_id_and_keeps_a_valid_traceparent(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway()
    tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/fund/v1/echo/x", headers={**bearer, "traceparent": tp})
    headers = dict(r.json()["headers"])
    assert headers["traceparent"] == tp
    assert len(r.headers["x-request-id"]) == 32
    assert headers["x-request-id"] == r.headers["x-request-id"]


async def test_tokens_are_checked_before_forwarding(
    start_gateway: GatewayFactory, fake_upstream: FakeUpstream, make_token: Callable[..., str]
) -> None:
    url = await start_gateway()
    before = fake_upstream.hits
    async with httpx.AsyncClient(base_url=url) as client:
        for headers in (
            {},
            {"Authorization": "Basic eDp5"},
            {"Authorization": "Bearer not-a-jwt"},
            {"Authorization": "Bearer " + make_token("fund:read")[:-6] + "AAAAAA"},
        ):
            r = await client.get("/fund/v1/echo/x", headers=headers)
            assert r.status_code == 401
            assert r.headers["content-type"] == PROBLEM
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert r.json()["instance"] == "/fund/v1/echo/x"
    assert fake_upstream.hits == before


async def test_bodies_stream_both_ways(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway(max_body_bytes=300_000)
    small = b'{"a": 1}'
    large = b"y" * 200_000  # over the buffering threshold: streamed with its content-length

    async def chunked() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"z" * 10_000

    async with httpx.AsyncClient(base_url=url) as client:
        for body in (small, large):
            r = await client.post(
                "/fund/v1/echo/x",
                content=body,
                headers={**bearer, "content-type": "application/json"},
            )
            assert r.json()["body_len"] == len(body)
            assert r.json()["body_sha"] == hashlib.sha256(body).hexdigest()
        r = await client.post("/fund/v1/echo/x", content=chunked(), headers=bearer)
        assert r.json()["body_len"] == 40_000
        async with client.stream("GET", "/fund/v1/big?n=1000000", headers=bearer) as r:
            assert r.status_code == 200
            assert "content-length" not in r.headers  # streamed, not buffered
            total = 0
            async for chunk in r.aiter_bytes():
                total += len(chunk)
        assert total == 1_000_000
        head = await client.head("/fund/v1/echo/x", headers=bearer)
        assert head.status_code == 200
        assert head.content == b""


async def test_body_over_limit_is_413(
    start_gateway: GatewayFactory, bearer: dict[str, str], fake_upstream: FakeUpstream
) -> None:
    url = await start_gateway(max_body_bytes=1000)

    async def chunked() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"z" * 400

    async with httpx.AsyncClient(base_url=url) as client:
        before = fake_upstream.hits
        r = await client.post("/fund/v1/echo/x", content=b"x" * 1001, headers=bearer)
        assert r.status_code == 413
        assert r.headers["content-type"] == PROBLEM
        assert fake_upstream.hits == before  # refused on the declared length alone
        r = await client.post("/fund/v1/echo/x", content=chunked(), headers=bearer)
        assert r.status_code == 413
        assert r.json()["code"] == "payload-too-large"


async def test_hop_by_hop_response_headers_and_cookies_stay_behind(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/fund/v1/hop", headers=bearer)
        assert "x-hop" not in r.headers
        assert "keep-alive" not in r.headers
        assert r.headers["x-end"] == "1"
        r = await client.get("/fund/v1/cookie", headers=bearer)
        assert "set-cookie" in r.headers  # the client gets it...
    async with httpx.AsyncClient(base_url=url) as other:
        r = await other.get("/fund/v1/cookie", headers=bearer)
        assert r.json()["cookie"] is None  # ...but the gateway never replays it for another


async def test_upstream_statuses_pass_through(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        for code in (404, 422, 500):
            r = await client.get(f"/fund/v1/status/{code}", headers=bearer)
            assert r.status_code == code
            assert r.json()["title"] == "from upstream"


async def test_timeout_is_504(start_gateway: GatewayFactory, bearer: dict[str, str]) -> None:
    url = await start_gateway(read_timeout=0.3)
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/fund/v1/slow?s=2", headers=bearer)
    assert r.status_code == 504
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["upstream"] == "fund"


async def test_unreachable_is_502_then_the_breaker_opens(
    start_gateway: GatewayFactory, make_token: Callable[..., str]
) -> None:
    url = await start_gateway(breaker_failures=3, breaker_open_seconds=30)
    headers = {"Authorization": f"Bearer {make_token('housing:read')}"}
    async with httpx.AsyncClient(base_url=url) as client:
        for _ in range(3):
            r = await client.get("/housing/v1/rules", headers=headers)
            assert r.status_code == 502
            assert r.headers["content-type"] == PROBLEM
            assert r.json()["code"] == "upstream-unavailable"
        start = time.perf_counter()
        r = await client.get("/housing/v1/rules", headers=headers)
        assert time.perf_counter() - start < 0.5
        assert r.status_code == 503
        assert r.json()["code"] == "upstream-circuit-open"
        assert 1 <= int(r.headers["retry-after"]) <= 30
        metrics = (await client.get("/metrics")).text
        assert 'gateway_proxy_refused_total{reason="circuit_open",upstream="housing"}' in metrics
        assert 'gateway_upstream_breaker_open{upstream="housing"} 1.0' in metrics
        assert 'gateway_upstream_breaker_open{upstream="fund"} 0.0' in metrics
        problems = (await client.get("/problems")).json()
        assert "/problems/upstream-circuit-open" in {p["type"] for p in problems}


async def test_rate_limit_is_429_with_retry_after(
    start_gateway: GatewayFactory, make_token: Callable[..., str]
) -> None:
    url = await start_gateway(rate_limit_per_second=0.5, rate_limit_burst=2)
    mine = {"Authorization": f"Bearer {make_token('fund:read', client_id='greedy')}"}
    theirs = {"Authorization": f"Bearer {make_token('fund:read', client_id='other')}"}
    async with httpx.AsyncClient(base_url=url) as client:
        statuses = [
            (await client.get("/fund/v1/echo/x", headers=mine)).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        r = await client.get("/fund/v1/echo/x", headers=mine)
        assert r.headers["content-type"] == PROBLEM
        assert r.headers["retry-after"] == "2"
        assert (await client.get("/fund/v1/echo/x", headers=theirs)).status_code == 200
        # The gateway's own authenticated routes count against the same bucket.
        assert (await client.get("/overview", headers=mine)).status_code == 429


async def test_own_routes_and_unknown_paths(start_gateway: GatewayFactory) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/nowhere")
        assert r.status_code == 404
        assert r.headers["content-type"] == PROBLEM
        assert (await client.get("/healthz")).json()["status"] == "ok"
        # Three services down do not take the gateway out of its load balancer.
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "degraded"
        assert body["upstreams"]["fund"]["ready"] is True
        assert set(body["not_ready"]) == {"housing", "medical", "airdefence"}
        assert body["rate_limits"] == {"store": "memory", "ok": True}


async def test_readiness_fails_only_when_no_upstream_answers(
    start_gateway: GatewayFactory,
) -> None:
    url = await start_gateway(fund_url=f"http://127.0.0.1:{free_port()}")
    async with httpx.AsyncClient(base_url=url) as client:
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.headers["content-type"] == PROBLEM
        body = ready.json()
        assert body["code"] == "upstreams-not-ready"
        assert sorted(body["not_ready"]) == ["airdefence", "fund", "housing", "medical"]


async def test_openapi_document_lists_missing_services_and_is_cached(
    start_gateway: GatewayFactory,
) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/openapi.json")
        doc = r.json()
        assert "/fund/v1/echo/{rest}" in doc["paths"]
        assert "/overview" in doc["paths"]
        assert "fund__Echo" in doc["components"]["schemas"]
        forwarded = doc["paths"]["/fund/v1/echo/{rest}"]["get"]["responses"]
        assert {"200", "429", "502", "503", "504"} <= set(forwarded)
        calendar = doc["paths"]["/admin/calendar/{year}"]["put"]["responses"]
        assert {"413", "415", "422", "429", "502", "504"} <= set(calendar)
        assert calendar["422"]["content"]["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
        assert doc["x-missing-services"] == ["airdefence", "housing", "medical"]
        assert r.headers["x-missing-services"] == "airdefence,housing,medical"
        again = await client.get("/openapi.json", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304


async def test_overview_fans_out_with_optional_sources(
    start_gateway: GatewayFactory, make_token: Callable[..., str], fake_upstream: FakeUpstream
) -> None:
    url = await start_gateway()
    headers = {"Authorization": f"Bearer {make_token('fund:read')}"}
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get("/overview", headers=headers)
    assert r.status_code == 200
    body = r.json()
    # The fake has no /fund/v1/rules: fund answers 404, the rest are unreachable; all optional.
    assert body["services"] == {"fund": None, "housing": None, "medical": None, "airdefence": None}
    assert body["complete"] is False
    assert body["errors"]["fund"]["status"] == 404
    assert body["errors"]["housing"]["kind"] == "unreachable"
    assert [s["name"] for s in body["sources"]] == ["fund", "housing", "medical", "airdefence"]
    assert all(s["latency_ms"] >= 0 for s in body["sources"])


async def test_client_disconnect_mid_request_does_not_break_the_gateway(
    start_gateway: GatewayFactory, bearer: dict[str, str]
) -> None:
    url = await start_gateway()
    async with httpx.AsyncClient(base_url=url) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/fund/v1/slow?s=1", headers=bearer, timeout=0.2)
        await asyncio.sleep(0.1)
        assert (await client.get("/fund/v1/echo/x", headers=bearer)).status_code == 200


async def test_cors_preflight_on_forwarded_paths(start_gateway: GatewayFactory) -> None:
    url = await start_gateway(cors_origins=["https://app.wenzhou.example"])
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.options(
            "/fund/v1/rules",
            headers={
                "Origin": "https://app.wenzhou.example",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert r.status_code == 200  # answered by the gateway, before any token check
        assert r.headers["access-control-allow-origin"] == "https://app.wenzhou.example"
        r = await client.get("/fund/v1/rules", headers={"Origin": "https://app.wenzhou.example"})
        assert r.status_code == 401
        assert r.headers["access-control-allow-origin"] == "https://app.wenzhou.example"
