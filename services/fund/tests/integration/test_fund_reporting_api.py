"""Reporting over HTTP (六（七）): duties generated at registration with the shared calendar,
submissions meeting them, overdue duties listed, major events due within 10 days."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from govkit.calendar import today_shanghai

from .conftest import Api, new_sub_fund


async def _sub_fund(api: Api, **changes: Any) -> str:
    return str((await new_sub_fund(api, registered_on="2024-02-01", **changes))["sub_fund_id"])


async def schedule(api: Api, sub_fund_id: str, **params: Any) -> list[dict[str, Any]]:
    return list(
        (await api.get(f"/sub-funds/{sub_fund_id}/reporting-schedule", limit=200, **params))[
            "items"
        ]
    )


async def report(api: Api, sub_fund_id: str, body: dict[str, Any], expect: int = 201) -> Any:
    return await api.post(
        f"/sub-funds/{sub_fund_id}/reports", body, headers=api.keyed(api.write), expect=expect
    )


async def test_registration_generates_the_duties_the_calendar_allows(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    duties = {(d["kind"], d["subject"]): d for d in await schedule(api, sub_fund_id)}
    # From 2024Q1 through 2026Q4: the 2026Q4 and 2026 annual reports fall due in 2027, whose
    # holiday notice is not published, so they are recorded as provisional (weekends only).
    quarters = [f"{y}Q{q}" for y in (2024, 2025, 2026) for q in (1, 2, 3, 4)]
    assert sorted(s for k, s in duties if k == "report_quarterly") == quarters
    assert sorted(s for k, s in duties if k == "report_annual") == ["2024", "2025", "2026"]
    provisional = {key: d["due"] for key, d in duties.items() if d["provisional"]}
    assert provisional == {
        ("report_quarterly", "2026Q4"): "2027-02-01",  # 2027-01-31 is a Sunday
        ("report_annual", "2026"): "2027-04-30",
    }
    q1 = duties[("report_quarterly", "2024Q1")]
    assert (q1["rule_id"], q1["basis_date"], q1["due"]) == (
        "FUND-REPORT-QUARTERLY",
        "2024-03-31",
        "2024-04-30",  # 1 month after the quarter end
    )
    assert duties[("report_quarterly", "2024Q2")]["due"] == "2024-07-30"  # art. 202: 30 → 30
    annual = duties[("report_annual", "2024")]
    assert (annual["rule_id"], annual["due"]) == ("FUND-REPORT-ANNUAL", "2025-04-30")

    extended = await api.post(
        f"/sub-funds/{sub_fund_id}/reporting-schedule",
        {"through": "2027-12-31"},
        headers=api.write,
    )
    # 2027's duties are recorded too, provisional until the 2027 notice is published.
    created = {d["subject"]: (d["due"], d["provisional"]) for d in extended["created"]}
    assert created == {
        "2027Q1": ("2027-04-30", True),
        "2027Q2": ("2027-07-30", True),
        "2027Q3": ("2027-11-01", True),  # 2027-10-30 is a Saturday
        "2027Q4": ("2028-01-31", True),
        "2027": ("2028-05-01", True),  # 2028-04-30 is a Sunday
    }
    assert extended["calendar_year_missing"] == 2027
    assert extended["computed_through"] == "2027-12-31"
    assert any("2027" in w for w in extended["warnings"])


async def test_reporting_from_skips_periods_reported_outside_the_system(api: Api) -> None:
    sub_fund_id = await _sub_fund(api, reporting_from="2025-01-01")
    subjects = [d["subject"] for d in await schedule(api, sub_fund_id, kind="quarterly")]
    assert subjects[0] == "2025Q1"
    annual = [
        (d["subject"], d["provisional"]) for d in await schedule(api, sub_fund_id, kind="annual")
    ]
    # Three calendar years from 2025; those due after 2026 are provisional (2027 unpublished).
    assert annual == [("2025", False), ("2026", True), ("2027", True)]


async def test_a_submission_meets_its_duty_and_an_overdue_one_is_listed(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    today = today_shanghai()
    overdue = {d["subject"]: d for d in await schedule(api, sub_fund_id, overdue="true")}
    q1 = overdue["2024Q1"]
    assert q1["overdue"] is True
    assert q1["days_overdue"] == (today - date(2024, 4, 30)).days

    on_time = await report(
        api, sub_fund_id, {"kind": "quarterly", "period": "2024Q1", "submitted_on": "2024-04-30"}
    )
    assert on_time["on_time"] is True
    assert on_time["days_late"] == 0
    assert on_time["due"] == "2024-04-30"
    met = {d["subject"]: d for d in await schedule(api, sub_fund_id, status="met")}
    assert met["2024Q1"]["done_on"] == "2024-04-30"
    assert met["2024Q1"]["met_late"] is False
    still_overdue = {d["subject"] for d in await schedule(api, sub_fund_id, overdue="true")}
    assert "2024Q1" not in still_overdue
    assert "2024Q2" in still_overdue

    late = await report(
        api, sub_fund_id, {"kind": "quarterly", "period": "2024Q2", "submitted_on": "2024-07-31"}
    )
    assert (late["on_time"], late["days_late"]) == (False, 1)
    late_duty = next(d for d in await schedule(api, sub_fund_id) if d["subject"] == "2024Q2")
    assert (late_duty["status"], late_duty["met_late"]) == ("met", True)

    annual = await report(
        api, sub_fund_id, {"kind": "annual", "period": "2024", "submitted_on": "2025-04-28"}
    )
    assert annual["on_time"] is True

    listed = await api.get(f"/sub-funds/{sub_fund_id}/reports")
    assert [r["subject"] for r in listed["items"]] == ["2024Q1", "2024Q2", "2024"]
    quarterly = await api.get(f"/sub-funds/{sub_fund_id}/reports", kind="quarterly")
    assert len(quarterly["items"]) == 2

    # The general register sees the same duties.
    register = await api.get("/deadlines", sub_fund=sub_fund_id, overdue="true", limit=200)
    assert "2024Q1" not in {d["subject"] for d in register["items"]}


async def test_one_submission_per_duty_and_real_periods_only(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    body = {"kind": "quarterly", "period": "2024Q3", "submitted_on": "2024-10-20"}
    first = await report(api, sub_fund_id, body)
    dup = await report(api, sub_fund_id, {**body, "submitted_on": "2024-10-21"}, expect=409)
    assert dup["report_id"] == first["report_id"]
    for bad in (
        {"kind": "quarterly", "period": "2024Q5", "submitted_on": "2024-10-20"},
        {"kind": "quarterly", "period": "2024", "submitted_on": "2024-10-20"},
        {"kind": "annual", "period": "2024Q1", "submitted_on": "2025-01-20"},
        {"kind": "quarterly", "period": "2024Q4", "submitted_on": "2024-12-30"},  # not over
        {"kind": "quarterly", "period": "2023Q4", "submitted_on": "2024-01-20"},  # before reg.
        {"kind": "quarterly", "period": "2025Q1", "submitted_on": "2099-04-01"},
        {"kind": "major_event", "submitted_on": "2024-10-20"},
        {"kind": "annual", "period": "0000", "submitted_on": "2024-10-20"},
        {"kind": "annual", "period": "2023", "submitted_on": "1999-10-20"},
        {"kind": "major_event", "event_id": str(uuid.uuid4()), "submitted_on": "2024-10-20"},
    ):
        await report(api, sub_fund_id, bad, expect=422)
    await report(api, str(uuid.uuid4()), body, expect=404)
    await api.get(f"/sub-funds/{uuid.uuid4()}/reporting-schedule", expect=404)
    await api.get(f"/sub-funds/{uuid.uuid4()}/reports", expect=404)
    await api.get(f"/sub-funds/{sub_fund_id}/reports", cursor="not-a-cursor", expect=422)
    await api.get(f"/sub-funds/{sub_fund_id}/reporting-schedule", cursor="e30", expect=422)


async def test_major_event_is_due_in_10_days_shifted_off_the_holiday(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    headers = api.keyed(api.write)
    body = {"occurred_on": "2024-09-25", "description": "核心团队成员2人离职"}
    event = await api.post(
        f"/sub-funds/{sub_fund_id}/major-events", body, headers=headers, expect=201
    )
    replay = await api.post(
        f"/sub-funds/{sub_fund_id}/major-events", body, headers=headers, expect=201
    )
    assert replay == event
    assert event["number"] == 1
    duty = event["duty"]
    # 2024-10-05 falls in the National Day holiday: the last day moves to 2024-10-08.
    assert (duty["rule_id"], duty["basis_date"], duty["due"]) == (
        "FUND-REPORT-MAJOR",
        "2024-09-25",
        "2024-10-08",
    )
    assert duty["status"] == "open"
    second = await api.post(
        f"/sub-funds/{sub_fund_id}/major-events",
        {"occurred_on": "2024-11-01", "description": "主要股东变更"},
        headers=api.keyed(api.write),
        expect=201,
    )
    assert second["number"] == 2

    submitted = await report(
        api,
        sub_fund_id,
        {"kind": "major_event", "event_id": event["event_id"], "submitted_on": "2024-10-08"},
    )
    assert submitted["on_time"] is True
    assert submitted["deadline_id"] == duty["deadline_id"]
    majors = {d["deadline_id"]: d for d in await schedule(api, sub_fund_id, kind="major_event")}
    assert majors[duty["deadline_id"]]["status"] == "met"
    assert majors[second["duty"]["deadline_id"]]["status"] == "open"  # only the matching one

    await api.post(
        f"/sub-funds/{sub_fund_id}/major-events",
        {"occurred_on": "2099-01-01", "description": "未来"},
        headers=api.keyed(api.write),
        expect=422,
    )
