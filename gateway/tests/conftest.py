"""Fixtures for the gateway's in-process tests: a fake upstream and gateways on real sockets.

Both run under uvicorn in the test's event loop, so requests cross real HTTP (streaming,
framing, hop-by-hop headers) without the database; the `running_stack` tests cover the real
services.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from devstack.testing import free_port
from gateway import server
from gateway.config import GatewaySettings
from gateway.main import create_app


@asynccontextmanager
async def serve(app: Any, port: int, config: uvicorn.Config | None = None) -> AsyncIterator[str]:
    config = config or uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


class FakeUpstream:
    """A stand-in for a service: echoes what reached it, and misbehaves on request."""

    def __init__(self) -> None:
        self.hits = 0
        self.url = ""
        self.app = Starlette(
            routes=[
                Route(
                    "/fund/v1/echo/{rest:path}", self.echo, methods=["GET", "POST", "PUT", "HEAD"]
                ),
                Route("/fund/v1/slow", self.slow),
                Route("/fund/v1/big", self.big),
                Route("/fund/v1/status/{code:int}", self.status),
                Route("/fund/v1/hop", self.hop),
                Route("/fund/v1/cookie", self.cookie),
                Route("/readyz", lambda r: JSONResponse({"status": "ready"})),
                Route("/openapi.json", self.openapi),
            ]
        )

    async def echo(self, request: Request) -> Response:
        self.hits += 1
        body = await request.body()
        return JSONResponse(
            {
                "method": request.method,
                "raw_path": request.scope["raw_path"].decode(),
                "query": request.scope["query_string"].decode(),
                "headers": [[k.decode(), v.decode()] for k, v in request.scope["headers"]],
                "body_len": len(body),
                "body_sha": hashlib.sha256(body).hexdigest(),
            }
        )

    async def slow(self, request: Request) -> Response:
        await asyncio.sleep(float(request.query_params.get("s", "1")))
        return JSONResponse({"slow": True})

    async def big(self, request: Request) -> Response:
        n = int(request.query_params.get("n", "1000000"))

        async def chunks() -> AsyncIterator[bytes]:
            sent = 0
            while sent < n:
                size = min(50_000, n - sent)
                yield b"x" * size
                sent += size

        return StreamingResponse(chunks(), media_type="application/octet-stream")

    async def status(self, request: Request) -> Response:
        code = request.path_params["code"]
        return JSONResponse(
            {"status": code, "title": "from upstream"},
            status_code=code,
            media_type="application/problem+json",
        )

    async def hop(self, request: Request) -> Response:
        return JSONResponse(
            {},
            headers={"Connection": "x-hop", "X-Hop": "1", "Keep-Alive": "timeout=5", "X-End": "1"},
        )

    async def cookie(self, request: Request) -> Response:
        response = JSONResponse({"cookie": request.headers.get("cookie")})
        response.set_cookie("session", "secret-of-another-client")
        return response

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(
            {
                "openapi": "3.1.0",
                "info": {"title": "fake fund", "version": "9.9"},
                "paths": {
                    "/fund/v1/echo/{rest}": {
                        "get": {
                            "operationId": "fund_echo",
                            "parameters": [
                                {
                                    "name": "rest",
                                    "in": "path",
                                    "required": True,
                                    "schema": {"type": "string"},
                                }
                            ],
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {"$ref": "#/components/schemas/Echo"}
                                        }
                                    },
                                }
                            },
                        }
                    }
                },
                "components": {"schemas": {"Echo": {"type": "object"}}},
            }
        )


@pytest.fixture(scope="session")
async def fake_upstream() -> AsyncIterator[FakeUpstream]:
    fake = FakeUpstream()
    async with serve(fake.app, free_port()) as url:
        fake.url = url
        yield fake


GatewayFactory = Callable[..., Awaitable[str]]


@pytest.fixture
async def start_gateway(
    fake_upstream: FakeUpstream, jwks_path: Path
) -> AsyncIterator[GatewayFactory]:
    """`url = await start_gateway(**settings)`: fund → the fake upstream, others → closed ports."""
    stack: list[Any] = []

    async def start(**overrides: Any) -> str:
        values: dict[str, Any] = {
            "jwks_path": jwks_path,
            "environment": "test",
            "fund_url": fake_upstream.url,
            "housing_url": f"http://127.0.0.1:{free_port()}",
            "medical_url": f"http://127.0.0.1:{free_port()}",
            "airdefence_url": f"http://127.0.0.1:{free_port()}",
            "access_log": "off",
        }
        values.update(overrides)
        settings = GatewaySettings(**values)
        app = create_app(settings)
        port = free_port()
        # The gateway's own server configuration (front-door limits), in the test's event loop.
        cm = serve(app, port, server.config(app, "127.0.0.1", port, settings, loop="none"))
        url = await cm.__aenter__()
        stack.append(cm)
        return url

    try:
        yield start
    finally:
        for cm in reversed(stack):
            await cm.__aexit__(None, None, None)
