"""The housing service on a real PostgreSQL built by the real migrations, spoken to over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from housing.config import HousingSettings
from housing.main import create_app

P = "/housing/v1"


@dataclass
class Api:
    """A client with tokens for each role the tests play."""

    client: httpx.AsyncClient
    headers: Callable[..., dict[str, str]]
    app: Any = None

    @property
    def read(self) -> dict[str, str]:
        return self.headers("housing:read")

    @property
    def write(self) -> dict[str, str]:
        return self.headers("housing:write", "housing:read")

    @property
    def review(self) -> dict[str, str]:
        return self.headers("housing:review", "housing:read")

    @property
    def admin(self) -> dict[str, str]:
        return self.headers("admin", "housing:read")

    def keyed(self, headers: dict[str, str], key: str | None = None) -> dict[str, str]:
        return {**headers, "Idempotency-Key": key or str(uuid.uuid4())}

    async def post(
        self, path: str, body: Any, *, headers: dict[str, str] | None = None, expect: int = 200
    ) -> Any:
        r = await self.client.post(f"{P}{path}", json=body, headers=headers or self.read)
        assert r.status_code == expect, r.text
        return r.json()

    async def put(
        self, path: str, body: Any, *, headers: dict[str, str] | None = None, expect: int = 200
    ) -> Any:
        r = await self.client.put(f"{P}{path}", json=body, headers=headers or self.admin)
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
    async with service_app_factory(create_app, HousingSettings, "housing") as (app, client):
        yield Api(client, auth_headers, app)


def failed(body: dict[str, Any]) -> list[str]:
    return list(body["failed_rules"])


def outcome_of(body: dict[str, Any], rule_id: str) -> str:
    return next(f["outcome"] for f in body["findings"] if f["rule_id"] == rule_id)


# ---- stored records ----------------------------------------------------------------------------

DEPARTMENTS = (
    "housing_construction",
    "development_reform",
    "economy_information",
    "natural_resources_planning",
    "ecology_environment",
)
INVESTOR = {"name": "温州城发保障房投资有限公司", "uscc": "91330300MA2CD3E4FE"}
OPERATOR = {"name": "温州安居运营管理有限公司", "uscc": "91330302MA2GH7J8KQ"}
RESIDENT = "330302199001011235"
OTHER_RESIDENT = "330303198807200037"


async def step(
    api: Api, path: str, body: Any, *, headers: dict[str, str], expect: int = 200
) -> Any:
    """POST a step with the resource's current ETag (GET first); the response body."""
    resource = path.rsplit("/", 1)[0]
    current = await api.client.get(f"{P}{resource}", headers=api.read)
    assert current.status_code == 200, current.text
    r = await api.client.post(
        f"{P}{path}", json=body, headers={**headers, "If-Match": current.headers["ETag"]}
    )
    assert r.status_code == expect, r.text
    return r.json()


async def new_project(api: Api, **changes: Any) -> Any:
    from housing.api.check_schemas import EXAMPLE_PROJECT

    body = {
        "name": "鹿城区滨江人才公寓",
        "investor": INVESTOR,
        "operator": OPERATOR,
        **EXAMPLE_PROJECT,
        "as_of": "2024-03-20",
        **changes,
    }
    return await api.post("/projects", body, headers=api.keyed(api.write), expect=201)


async def recognised_project(api: Api, **changes: Any) -> str:
    project_id = str((await new_project(api, **changes))["project_id"])
    await step(api, f"/projects/{project_id}/submit", {"on": "2024-04-01"}, headers=api.write)
    for d in DEPARTMENTS:
        opinion = {"department": d, "reviewer": "王某", "given_on": "2024-04-08", "agrees": True}
        await step(api, f"/projects/{project_id}/opinions", opinion, headers=api.review)
    cert = {"number": f"鹿保租认〔2024〕{uuid.uuid4().hex[:6]}号", "issued_on": "2024-04-15"}
    await step(api, f"/projects/{project_id}/certificate", cert, headers=api.review)
    rent = {
        "amount": "2500.00",
        "source": "third_party_appraisal",
        "valued_on": "2024-01-10",
        "appraiser": "温州信诚房地产评估有限公司",
        "commissioned_by": "operator",
    }
    await api.post(f"/projects/{project_id}/market-rents", rent, headers=api.write, expect=201)
    return project_id


async def eligible_application(api: Api, resident_id: str = RESIDENT, **changes: Any) -> str:
    from housing.api.check_schemas import EXAMPLE_TENANT

    body = {
        "resident_id": resident_id,
        "name": "张三",
        **EXAMPLE_TENANT,
        "as_of": "2024-03-20",
        **changes,
    }
    created = await api.post("/tenant-applications", body, headers=api.keyed(api.write), expect=201)
    application_id = str(created["application_id"])
    await step(
        api,
        f"/tenant-applications/{application_id}/review",
        {"on": "2024-03-25"},
        headers=api.write,
    )
    return application_id


def lease_body(application_id: str, project_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "project_id": project_id,
        "unit": {"label": "3-1204", "type": "residential", "area": "65.00"},
        "starts_on": "2024-05-01",
        "term_months": 60,
        "monthly_rent": "2000.00",
        **changes,
    }
