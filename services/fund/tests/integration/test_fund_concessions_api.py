"""Concession applications over HTTP: the amount on the applied day (worked examples 2 and 3),
refusals naming the rule, and the FUND-CONC-PROC procedure with each step's deadline."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from fund.db.portfolio import sub_funds

from .conftest import Api, P


async def _sub_fund(api: Api) -> str:
    """A registered sub-fund, written straight into the test's transaction."""
    sub_fund_id = uuid.uuid4()
    now = datetime.now(UTC)
    session = api.app.state.session_override
    await session.execute(
        sa.insert(sub_funds).values(
            sub_fund_id=sub_fund_id,
            name="温州瓯江科创股权投资合伙企业（有限合伙）",
            size=Decimal("100000000.00"),
            mother_fund_commitment=Decimal("30000000.00"),
            registered_on=date(2018, 6, 1),
            investment_years=Decimal(4),
            exit_years=Decimal(3),
            extension_years=Decimal(0),
            reporting_from=date(2018, 6, 1),
            version=1,
            updated_at=now,
            created_at=now,
            created_by="test-client",
        )
    )
    return str(sub_fund_id)


def _pre(sub_fund_id: str, applied_on: str, **inputs: Any) -> dict[str, Any]:
    return {
        "sub_fund_id": sub_fund_id,
        "kind": "pre_liquidation",
        "applied_on": applied_on,
        "applicant": "瓯江创投管理有限公司",
        "pre_liquidation": {
            "buyer": "manager",
            "original_investment": "30000000.00",
            "first_paid_in_on": "2018-06-15",
            "subfund_paid_in_capital": "100000000.00",
            "subfund_external_investment": "85000000.00",
            **inputs,
        },
    }


def _post(sub_fund_id: str, **inputs: Any) -> dict[str, Any]:
    return {
        "sub_fund_id": sub_fund_id,
        "kind": "post_liquidation",
        "applied_on": "2024-03-20",
        "applicant": "瓯江创投管理有限公司",
        "post_liquidation": {
            "mother_fund_paid_in": "20000000.00",
            "credited_reinvestment": "36000000.00",
            "mother_fund_total_returns": "5000000.00",
            **inputs,
        },
    }


async def _apply(api: Api, body: dict[str, Any], expect: int = 201) -> Any:
    r = await api.client.post(f"{P}/concessions", json=body, headers=api.keyed(api.write))
    assert r.status_code == expect, r.text
    return r.json()


async def _step(
    api: Api,
    concession_id: str,
    action: str,
    on: str,
    *,
    expect: int = 200,
    headers: dict[str, str] | None = None,
) -> Any:
    current = await api.client.get(f"{P}/concessions/{concession_id}", headers=api.read)
    r = await api.client.post(
        f"{P}/concessions/{concession_id}/transitions",
        json={"action": action, "on": on},
        headers={**(headers or api.decide), "If-Match": current.headers["ETag"]},
    )
    assert r.status_code == expect, r.text
    return r.json()


def _rule(problem: dict[str, Any], rule_id: str) -> None:
    assert problem["code"] == "rule-violation", problem
    assert problem["rule_id"] == rule_id, problem


def _deadlines(body: dict[str, Any]) -> dict[str, tuple[str, str, str | None]]:
    return {d["kind"]: (d["due"], d["status"], d["done_on"]) for d in body["deadlines"]}


