"""The LPR reference data: seeded from lpr-1y.csv, listed, the quote in force, admin corrections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from .conftest import Api, P

PRE = {
    "original_investment": "30000000.00",
    "first_paid_in_on": "2018-06-15",
    "base_date": "2024-03-20",
}


async def audit(api: Api, published_on: str) -> list[dict[str, Any]]:
    r = await api.client.get(
        f"{P}/audit",
        params={"entity_type": "lpr_quote", "entity_id": published_on},
        headers=api.headers("audit:read"),
    )
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def test_the_history_is_seeded_from_the_csv_newest_first(api: Api) -> None:
    page = await api.get("/reference/lpr", limit=3)
    first = page["items"]
    assert [q["published_on"] for q in first] == sorted(
        (q["published_on"] for q in first), reverse=True
    )
    seen = [q["published_on"] for q in first]
    cursor = page["next_cursor"]
    while cursor:
        page = await api.get("/reference/lpr", limit=200, cursor=cursor)
        seen += [q["published_on"] for q in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(set(seen), reverse=True)
    assert "2019-08-20" in seen
    assert "2024-03-20" in seen
    assert len(seen) >= 85
    oldest = (await api.get("/reference/lpr", to="2019-08-20"))["items"]
    assert oldest == [
        {
            "published_on": "2019-08-20",
            "lpr_1y_percent": "4.25",
            "lpr_5y_percent": "4.85",
            "rate_1y": "0.0425",
            "source": oldest[0]["source"],
            "created_at": oldest[0]["created_at"],
            "created_by": "migration",
            "updated_at": oldest[0]["updated_at"],
        }
    ]
    assert "全国银行间同业拆借中心" in oldest[0]["source"]


async def test_filters_from_and_to_are_inclusive(api: Api) -> None:
    items = (await api.get("/reference/lpr", **{"from": "2024-02-20", "to": "2024-03-20"}))["items"]
    assert [(q["published_on"], q["lpr_1y_percent"]) for q in items] == [
        ("2024-03-20", "3.45"),
        ("2024-02-20", "3.45"),
    ]


async def test_the_quote_in_force_is_the_latest_on_or_before_the_day(api: Api) -> None:
    on_day = await api.get("/reference/lpr/2024-03-20")
    assert on_day["published_on"] == "2024-03-20"
    assert on_day["on"] == "2024-03-20"
    before = await api.get("/reference/lpr/2024-03-19")
    assert before["published_on"] == "2024-02-20"


async def test_no_quote_before_the_first_publication(api: Api) -> None:
    problem = await api.get("/reference/lpr/2019-08-19", expect=404)
    assert problem["code"] == "not-found"
    assert problem["rule_id"] == "FUND-CONC-PRE-LATER"


async def test_put_creates_a_quote_that_the_calculator_uses_at_once(api: Api) -> None:
    day = "2024-03-25"  # between two published quotes (2024-03-20 and 2024-04-22)
    body = {"lpr_1y_percent": "3.10", "lpr_5y_percent": "3.60", "source": "测试公告"}
    r = await api.client.put(f"{P}/reference/lpr/{day}", json=body, headers=api.admin)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"{P}/reference/lpr/{day}"
    assert r.json()["lpr_1y_percent"] == "3.10"
    assert r.json()["created_by"] == "test-client"

    out = await api.post("/calc/concession/pre-liquidation", PRE | {"base_date": "2024-03-28"})
    assert out["lpr"] == {
        "published_on": day,
        "lpr_1y_percent": "3.10",
        "rate": "0.031",
        "source": "测试公告",
    }
    (entry,) = await audit(api, day)
    assert entry["action"] == "lpr_quote.created"
    assert entry["before"] is None
    assert entry["after"]["lpr_1y_percent"] == "3.10"


async def test_put_corrects_a_quote_audited_with_before_and_after(api: Api) -> None:
    body = {"lpr_1y_percent": "3.50", "lpr_5y_percent": "3.95", "source": "更正"}
    r = await api.client.put(f"{P}/reference/lpr/2024-03-20", json=body, headers=api.admin)
    assert r.status_code == 200, r.text
    assert r.json()["lpr_1y_percent"] == "3.50"
    assert r.json()["created_by"] == "migration"

    out = await api.post("/calc/concession/pre-liquidation", PRE)
    # 30,000,000 × 3.50% × (1 + 279/365) = 1,852,602.739…
    assert out["interest"] == "1852602.74"
    assert out["price"] == "31852602.74"
    (entry,) = await audit(api, "2024-03-20")
    assert entry["action"] == "lpr_quote.corrected"
    assert entry["before"]["lpr_1y_percent"] == "3.45"
    assert entry["after"]["lpr_1y_percent"] == "3.50"

    again = await api.client.put(f"{P}/reference/lpr/2024-03-20", json=body, headers=api.admin)
    assert again.status_code == 200
    assert len(await audit(api, "2024-03-20")) == 1  # the same values again change nothing


async def test_three_decimals_are_kept(api: Api) -> None:
    body = {"lpr_1y_percent": "3.455", "source": "测试"}
    r = await api.client.put(f"{P}/reference/lpr/2024-03-26", json=body, headers=api.admin)
    assert r.status_code == 201
    assert r.json()["lpr_1y_percent"] == "3.455"
    assert r.json()["lpr_5y_percent"] is None


@pytest.mark.parametrize(
    ("day", "body"),
    [
        ("2024-03-20", {"lpr_1y_percent": "0", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "-3.45", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "100", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "3.4567", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "abc", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "3.45", "lpr_5y_percent": "100.5", "source": "x"}),
        ("2024-03-20", {"lpr_1y_percent": "3.45"}),
        ("2024-03-20", {"lpr_1y_percent": "3.45", "source": ""}),
        ("2024-03-20", {"lpr_1y_percent": "3.45", "source": "x", "note": "extra"}),
        ("2024-02-30", {"lpr_1y_percent": "3.45", "source": "x"}),
        ("yesterday", {"lpr_1y_percent": "3.45", "source": "x"}),
        ("1980-01-21", {"lpr_1y_percent": "3.45", "source": "x"}),
    ],
)
async def test_put_validation(api: Api, day: str, body: dict[str, Any]) -> None:
    r = await api.client.put(f"{P}/reference/lpr/{day}", json=body, headers=api.admin)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation-error"


async def test_a_quote_cannot_be_published_in_the_future(api: Api) -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    body = {"lpr_1y_percent": "3.00", "source": "x"}
    r = await api.client.put(f"{P}/reference/lpr/{tomorrow}", json=body, headers=api.admin)
    assert r.status_code == 422
    assert r.json()["errors"][0]["name"] == "published_on"


async def test_only_an_administrator_maintains_the_quotes(api: Api) -> None:
    body = {"lpr_1y_percent": "3.00", "source": "x"}
    r = await api.client.put(f"{P}/reference/lpr/2024-03-20", json=body)
    assert r.status_code == 401
    r = await api.client.put(f"{P}/reference/lpr/2024-03-20", json=body, headers=api.decide)
    assert r.status_code == 403
    assert (await api.client.get(f"{P}/reference/lpr")).status_code == 401
    r = await api.client.get(f"{P}/reference/lpr", headers=api.headers("medical:read"))
    assert r.status_code == 403


async def test_list_validation(api: Api) -> None:
    r = await api.client.get(
        f"{P}/reference/lpr", params={"from": "2024-03-20", "to": "2024-01-01"}, headers=api.read
    )
    assert r.status_code == 422
    r = await api.client.get(f"{P}/reference/lpr", params={"cursor": "%%%"}, headers=api.read)
    assert r.status_code == 422
    r = await api.client.get(f"{P}/reference/lpr", params={"limit": 0}, headers=api.read)
    assert r.status_code == 422
