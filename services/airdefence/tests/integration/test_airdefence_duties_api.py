"""Duties (AD-DUTIES) and county measures (AD-COUNTY-MEASURES) over HTTP: due days from the
shared calendar, completion records, the overdue list with days overdue, the due-items listing
in the shape every service uses, and duties moving with the works' keeper."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from govkit.calendar import get_calendar, set_calendar

from .conftest import DEVELOPER, ENTERPRISE, RECEIVER, Api, P
from .test_airdefence_works_api import HANDOVER, act, new_works, registration


async def schedule(api: Api, works_id: str, expect: int = 201, **body: Any) -> Any:
    payload = {"kind": "maintenance", "interval_months": 1, "starts_on": "2024-06-18", **body}
    r = await api.client.post(
        f"{P}/works/{works_id}/duty-schedules", json=payload, headers=api.keyed(api.write)
    )
    assert r.status_code == expect, r.text
    return r.json()


async def complete(api: Api, duty: dict[str, Any], done_on: str, expect: int = 200) -> Any:
    r = await api.client.post(
        f"{P}/duties/{duty['duty_id']}/completion",
        json={"done_on": done_on, "report": "例行保养"},
        headers={**api.write, "If-Match": f'"{duty["version"]}"'},
    )
    assert r.status_code == expect, r.text
    return r.json()


async def test_schedule_due_days_and_completion_records_the_next(api: Api) -> None:
    w = await new_works(api)
    s = await schedule(api, w["works_id"])
    first = s["duties"][0]
    # 2024-06-18 + 1 month = 2024-07-18 (a Thursday).
    assert (first["n"], first["due"], first["status"]) == (1, "2024-07-18", "open")
    assert first["responsible"] == {"uscc": DEVELOPER["uscc"], "name": DEVELOPER["name"]}
    done = await complete(api, first, "2024-07-16")
    assert (done["met"]["status"], done["met"]["done_on"]) == ("met", "2024-07-16")
    # 2024-06-18 + 2 months = 2024-08-18, a Sunday: the period ends Monday 2024-08-19.
    assert (done["next"]["n"], done["next"]["due"]) == (2, "2024-08-19")
    await complete(api, first, "2024-07-16", expect=412)  # the ETag moved on
    fresh = await api.get(f"/duties/{first['duty_id']}")
    await complete(api, fresh, "2024-07-17", expect=409)
    listed = await api.get(f"/works/{w['works_id']}/duty-schedules")
    assert [d["n"] for d in listed["items"][0]["duties"]] == [1, 2]


async def test_overdue_list_with_days_overdue_on_both_sides(api: Api) -> None:
    w = await new_works(api)
    await schedule(api, w["works_id"])
    on_due = await api.get("/duties", works_id=w["works_id"], overdue="true", on="2024-07-18")
    assert on_due["items"] == []  # due that day: not yet late
    late = await api.get("/duties", works_id=w["works_id"], overdue="true", on="2024-07-19")
    (item,) = late["items"]
    assert (item["days_overdue"], item["working_days_overdue"]) == (1, 1)
    monday = await api.get("/duties", works_id=w["works_id"], overdue="true", on="2024-07-22")
    assert (monday["items"][0]["days_overdue"], monday["items"][0]["working_days_overdue"]) == (
        4,
        2,
    )
    not_late = await api.get("/duties", works_id=w["works_id"], overdue="false", on="2024-07-19")
    assert not_late["items"] == []


async def test_no_duty_before_the_works_exists(api: Api) -> None:
    building = await new_works(api, acceptance=None)
    refused = await schedule(api, building["works_id"], expect=422)
    assert refused["rule_id"] == "AD-DUTIES"
    w = await new_works(api)
    early = await schedule(api, w["works_id"], expect=422, starts_on="2024-05-19")
    assert (early["rule_id"], early["errors"][0]["pointer"]) == ("AD-DUTIES", "#/starts_on")
    s = await schedule(api, w["works_id"], starts_on="2024-05-20")
    before = await complete(api, s["duties"][0], "2024-05-19", expect=422)
    assert (before["rule_id"], before["errors"][0]["pointer"]) == ("AD-DUTIES", "#/done_on")
    future = await complete(api, s["duties"][0], "2099-01-01", expect=422)
    assert future["code"] == "validation-error"
    await schedule(api, w["works_id"], expect=422, interval_months=0)
    await schedule(api, w["works_id"], expect=422, kind="cleaning")


async def test_duties_move_with_handover_registration_and_transfer(api: Api) -> None:
    w = await new_works(api)
    wid = w["works_id"]
    await schedule(api, wid)
    await schedule(api, wid, kind="emergency_drill", interval_months=12)
    await act(api, wid, "handover", HANDOVER)
    keepers = {d["responsible"]["uscc"] for d in (await api.get("/duties", works_id=wid))["items"]}
    assert keepers == {ENTERPRISE["uscc"]}
    await act(api, wid, "registration", registration(ENTERPRISE))
    moved = await act(
        api,
        wid,
        "transfers",
        {
            "kind": "bankruptcy_liquidation",
            "transferred_on": "2025-03-01",
            "receiver": RECEIVER,
            "document": "（2025）浙0302破12号",
        },
        expect=201,
    )
    assert moved["duties_moved"] == 2
    mine = await api.get("/duties", responsible=RECEIVER["uscc"], status="open")
    assert len(mine["items"]) == 2


async def test_county_measures_register_and_due_items(api: Api) -> None:
    listing = await api.get("/county-measures", on="2022-01-01")
    assert (listing["issued"], listing["not_issued"], listing["overdue"]) == (0, 12, 12)
    assert listing["clause"] == "温政办〔2021〕71号 五（二）"
    on_time = await api.get("/county-measures", on="2021-12-31")
    assert on_time["overdue"] == 0  # 12月底前: the last day itself is still in time
    url = f"{P}/admin/county-measures/330302/issuance"
    body = {
        "issued_on": "2021-12-28",
        "document_no": "鹿政办〔2021〕88号",
        "title": "鹿城区国有人民防空工程资产平时使用管理办法",
    }
    assert (await api.client.put(url, json=body, headers=api.write)).status_code == 403
    assert (await api.client.put(url, json=body, headers=api.admin)).status_code == 428
    r = await api.client.put(url, json=body, headers={**api.admin, "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["issued_late_days"]) == ("met", 0)
    late = await api.client.put(
        f"{P}/admin/county-measures/330324/issuance",
        json={**body, "issued_on": "2022-01-01", "document_no": "永政办〔2022〕1号"},
        headers={**api.admin, "If-Match": '"1"'},
    )
    assert late.json()["issued_late_days"] == 1
    zone = await api.client.post(
        f"{P}/admin/county-measures",
        json={"area_code": "330371", "name": "温州经济技术开发区"},
        headers=api.admin,
    )
    assert zone.status_code == 201, zone.text
    assert zone.json()["due"] == "2021-12-31"
    again = await api.client.post(
        f"{P}/admin/county-measures", json={"area_code": "330371", "name": "x"}, headers=api.admin
    )
    assert again.status_code == 409
    overdue = await api.get("/county-measures", overdue="true", on="2024-06-30")
    assert len(overdue["items"]) == 11  # 13 tracked, two issued
    due = await api.get("/due-items", overdue="true", on="2024-06-30", county="330303")
    (item,) = due["items"]
    assert item == {
        "service": "airdefence",
        "item_id": "county-measures-330303",
        "kind": "county_measures",
        "rule_id": "AD-COUNTY-MEASURES",
        "subject": "龙湾区制定国有人民防空工程资产平时使用管理办法",
        "due": "2021-12-31",
        "status": "open",
        "done_on": None,
        "county": "330303",
        "entity": "/airdefence/v1/county-measures/330303",
        "overdue": True,
        "days_overdue": 912,
        "working_days_overdue": 621,
    }
    met = await api.get("/due-items", status="met")
    assert [i["item_id"] for i in met["items"]] == [
        "county-measures-330302",
        "county-measures-330324",
    ]


async def test_due_items_merge_duties_and_measures_sorted_and_paged(api: Api) -> None:
    w = await new_works(api)
    await schedule(api, w["works_id"])
    await schedule(
        api, w["works_id"], kind="emergency_drill", interval_months=12, starts_on="2024-05-20"
    )
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 5, "on": "2024-07-19", **({"cursor": cursor} if cursor else {})}
        page = await api.get("/due-items", **params)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 14  # twelve counties, two duties
    keys = [(i["due"], i["item_id"].encode()) for i in seen]
    assert keys == sorted(keys)
    duty = next(i for i in seen if i["rule_id"] == "AD-DUTIES" and i["kind"] == "maintenance")
    assert duty["subject"] == "某某花园防空地下室：日常维护保养（第1次）"
    assert (duty["due"], duty["overdue"], duty["days_overdue"]) == ("2024-07-18", True, 1)
    assert duty["entity"] == f"/airdefence/v1/duties/{duty['item_id']}"
    before = await api.get("/due-items", due_before="2024-07-18", on="2024-07-19")
    assert all(i["due"] < "2024-07-18" for i in before["items"])
    bad = await api.client.get(f"{P}/due-items", params={"cursor": "e30"}, headers=api.read)
    assert bad.status_code == 422


@pytest.fixture
def restore_calendar() -> Iterator[None]:
    saved = get_calendar()
    yield
    set_calendar(saved)


@pytest.mark.usefixtures("restore_calendar")
async def test_a_due_day_in_an_unpublished_year_is_provisional_until_published(api: Api) -> None:
    w = await new_works(api)
    s = await schedule(api, w["works_id"], starts_on="2026-12-01", kind="professional_repair")
    (first,) = s["duties"]
    # 2026-12-01 + 1 month = 2027-01-01: 2027 has no published calendar; weekends only for now.
    assert (first["due"], first["provisional"]) == ("2027-01-01", True)
    notice = {
        "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"],
        "makeup_workdays": [],
        "notice_no": "国办发明电〔2026〕7号",
        "notice_date": "2026-11-10",
    }
    r = await api.client.put(f"{P}/admin/calendar/2027", json=notice, headers=api.admin)
    assert r.status_code == 200, r.text
    now = await api.get(f"/duties/{first['duty_id']}")
    assert (now["due"], now["provisional"]) == ("2027-01-04", False)
