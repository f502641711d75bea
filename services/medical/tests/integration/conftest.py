"""The medical service on a real PostgreSQL built by the real migrations, and helpers that speak
to it only over HTTP: configuring parameters through the admin API, registering persons."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from stdnum.cn import ric

from medical.config import MedicalSettings
from medical.main import create_app

P = "/medical/v1"
CI_DEDUCTIBLE = "medical.critical_illness.deductible"
CI_RATIO = "medical.critical_illness.ratio"
CI_CAP = "medical.critical_illness.annual_cap"

_serial = itertools.count(1)
_rng = random.Random()


REGIONS = ("330302", "330303", "330304", "330381")  # 鹿城 龙湾 瓯海 瑞安 (valid since 1992)


def _with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def resident_id(birth: str = "19930101") -> str:
    """A fresh, valid resident ID (region 330302 鹿城区), unique within the test run."""
    n = next(_serial)
    return _with_check_digit(f"330302{birth}{n % 1000:03d}")


def unique_resident_id() -> str:
    """Unique across runs too (for tests that commit): a random region, birth day and sequence."""
    day = f"{_rng.randrange(1993, 2005)}{_rng.randrange(1, 13):02d}{_rng.randrange(1, 29):02d}"
    return _with_check_digit(f"{_rng.choice(REGIONS)}{day}{_rng.randrange(1000):03d}")


@dataclass
class Api:
    """A client with tokens for each role the tests play."""

    client: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]
    app: Any = None

    @property
    def settle(self) -> dict[str, str]:
        return self.headers("medical:settle", "medical:read")

    @property
    def read(self) -> dict[str, str]:
        return self.headers("medical:read")

    @property
    def write(self) -> dict[str, str]:
        return self.headers("medical:write", "medical:read")

    @property
    def admin(self) -> dict[str, str]:
        return self.headers("admin", "medical:read")

    async def configure(
        self,
        path: str,
        value: Any,
        *,
        effective_from: str = "2022-01-01",
        region: str | None = None,
    ) -> None:
        body = {
            "value": value,
            "effective_from": effective_from,
            "region": region,
            "source": "测试配置（经办机构）",
        }
        r = await self.client.put(f"{P}/admin/parameters/{path}", json=body, headers=self.admin)
        assert r.status_code == 200, r.text

    async def configure_worked_example(self, region: str | None = None) -> None:
        """Ordinary CI deductible 20,000 and ratio 60% (the worked example's configuration)."""
        await self.configure(CI_DEDUCTIBLE, "20000", region=region)
        await self.configure(CI_RATIO, "0.60", region=region)

    async def register(
        self,
        records: list[dict[str, Any]],
        *,
        rid: str | None = None,
        county: str | None = None,
        **extra: Any,
    ) -> str:
        body = {"resident_id": rid or resident_id(), "records": records, "county": county, **extra}
        r = await self.client.post(f"{P}/persons", json=body, headers=self.write)
        assert r.status_code == 201, r.text
        return str(r.json()["person_id"])

    async def settle_claim(
        self, claim: dict[str, Any], *, key: str | None = None, expect: int = 201
    ) -> dict[str, Any]:
        headers = {**self.settle, "Idempotency-Key": key or str(uuid.uuid4())}
        r = await self.client.post(f"{P}/settlements", json=claim, headers=headers)
        assert r.status_code == expect, r.text
        body: dict[str, Any] = r.json()
        return body

    async def year(self, person_id: str, year: int = 2022, **params: Any) -> dict[str, Any]:
        r = await self.client.get(
            f"{P}/persons/{person_id}/years/{year}", params=params, headers=self.read
        )
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


def claim(person_id: str, **overrides: Any) -> dict[str, Any]:
    """The worked example's claim (a 低保 person's first claim of 2022), for `person_id`."""
    body = {
        "claim_id": f"ZY{uuid.uuid4().hex[:16]}",
        "person_id": person_id,
        "service_date": "2022-03-10",
        "hospital": "温州医科大学附属第一医院",
        "hospital_level": "tertiary",
        "setting": "inpatient",
        "total_cost": "300000.00",
        "in_policy_cost": "250000.00",
        "basic_payout": "150000.00",
        "followed_guidance": True,
        "referred": True,
    }
    return body | overrides


@pytest.fixture
async def api(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> AsyncIterator[Api]:
    """The service in process; every test's writes are rolled back afterwards."""
    async with service_app_factory(create_app, MedicalSettings, "medical") as (app, client):
        yield Api(client, auth_headers, app)
