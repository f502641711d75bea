"""The air-defence service on a real PostgreSQL built by the real migrations, over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from airdefence.config import AirdefenceSettings
from airdefence.main import create_app

P = "/airdefence/v1"

# Organisations of the examples (codes with valid GB 32100 check characters; fictional).
DEVELOPER = {"uscc": "91330302MA2C3D4E5Q", "name": "温州某某房地产开发有限公司"}
INSTITUTION = {"uscc": "12330300470000001P", "name": "温州市某某事业发展中心"}
ORGAN = {"uscc": "113303000025880036", "name": "温州市某某局"}
GROUP = {"uscc": "91330300MA2867XX1E", "name": "温州市城市建设发展集团有限公司"}
VILLAGE = {"uscc": "54330324MA2K1L2M3A", "name": "永嘉县某某村股份经济合作社"}
ENTERPRISE = {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"}
TENANT = {"uscc": "91330381MA2R7T8U95", "name": "瑞安市某某仓储有限公司"}
RECEIVER = {"uscc": "91330300MA2H3J4K52", "name": "温州市某某国有资产运营有限公司"}


@dataclass
class Api:
    """A client with tokens for each role the tests play."""

    client: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]
    app: Any = None

    @property
    def read(self) -> dict[str, str]:
        return self.headers("airdefence:read")

    @property
    def write(self) -> dict[str, str]:
        return self.headers("airdefence:write", "airdefence:read")

    @property
    def register(self) -> dict[str, str]:
        return self.headers("airdefence:register", "airdefence:read")

    @property
    def admin(self) -> dict[str, str]:
        return self.headers("admin", "airdefence:read")

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
    async with service_app_factory(create_app, AirdefenceSettings, "airdefence") as (app, client):
        yield Api(client, auth_headers, app)
