"""The calendar's legal periods over HTTP, and 2027 refused until its notice is published."""

from collections.abc import Callable

import pytest

from fund.config import FundSettings
from fund.main import create_app
from govkit.calendar import get_calendar, set_calendar


@pytest.fixture
def restore_calendar():
    saved = get_calendar()
    yield
    set_calendar(saved)


@pytest.mark.parametrize(
    ("query", "due"),
    [
        ("rule=CAL-WD-AFTER&start=2021-09-30&n=5", "2021-10-13"),
        ("rule=CAL-WD-PERIOD&start=2022-01-28&n=5", "2022-02-08"),
        ("rule=CAL-WD-AFTER&start=2021-12-20&n=30", "2022-01-30"),
        ("rule=CAL-CAL-DAYS&start=2021-12-31&months=4", "2022-05-05"),
        ("rule=CAL-CAL-DAYS&start=2021-09-30&months=1", "2021-11-01"),
        ("rule=CAL-CAL-DAYS&start=2021-08-31&months=6", "2022-02-28"),
    ],
)
async def test_worked_examples_over_http(
    query: str, due: str, service_app_factory: Callable[..., object], auth_headers
) -> None:
    async with service_app_factory(create_app, FundSettings, "fund") as (_app, client):
        r = await client.get(
            f"/fund/v1/calendar/deadline?{query}", headers=auth_headers("fund:read")
        )
        assert r.status_code == 200, r.text
        assert r.json()["due"] == due


async def test_bad_combinations_are_422(service_app_factory, auth_headers) -> None:
    async with service_app_factory(create_app, FundSettings, "fund") as (_app, client):
        h = auth_headers("fund:read")
        for q in (
            "rule=CAL-WD-AFTER&start=2021-09-30",
            "rule=CAL-CAL-DAYS&start=2021-09-30&n=3",
            "rule=CAL-CAL-DAYS&start=2021-09-30&days=3&months=1",
            "rule=NOPE&start=2021-01-01",
        ):
            r = await client.get(f"/fund/v1/calendar/deadline?{q}", headers=h)
            assert r.status_code == 422, q
            assert r.headers["content-type"] == "application/problem+json"


async def test_2027_refused_until_published(
    service_app_factory, auth_headers, restore_calendar
) -> None:
    async with service_app_factory(create_app, FundSettings, "fund") as (_app, client):
        read = auth_headers("fund:read")
        r = await client.get(
            "/fund/v1/calendar/deadline?rule=CAL-WD-AFTER&start=2026-12-28&n=10", headers=read
        )
        assert r.status_code == 422
        assert r.json()["type"].endswith("calendar-year-not-published")
        assert "2027" in r.text
        notice = {
            "holidays": ["2027-01-01"],
            "makeup_workdays": [],
            "notice_no": "国办发明电〔2026〕TEST",
            "notice_date": "2026-11-01",
        }
        r = await client.put(
            "/fund/v1/admin/calendar/2027", json=notice, headers=auth_headers("admin")
        )
        assert r.status_code == 200, r.text
        r = await client.get(
            "/fund/v1/calendar/deadline?rule=CAL-WD-AFTER&start=2026-12-28&n=10", headers=read
        )
        assert r.status_code == 200, r.text
        # 12-29, 12-30, 12-31, (01-01 holiday), 01-04 … 01-08, 01-11, 01-12 → tenth is 2027-01-12
        assert r.json()["due"] == "2027-01-12"
