"""Worked example 5 over HTTP, and the deadlines register's filters, as-of day and paging.

A notice starting 2022-01-28 ends 2022-02-08 (Spring Festival in between); an objection raised
2021-12-20 is concluded by 2022-01-30 (a make-up working Sunday); an agreement signed 2022-01-26
is filed by 2022-02-14; approved 2021-08-31 and unsigned → the 6-month mark is 2022-02-28 and
the termination report is due 2022-03-28.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from .conftest import Api, P, approved_application, step


def _by_kind(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["kind"]: d for d in body["deadlines"]}


async def test_approved_and_unsigned_the_termination_report_falls_overdue(api: Api) -> None:
    app_id = await approved_application(api, "2021-08-31")
    body = await api.get(f"/applications/{app_id}")
    signing, report = _by_kind(body)["signing"], _by_kind(body)["termination_report"]
    assert (signing["due"], signing["rule_id"], signing["basis_date"]) == (
        "2022-02-28",
        "FUND-PROC-SIGN-6M",
        "2021-08-31",
    )
    assert (report["due"], report["basis_date"]) == ("2022-03-28", "2022-02-28")

    on_the_day = await api.get(
        "/deadlines", overdue="true", on="2022-03-28", application=app_id, kind="termination_report"
    )
    assert on_the_day["items"] == []  # due through the end of its last day
    late = await api.get("/deadlines", overdue="true", on="2022-03-29", application=app_id)
    items = {d["kind"]: d for d in late["items"]}
    assert set(items) == {"signing", "termination_report"}
    term = items["termination_report"]
    assert term["overdue"] is True
    assert term["days_overdue"] == 1
    assert term["working_days_overdue"] == 1
    assert term["status"] == "open"
    assert term["application_id"] == app_id
    assert items["signing"]["days_overdue"] == 29
    assert [d["kind"] for d in late["items"]] == ["signing", "termination_report"]  # by due date
    not_late = await api.get("/deadlines", overdue="false", on="2022-03-29", application=app_id)
    assert not_late["items"] == []

    # Terminating before the signing deadline has passed is refused; after it, the step is the
    # termination report itself.
    early = await step(api, app_id, "terminate", "2022-02-28", expect=422)
    assert early["rule_id"] == "FUND-PROC-SIGN-6M"
    done = await step(api, app_id, "terminate", "2022-03-29")
    assert done["stage"] == "terminated"
    status = {d["kind"]: (d["status"], d["done_on"], d["overdue"]) for d in done["deadlines"]}
    assert status == {
        "signing": ("cancelled", None, False),
        "termination_report": ("met", "2022-03-29", False),
    }
    after = await api.get("/deadlines", overdue="true", on="2022-04-01", application=app_id)
    assert after["items"] == []


async def test_a_notice_starting_2022_01_28_ends_2022_02_08(api: Api) -> None:
    app_id = await approved_application(api, "2022-01-20")
    started = await step(api, app_id, "start_notice", "2022-01-28")
    notice = _by_kind(started)["notice_end"]
    assert (notice["due"], notice["rule_id"], notice["status"]) == (
        "2022-02-08",
        "FUND-PROC-NOTICE",
        "open",
    )
    early = await step(api, app_id, "close_notice", "2022-02-07", expect=422)
    assert early["rule_id"] == "FUND-PROC-NOTICE"
    closed = await step(api, app_id, "close_notice", "2022-02-08")
    assert closed["stage"] == "signing"
    notice = _by_kind(closed)["notice_end"]
    assert (notice["status"], notice["done_on"]) == ("met", "2022-02-08")
    assert _by_kind(closed)["signing"]["status"] == "open"  # still running


async def test_an_objection_raised_2021_12_20_is_concluded_by_2022_01_30(api: Api) -> None:
    app_id = await approved_application(api, "2021-12-01")
    await step(api, app_id, "start_notice", "2021-12-14")
    raised = await step(api, app_id, "raise_objection", "2021-12-20")
    objection = _by_kind(raised)["objection_conclusion"]
    assert (objection["due"], objection["rule_id"], objection["basis_date"]) == (
        "2022-01-30",
        "FUND-PROC-NOTICE",
        "2021-12-20",
    )
    assert _by_kind(raised)["notice_end"]["status"] == "cancelled"
    overdue = await api.get(
        "/deadlines",
        overdue="true",
        on="2022-02-07",
        application=app_id,
        rule_id="FUND-PROC-NOTICE",
    )
    # 01-31 … 02-06 is the Spring Festival: 8 calendar days, 1 working day (02-07) late.
    assert [
        (d["kind"], d["days_overdue"], d["working_days_overdue"]) for d in overdue["items"]
    ] == [("objection_conclusion", 8, 1)]
    cleared = await step(api, app_id, "clear_objection", "2022-01-30")
    assert cleared["stage"] == "signing"
    objection = _by_kind(cleared)["objection_conclusion"]
    assert (objection["status"], objection["done_on"]) == ("met", "2022-01-30")


async def test_an_agreement_signed_2022_01_26_is_filed_by_2022_02_14(api: Api) -> None:
    app_id = await approved_application(api, "2021-12-01")
    await step(api, app_id, "start_notice", "2021-12-14")
    await step(api, app_id, "close_notice", "2021-12-20")
    signed = await step(api, app_id, "sign", "2022-01-26")
    deadlines = _by_kind(signed)
    assert (deadlines["filing"]["due"], deadlines["filing"]["rule_id"]) == (
        "2022-02-14",
        "FUND-PROC-FILING",
    )
    assert (deadlines["signing"]["status"], deadlines["signing"]["done_on"]) == (
        "met",
        "2022-01-26",
    )
    assert deadlines["termination_report"]["status"] == "cancelled"

    in_time = await api.get("/deadlines", overdue="true", on="2022-02-14", application=app_id)
    assert in_time["items"] == []
    late = await api.get("/deadlines", overdue="true", on="2022-02-15", application=app_id)
    assert [(d["kind"], d["days_overdue"]) for d in late["items"]] == [("filing", 1)]
    filed = await step(api, app_id, "file_agreement", "2022-02-14")
    assert filed["filed_on"] == "2022-02-14"
    assert (_by_kind(filed)["filing"]["status"], _by_kind(filed)["filing"]["done_on"]) == (
        "met",
        "2022-02-14",
    )
    assert "file_agreement" not in {a["action"] for a in filed["allowed_actions"]}


async def test_filters_and_paging(api: Api) -> None:
    a = await approved_application(api, "2021-08-31")
    b = await approved_application(api, "2021-09-30")
    both = [a, b]
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"rule_id": "FUND-PROC-SIGN-6M", "limit": 1}
        if cursor:
            params["cursor"] = cursor
        page = await api.get("/deadlines", **params)
        seen += [d for d in page["items"] if d["application_id"] in both]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert [(d["application_id"], d["kind"], d["due"]) for d in seen] == [
        (a, "signing", "2022-02-28"),
        (a, "termination_report", "2022-03-28"),
        (b, "signing", "2022-03-30"),
        # 2022-04-30 falls in the May Day holiday (04-30 … 05-04): the period ends 05-05
        (b, "termination_report", "2022-05-05"),
    ]
    before = await api.get("/deadlines", application=b, due_before="2022-05-05")
    assert [d["kind"] for d in before["items"]] == ["signing"]  # due_before is exclusive
    kind = await api.get("/deadlines", application=a, kind="termination_report", status="open")
    assert [d["due"] for d in kind["items"]] == ["2022-03-28"]
    # An as-of day in a year whose holiday notice is not published still lists the deadlines.
    far = await api.get("/deadlines", application=a, overdue="true", on="2099-03-02")
    assert {d["working_days_overdue"] for d in far["items"]} == {None}
    assert far["items"][0]["days_overdue"] == 28126  # 2022-02-28 → 2099-03-02
    none = await api.get("/deadlines", application=a, status="met")
    assert none["items"] == []
    for bad in ({"status": "late"}, {"kind": "x"}, {"on": "2022-02-30"}, {"cursor": "!!"}):
        r = await api.client.get(f"{P}/deadlines", params=bad, headers=api.read)
        assert r.status_code == 422, bad
    spec = (await api.client.get("/openapi.json")).json()
    assert "/fund/v1/deadlines" in spec["paths"]
    unauthorised = await api.client.get(f"{P}/deadlines")
    assert unauthorised.status_code == 401


@pytest.mark.parametrize(
    "position",
    [{}, {"due": "2022-01-01", "id": 5}, {"due": "2022-13-01", "id": str(uuid.uuid4())}, [1]],
)
async def test_a_cursor_not_issued_here_is_a_422(api: Api, position: object) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")
    for path in ("/deadlines", "/applications", "/concessions", "/reference/lpr"):
        body = await api.get(path, cursor=cursor, expect=422)
        assert body["code"] == "validation-error"
