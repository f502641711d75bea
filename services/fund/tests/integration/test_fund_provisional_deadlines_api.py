"""Provisional deadlines: a step whose deadline falls in a year without a published holiday
notice is recorded, its deadline computed with weekends only and marked provisional, and
recomputed (audited) when the year is published."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from govkit.calendar import get_calendar, set_calendar

from .conftest import Api, approved_application, new_sub_fund

NOTICE_2027 = {
    "holidays": ["2027-01-01", "2027-05-31"],
    "makeup_workdays": [],
    "notice_no": "国办发明电〔2026〕99号",
    "notice_date": "2026-11-30",
}


@pytest.fixture(autouse=True)
def restore_calendar() -> Iterator[None]:
    """Publishing 2027 swaps the process's calendar; other tests need 2027 unpublished."""
    saved = get_calendar()
    yield
    set_calendar(saved)


def _by_kind(deadlines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["kind"]: d for d in deadlines if d["status"] == "open"}


async def test_approval_with_a_deadline_in_2027_is_recorded_provisionally_then_recomputed(
    api: Api,
) -> None:
    assert 2027 not in get_calendar().years()
    app_id = await approved_application(api, "2026-11-30")
    detail = await api.get(f"/applications/{app_id}")
    assert detail["stage"] == "public_notice"
    assert detail["approved_on"] == "2026-11-30"
    open_ = _by_kind(detail["deadlines"])
    # 6 months after 2026-11-30 is 2027-05-30, a Sunday: the next working day with weekends
    # only is 2027-05-31; the termination report is due 1 month later, 2027-06-30.
    sign, report = open_["signing"], open_["termination_report"]
    assert (sign["due"], sign["basis_date"], sign["provisional"]) == (
        "2027-05-31",
        "2026-11-30",
        True,
    )
    assert (report["due"], report["basis_date"], report["provisional"]) == (
        "2027-06-30",
        "2027-05-31",
        True,
    )
    [warning] = detail["warnings"]
    for word in ("2027", "Provisional", "signing 2027-05-31", "termination_report 2027-06-30"):
        assert word in warning
    listed = await api.get("/deadlines", application_id=app_id, kind="signing")
    assert [(d["due"], d["provisional"]) for d in listed["items"]] == [("2027-05-31", True)]

    # The stateless calculator still refuses the unpublished year.
    r = await api.client.get(
        "/fund/v1/calendar/deadline?rule=CAL-CAL-DAYS&start=2026-11-30&months=6",
        headers=api.read,
    )
    assert r.status_code == 422
    assert r.json()["type"].endswith("calendar-year-not-published")

    # 2027 is published with a holiday on 2027-05-31: the signing deadline moves to 2027-06-01
    # and the termination report to 1 month after it; neither is provisional any more.
    r = await api.client.put("/fund/v1/admin/calendar/2027", json=NOTICE_2027, headers=api.admin)
    assert r.status_code == 200, r.text
    after = _by_kind((await api.get(f"/applications/{app_id}"))["deadlines"])
    sign2, report2 = after["signing"], after["termination_report"]
    assert (sign2["deadline_id"], sign2["due"], sign2["provisional"]) == (
        sign["deadline_id"],
        "2027-06-01",
        False,
    )
    assert (report2["due"], report2["basis_date"], report2["provisional"]) == (
        "2027-07-01",
        "2027-06-01",
        False,
    )
    assert (await api.get(f"/applications/{app_id}"))["warnings"] == []
    audit = await api.get(
        "/audit",
        headers=api.headers("audit:read"),
        entity_type="deadline",
        entity_id=sign["deadline_id"],
        action="deadline.recomputed",
    )
    [entry] = audit["items"]
    assert entry["before"] == {"due": "2027-05-31", "basis_date": "2026-11-30", "provisional": True}
    assert (entry["after"]["due"], entry["after"]["provisional"]) == ("2027-06-01", False)


async def test_a_sub_fund_registered_in_2026_gets_its_2026q4_and_annual_duties_provisionally(
    api: Api,
) -> None:
    created = await new_sub_fund(api, registered_on="2026-10-15", agreement_signed_on="2026-10-01")
    [warning] = created["warnings"]
    assert "2027" in warning
    assert "2026Q4" in warning
    items = (await api.get(f"/sub-funds/{created['sub_fund_id']}/reporting-schedule", limit=200))[
        "items"
    ]
    duties = {d["subject"]: (d["due"], d["provisional"]) for d in items}
    assert duties["2026Q4"] == ("2027-02-01", True)  # 2027-01-31 is a Sunday
    assert duties["2026"] == ("2027-04-30", True)
    assert duties["2028Q3"] == ("2028-10-30", True)
    assert "2026Q3" not in duties  # the quarter ended before registration
