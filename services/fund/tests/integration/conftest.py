"""The fund service on a real PostgreSQL built by the real migrations, spoken to over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from fund.config import FundSettings
from fund.main import create_app

P = "/fund/v1"


@dataclass
class Api:
    """A client with tokens for each role the tests play."""

    client: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]
    app: Any = None

    @property
    def read(self) -> dict[str, str]:
        return self.headers("fund:read")

    @property
    def write(self) -> dict[str, str]:
        return self.headers("fund:write", "fund:read")

    @property
    def decide(self) -> dict[str, str]:
        return self.headers("fund:decide", "fund:write", "fund:read")

    @property
    def admin(self) -> dict[str, str]:
        return self.headers("admin", "fund:read")

    def keyed(self, headers: dict[str, str], key: str | None = None) -> dict[str, str]:
        return {**headers, "Idempotency-Key": key or str(uuid.uuid4())}

    async def post(
        self, path: str, body: Any, *, headers: dict[str, str] | None = None, expect: int = 200
    ) -> Any:
        r = await self.client.post(f"{P}{path}", json=body, headers=headers or self.read)
        assert r.status_code == expect, r.text
        return r.json()

    async def get(
        self, path: str, *, headers: dict[str, str] | None = None, expect: int = 200, **params: Any
    ) -> Any:
        r = await self.client.get(f"{P}{path}", params=params, headers=headers or self.read)
        assert r.status_code == expect, r.text
        return r.json()


@pytest.fixture
async def api(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> AsyncIterator[Api]:
    """The service in process; every test's writes are rolled back afterwards."""
    async with service_app_factory(create_app, FundSettings, "fund") as (app, client):
        yield Api(client, auth_headers, app)
