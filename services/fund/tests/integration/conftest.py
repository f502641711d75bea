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


# ---- applications and their workflow ----------------------------------------------------------

# Five experts from the three groups 三（三）3 names, each with an independent opinion.
EXPERT_PANEL: list[dict[str, Any]] = [
    {"expert": "王某", "group": "government", "recommendation": "support"},
    {"expert": "李某", "group": "government", "recommendation": "support"},
    {"expert": "赵某", "group": "vc_self_regulatory", "recommendation": "support"},
    {"expert": "钱某", "group": "outside", "recommendation": "conditional"},
    {"expert": "孙某", "group": "outside", "recommendation": "support"},
]


async def new_application(api: Api, facts: dict[str, Any] | None = None, **changes: Any) -> Any:
    """Create an application (the check's example facts unless given); its body."""
    from fund.api.check_schemas import EXAMPLE_APPLICATION

    body = {**(facts or EXAMPLE_APPLICATION), "as_of": "2024-03-20", **changes}
    return await api.post("/applications", body, headers=api.keyed(api.write), expect=201)


async def step(
    api: Api,
    application_id: str,
    action: str,
    on: str,
    *,
    expect: int = 200,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Any:
    """Take one transition with the application's current ETag; the response body."""
    current = await api.client.get(f"{P}/applications/{application_id}", headers=api.read)
    assert current.status_code == 200, current.text
    r = await api.client.post(
        f"{P}/applications/{application_id}/transitions",
        json={"action": action, "on": on, **extra},
        headers={**(headers or api.decide), "If-Match": current.headers["ETag"]},
    )
    assert r.status_code == expect, r.text
    return r.json()


async def approved_application(api: Api, approved_on: str, **changes: Any) -> str:
    """A new application taken through every stage up to approval, all on `approved_on`."""
    app_id = str((await new_application(api, **changes))["application_id"])
    for action in ("submit", "complete_pre_review", "complete_due_diligence"):
        await step(api, app_id, action, approved_on)
    await step(api, app_id, "complete_expert_review", approved_on, experts=EXPERT_PANEL)
    await step(api, app_id, "approve", approved_on)
    return app_id


# ---- sub-funds ---------------------------------------------------------------------------------

MOTHER, MANAGER, GROUP, MARKET = (
    "温州市科技创新创业投资基金",
    "瓯江创投管理有限公司",
    "温州某产业集团有限公司",
    "某市场化母基金",
)


def sub_fund_body(**changes: Any) -> dict[str, Any]:
    """A 100,000,000 sub-fund: the mother fund 40,000,000, the others 60,000,000."""
    return {
        "name": "温州瓯江科创股权投资合伙企业（有限合伙）",
        "region": "330302",
        "size": "100000000.00",
        "registered_on": "2023-03-15",
        "agreement_signed_on": "2023-01-10",
        "term": {"investment_years": "4", "exit_years": "3", "extension_years": "1"},
        "contributors": [
            {"name": MOTHER, "role": "mother_fund", "commitment": "40000000.00"},
            {"name": MANAGER, "role": "manager", "commitment": "1000000.00"},
            {"name": GROUP, "role": "other", "commitment": "35000000.00"},
            {"name": MARKET, "role": "other", "commitment": "24000000.00"},
        ],
        **changes,
    }


async def new_sub_fund(api: Api, **changes: Any) -> Any:
    """Register a sub-fund (`sub_fund_body` with `changes`); its body."""
    return await api.post(
        "/sub-funds", sub_fund_body(**changes), headers=api.keyed(api.write), expect=201
    )


def payment(contributor: str, amount: str, paid_on: str) -> dict[str, str]:
    return {"contributor": contributor, "amount": amount, "paid_on": paid_on}
