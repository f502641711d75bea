"""CAL-COVERAGE through the API: publish a year (validated, versioned, audited), read it, compute
with it, and load published years at start-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

import govkit.calendar as cal
from devstack.testing import TestDatabase
from govkit.settings import ServiceSettings

from .conftest import make_create_app

pytestmark = pytest.mark.usefixtures("restore_calendar")

YEAR = 2027  # chinese-calendar carries 2004–2026; the fixture restores the calendar after


def days(first: date, last: date) -> list[str]:
    return [(first + timedelta(k)).isoformat() for k in range((last - first).days + 1)]


NOTICE: dict[str, Any] = {
    "holidays": ["2027-01-01", *days(date(2027, 2, 5), date(2027, 2, 11))],
    "makeup_workdays": ["2027-01-31", "2027-02-20"],  # a Sunday and a Saturday
    "notice_no": "国办发明电〔2026〕99号（测试数据）",
    "notice_date": "2026-11-10",
}


async def test_publish_read_and_compute(
    service_app_factory: Callable[..., Any],
    make_token: Callable[..., str],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    admin = {"Authorization": f"Bearer {make_token('admin', client_id='ops', user='wang.wu')}"}
    reader = auth_headers("fund:read")
    async with service_app_factory(make_create_app("fund"), ServiceSettings, "fund") as (_, c):
        client: httpx.AsyncClient = c
        r = await client.get(f"/fund/v1/calendar/{YEAR}", headers=reader)
        assert r.status_code == 422
        assert r.json()["type"] == "/problems/calendar-year-not-published"
        assert r.json()["year"] == YEAR
        r = await client.get("/fund/v1/test/deadline", params={"start": "2026-12-30"})
        assert r.status_code == 422
        assert r.json()["year"] == YEAR

        assert (
            await client.put(f"/fund/v1/admin/calendar/{YEAR}", json=NOTICE, headers=reader)
        ).status_code == 403

        published = await client.put(f"/fund/v1/admin/calendar/{YEAR}", json=NOTICE, headers=admin)
        assert published.status_code == 200, published.text
        body = published.json()
        assert body["year"] == YEAR
        assert body["version"] == 1
        assert body["source_kind"] == "notice"
        assert body["notice_no"] == NOTICE["notice_no"]
        assert body["published_by"] == "ops"
        # 2027: 261 weekdays, minus 6 weekday holidays (01-01, 02-05, 02-08…02-11),
        # plus 2 make-up weekend days.
        assert body["working_days"] == 261 - 6 + 2

        got = (await client.get(f"/fund/v1/calendar/{YEAR}", headers=reader)).json()
        assert got == body
        years = (await client.get("/fund/v1/calendar", headers=reader)).json()
        assert YEAR in years["years"]
        assert YEAR in years["published"]
        # 5 working days after Thursday 2026-12-31 skip the 2027-01-01 holiday and the weekend.
        r = await client.get("/fund/v1/test/deadline", params={"start": "2026-12-31"})
        assert r.json() == {"deadline": "2027-01-08"}

        # Identical data: no new version, no new audit record.
        again = await client.put(f"/fund/v1/admin/calendar/{YEAR}", json=NOTICE, headers=admin)
        assert again.json()["version"] == 1
        corrected = {**NOTICE, "makeup_workdays": ["2027-01-31"], "source": "更正通知"}
        v2 = (
            await client.put(f"/fund/v1/admin/calendar/{YEAR}", json=corrected, headers=admin)
        ).json()
        assert v2["version"] == 2
        assert v2["working_days"] == body["working_days"] - 1
        assert v2["notice_source"] == "更正通知"
        assert cal.get_calendar().describe_year(YEAR).working_days == v2["working_days"]

        log = (
            await client.get(
                "/fund/v1/audit",
                params={"entity_type": "calendar_year", "entity_id": str(YEAR)},
                headers=auth_headers("audit:read"),
            )
        ).json()["items"]
        assert [e["action"] for e in log] == ["calendar.publish", "calendar.publish"]
        assert log[0]["before"]["version"] == 1
        assert log[0]["after"]["version"] == 2
        assert log[1]["before"] is None
        assert log[1]["actor_user"] == "wang.wu"


async def test_invalid_notices_are_422_with_pointers(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    admin = auth_headers("admin")
    async with service_app_factory(make_create_app("fund"), ServiceSettings, "fund") as (_, c):
        bad = {
            **NOTICE,
            "holidays": ["2027-01-01", "2028-01-01"],
            "makeup_workdays": ["2027-01-04"],  # a Monday
        }
        r = await c.put(f"/fund/v1/admin/calendar/{YEAR}", json=bad, headers=admin)
        assert r.status_code == 422
        pointers = {e["pointer"] for e in r.json()["errors"]}
        assert pointers == {"#/holidays", "#/makeup_workdays"}
        r = await c.put(
            "/fund/v1/admin/calendar/3000", json={**NOTICE, "holidays": []}, headers=admin
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["in"] == "path"
        r = await c.put(
            f"/fund/v1/admin/calendar/{YEAR}", json={**NOTICE, "notice_no": ""}, headers=admin
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["pointer"] == "#/notice_no"
        assert YEAR not in cal.get_calendar().years()


async def test_a_package_year_reads_from_chinese_calendar(
    service_app_factory: Callable[..., Any], auth_headers: Callable[..., dict[str, str]]
) -> None:
    async with service_app_factory(make_create_app("medical"), ServiceSettings, "medical") as (
        _,
        c,
    ):
        body = (
            await c.get("/medical/v1/calendar/2021", headers=auth_headers("medical:read"))
        ).json()
        assert body["source_kind"] == "chinese-calendar"
        assert body["version"] is None
        assert body["source"].startswith("chinese-calendar")
        assert "2021-10-09" in body["makeup_workdays"]
        assert "2021-10-01" in body["holidays"]


async def test_published_years_load_at_start_up(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> None:
    year = 2998
    notice = {
        "holidays": [f"{year}-01-01"],
        "makeup_workdays": [],
        "notice_no": "测试",
        "notice_date": f"{year - 1}-12-01",
    }
    create_app = make_create_app("housing")
    try:
        async with service_app_factory(create_app, ServiceSettings, "housing", rollback=False) as (
            _,
            c,
        ):
            r = await c.put(
                f"/housing/v1/admin/calendar/{year}", json=notice, headers=auth_headers("admin")
            )
            assert r.status_code == 200
        cal.set_calendar(cal.default_calendar())  # a fresh process knows only the package years
        assert year not in cal.get_calendar().years()
        async with service_app_factory(create_app, ServiceSettings, "housing") as (_, c):
            assert year in cal.get_calendar().years()
            got = await c.get(f"/housing/v1/calendar/{year}", headers=auth_headers("housing:read"))
            assert got.status_code == 200
            assert got.json()["version"] == 1
    finally:
        conn = await asyncpg.connect(test_database.migrator)
        try:  # the owner may delete publication rows (the service role may not)
            await conn.execute("DELETE FROM housing.calendar_years WHERE year = $1", year)
        finally:
            await conn.close()