async def test_worked_example_2_the_price_is_computed_on_the_applied_day(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    headers = api.keyed(api.write, f"conc-{uuid.uuid4()}")
    body = _pre(sub_fund_id, "2024-03-20")
    r = await api.client.post(f"{P}/concessions", json=body, headers=headers)
    assert r.status_code == 201, r.text
    created = r.json()
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"{P}/concessions/{created['concession_id']}"
    assert created["stage"] == "applied"
    assert created["amount"] == "31826136.99"
    result = created["result"]
    assert result["price"] == "31826136.99"
    assert result["interest"] == "1826136.99"  # 30,000,000 × 3.45% × (1 + 279/365)
    assert result["year5_start"] == "2022-06-16"  # the day after the 4th anniversary
    assert (result["whole_years"], result["remaining_days"]) == (1, 279)
    assert result["lpr"]["published_on"] == "2024-03-20"
    assert result["lpr"]["lpr_1y_percent"] == "3.45"
    assert created["decision"]["outcome"] == "pass"
    assert "FUND-CONC-PRE-LATER" in {f["rule_id"] for f in created["decision"]["findings"]}
    stored = await api.get(f"/decisions/{created['decision']['decision_id']}")
    assert stored["subject"] == created["decision"]["subject"]
    # FUND-CONC-PROC: the review is due within 30 working days (Qingming and May Day in between).
    assert _deadlines(created) == {"concession_review": ("2024-05-06", "open", None)}
    assert created["deadlines"][0]["sub_fund_id"] == sub_fund_id
    assert [a["action"] for a in created["allowed_actions"]] == ["review", "reject"]

    replay = await api.client.post(f"{P}/concessions", json=body, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["concession_id"] == created["concession_id"]

    within = await _apply(api, _pre(sub_fund_id, "2022-06-15"))  # 4 years, inclusive
    assert within["amount"] == "30000000.00"
    assert within["result"]["interest"] == "0.00"
    assert within["result"]["lpr"] is None


async def test_worked_example_3_post_liquidation_with_the_managers_share(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    created = await _apply(api, _post(sub_fund_id, manager_concession="600000.00"))
    assert created["amount"] == "3000000.00"
    assert created["result"]["band"] == "60%"
    assert created["result"]["manager_minimum"] == "600000.00"
    assert created["result"]["reinvestment_ratio"].startswith("1.8")
    short = await _apply(api, _post(sub_fund_id, manager_concession="599999.99"), expect=422)
    _rule(short, "FUND-CONC-SHARE")
    assert short["failed_rules"] == ["FUND-CONC-SHARE"]
    exactly_150 = await _apply(api, _post(sub_fund_id, credited_reinvestment="30000000.00"))
    assert exactly_150["amount"] == "2000000.00"  # 40% band, inclusive
    below = await _apply(api, _post(sub_fund_id, credited_reinvestment="29999999.99"), expect=422)
    _rule(below, "FUND-CONC-POST-LIQ")


async def test_applications_that_cannot_stand_are_refused(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    # 80% of paid-in capital invested is the condition: 79,999,999.99 misses it.
    short = _pre(sub_fund_id, "2022-06-15", subfund_external_investment="79999999.99")
    _rule(await _apply(api, short, expect=422), "FUND-CONC-PRE-4Y")
    exactly = _pre(sub_fund_id, "2022-06-15", subfund_external_investment="80000000.00")
    assert (await _apply(api, exactly))["amount"] == "30000000.00"

    unknown = await _apply(api, _pre(str(uuid.uuid4()), "2024-03-20"), expect=404)
    assert unknown["code"] == "not-found"
    mixed = {**_pre(sub_fund_id, "2024-03-20"), "kind": "post_liquidation"}
    assert (await _apply(api, mixed, expect=422))["code"] == "validation-error"
    extra = {**_pre(sub_fund_id, "2024-03-20"), "colour": "red"}
    assert (await _apply(api, extra, expect=422))["code"] == "validation-error"
    future = await _apply(api, _pre(sub_fund_id, "2099-01-04"), expect=422)
    assert future["code"] == "validation-error"


async def test_the_procedure_records_and_answers_each_deadline(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    cid = (await _apply(api, _pre(sub_fund_id, "2024-03-20")))["concession_id"]
    _rule(await _step(api, cid, "execute", "2024-04-01", expect=422), "FUND-CONC-PROC")

    url = f"{P}/concessions/{cid}/transitions"
    missing = await api.client.post(
        url, json={"action": "review", "on": "2024-04-15"}, headers=api.write
    )
    assert missing.status_code == 428
    stale = await api.client.post(
        url, json={"action": "review", "on": "2024-04-15"}, headers={**api.write, "If-Match": '"9"'}
    )
    assert stale.status_code == 412

    reviewed = await _step(api, cid, "review", "2024-04-15", headers=api.write)
    assert _deadlines(reviewed) == {
        "concession_review": ("2024-05-06", "met", "2024-04-15"),
        "concession_submission": ("2024-05-28", "open", None),
    }
    await _step(api, cid, "submit", "2024-04-22", headers=api.write)
    forbidden = await _step(api, cid, "decide", "2024-05-10", headers=api.write, expect=403)
    assert forbidden["required_scope"] == "fund:decide"
    decided = await _step(api, cid, "decide", "2024-05-10")
    assert _deadlines(decided)["concession_notice_start"] == ("2024-05-16", "open", None)
    noticed = await _step(api, cid, "start_notice", "2024-05-13", headers=api.write)
    assert _deadlines(noticed)["concession_notice_start"] == ("2024-05-16", "met", "2024-05-13")
    assert _deadlines(noticed)["concession_notice_end"] == ("2024-05-17", "open", None)

    # The notice lasts 5 working days (05-13 … 05-17): it cannot clear before, nor take an
    # objection after.
    _rule(await _step(api, cid, "clear", "2024-05-16", expect=422), "FUND-CONC-PROC")
    _rule(await _step(api, cid, "raise_objection", "2024-05-20", expect=422), "FUND-CONC-PROC")
    objected = await _step(api, cid, "raise_objection", "2024-05-15", headers=api.write)
    assert objected["stage"] == "objection"
    assert _deadlines(objected)["concession_notice_end"] == ("2024-05-17", "cancelled", None)
    assert _deadlines(objected)["concession_objection"] == ("2024-06-27", "open", None)
    overdue = await api.get("/deadlines", concession=cid, overdue="true", on="2024-06-28")
    assert [(d["kind"], d["days_overdue"]) for d in overdue["items"]] == [
        ("concession_objection", 1)
    ]
    denied = await _step(api, cid, "clear", "2024-06-03", headers=api.write, expect=403)
    assert denied["code"] == "forbidden"
    cleared = await _step(api, cid, "clear", "2024-06-03")
    assert _deadlines(cleared)["concession_objection"] == ("2024-06-27", "met", "2024-06-03")
    # within 5 working days; the Dragon Boat Festival (2024-06-10) is not one
    assert _deadlines(cleared)["concession_execution"] == ("2024-06-11", "open", None)
    executed = await _step(api, cid, "execute", "2024-06-11", headers=api.write)
    assert executed["stage"] == "executed"
    assert executed["executed_on"] == "2024-06-11"
    assert executed["allowed_actions"] == []
    assert {d["status"] for d in executed["deadlines"]} == {"met", "cancelled"}
    assert [h["action"] for h in executed["history"]] == [
        "review",
        "submit",
        "decide",
        "start_notice",
        "raise_objection",
        "clear",
        "execute",
    ]
    audit = await api.get(
        "/audit", headers=api.headers("audit:read"), entity_type="concession", entity_id=cid
    )
    assert {e["action"] for e in audit["items"]} >= {"concession.create", "concession.execute"}


async def test_a_clean_notice_clears_on_its_last_day_and_reject_cancels(api: Api) -> None:
    sub_fund_id = await _sub_fund(api)
    cid = (await _apply(api, _pre(sub_fund_id, "2024-03-20")))["concession_id"]
    for action, on in (
        ("review", "2024-04-15"),
        ("submit", "2024-04-22"),
        ("decide", "2024-05-10"),
        ("start_notice", "2024-05-13"),
    ):
        await _step(api, cid, action, on)
    cleared = await _step(api, cid, "clear", "2024-05-17", headers=api.write)
    assert _deadlines(cleared)["concession_notice_end"] == ("2024-05-17", "met", "2024-05-17")
    assert _deadlines(cleared)["concession_execution"] == ("2024-05-24", "open", None)

    other = (await _apply(api, _post(sub_fund_id)))["concession_id"]
    rejected = await _step(api, other, "reject", "2024-04-01")
    assert rejected["stage"] == "rejected"
    assert _deadlines(rejected) == {"concession_review": ("2024-05-06", "cancelled", None)}

    listed = await api.get("/concessions", sub_fund=sub_fund_id, limit=1)
    assert len(listed["items"]) == 1
    assert listed["next_cursor"]
    assert listed["items"][0]["concession_id"] == other
    rest = await api.get("/concessions", sub_fund=sub_fund_id, cursor=listed["next_cursor"])
    assert [i["concession_id"] for i in rest["items"]] == [cid]
    staged = await api.get("/concessions", sub_fund=sub_fund_id, stage="rejected")
    assert [i["concession_id"] for i in staged["items"]] == [other]
    by_sub_fund = await api.get("/deadlines", sub_fund=sub_fund_id, kind="concession_execution")
    assert [d["concession_id"] for d in by_sub_fund["items"]] == [cid]
