"""Applications over HTTP: stored checks, the procedure's stages (FUND-PROC-*), the expert panel,
If-Match and concurrent steps, the committee's scope, the signing extension, and the audit."""

from __future__ import annotations

import asyncio
import functools
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import asyncpg
import pytest

from devstack.testing import TestDatabase
from fund.api.check_schemas import EXAMPLE_APPLICATION, EXAMPLE_EQUAL_TO_LARGEST
from fund.config import FundSettings
from fund.main import create_app
from govkit.calendar import today_shanghai

from .conftest import (
    EXPERT_PANEL,
    Api,
    P,
    approved_application,
    new_application,
    step,
)


def _rule(problem: dict[str, Any], rule_id: str) -> None:
    assert problem["code"] == "rule-violation", problem
    assert problem["rule_id"] == rule_id, problem
    assert problem["clause"].startswith("温政办〔2021〕73号"), problem


async def _to_expert_review(api: Api, on: str = "2022-01-10") -> str:
    app_id = str((await new_application(api))["application_id"])
    for action in ("submit", "complete_pre_review", "complete_due_diligence"):
        await step(api, app_id, action, on)
    return app_id


# ---- creation ---------------------------------------------------------------------------------


async def test_create_checks_the_facts_stores_the_decision_and_replays(api: Api) -> None:
    headers = api.keyed(api.write, f"create-{uuid.uuid4()}")
    body = {**EXAMPLE_APPLICATION, "as_of": "2024-03-20"}
    r = await api.client.post(f"{P}/applications", json=body, headers=headers)
    assert r.status_code == 201, r.text
    created = r.json()
    app_id = created["application_id"]
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"{P}/applications/{app_id}"
    assert created["stage"] == "application"
    assert created["version"] == 1
    assert created["name"] == EXAMPLE_APPLICATION["fund_name"]
    assert created["applicant"] == "瓯江创投管理有限公司"
    check = created["check"]
    assert check["outcome"] == "pass"
    assert check["failed_rules"] == []
    assert check["as_of"] == "2024-03-20"
    assert {"FUND-SUB-SIZE-MIN", "FUND-SUB-NOT-LARGEST"} <= {
        f["rule_id"] for f in check["findings"]
    }
    assert [a["action"] for a in created["allowed_actions"]] == ["submit"]
    stored = await api.get(f"/decisions/{check['decision_id']}")
    assert stored["subject"] == "fund.application"
    assert stored["outcome"] == "pass"

    replay = await api.client.post(f"{P}/applications", json=body, headers=headers)
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["application_id"] == app_id
    other = await api.client.post(
        f"{P}/applications", json={**body, "fund_name": "另一只基金"}, headers=headers
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency-key-reused"
    listed = await api.get("/applications", name="瓯江科创", limit=200)
    assert [i["application_id"] for i in listed["items"]].count(app_id) == 1


async def test_bodies_are_validated(api: Api) -> None:
    bad = await api.client.post(
        f"{P}/applications", json={**EXAMPLE_APPLICATION, "colour": "red"}, headers=api.write
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation-error"
    app_id = str((await new_application(api))["application_id"])
    for body in (
        {"action": "submit", "on": "2022-01-04", "experts": EXPERT_PANEL},
        {"action": "submit", "on": "2022-01-04", "extension_months": 2},
        {"action": "fly", "on": "2022-01-04"},
        {"action": "submit", "on": "2022-13-01"},
        {"action": "submit"},
    ):
        r = await api.client.post(
            f"{P}/applications/{app_id}/transitions",
            json=body,
            headers={**api.write, "If-Match": '"1"'},
        )
        assert r.status_code == 422, body
        assert r.json()["code"] == "validation-error", body
    missing = await api.client.get(f"{P}/applications/{uuid.uuid4()}", headers=api.read)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not-found"


# ---- stages -----------------------------------------------------------------------------------


async def test_a_skipped_stage_is_refused_naming_fund_proc_stages(api: Api) -> None:
    app_id = str((await new_application(api))["application_id"])
    for action in ("approve", "complete_due_diligence", "sign", "complete_pre_review"):
        refused = await step(api, app_id, action, "2022-01-04", expect=422)
        _rule(refused, "FUND-PROC-STAGES")
        assert refused["facts"] == {"stage": "application", "action": action}
    after = await api.client.get(f"{P}/applications/{app_id}", headers=api.read)
    assert after.headers["ETag"] == '"1"'
    assert after.json()["history"] == []

    await step(api, app_id, "submit", "2022-01-04")
    _rule(await step(api, app_id, "submit", "2022-01-05", expect=422), "FUND-PROC-STAGES")
    # A step dated before the previous one would reorder the history.
    _rule(
        await step(api, app_id, "complete_pre_review", "2022-01-03", expect=422),
        "FUND-PROC-STAGES",
    )
    done = await step(api, app_id, "complete_pre_review", "2022-01-04")
    assert done["stage"] == "due_diligence"
    assert done["version"] == 3


async def test_a_step_cannot_be_dated_in_the_future(api: Api) -> None:
    app_id = str((await new_application(api))["application_id"])
    tomorrow = (today_shanghai() + timedelta(days=1)).isoformat()
    refused = await step(api, app_id, "submit", tomorrow, expect=422)
    assert refused["code"] == "validation-error"
    assert refused["errors"][0]["pointer"] == "#/on"
    await step(api, app_id, "submit", today_shanghai().isoformat())


async def test_a_failed_check_blocks_pre_review_until_the_facts_are_corrected(api: Api) -> None:
    created = await new_application(api, EXAMPLE_EQUAL_TO_LARGEST)
    app_id = str(created["application_id"])
    assert created["check_outcome"] == "fail"
    assert created["check"]["failed_rules"] == ["FUND-SUB-NOT-LARGEST"]
    await step(api, app_id, "submit", "2022-01-04")
    refused = await step(api, app_id, "complete_pre_review", "2022-01-05", expect=422)
    _rule(refused, "FUND-SUB-NOT-LARGEST")
    assert refused["failed_rules"] == ["FUND-SUB-NOT-LARGEST"]
    assert refused["decision_id"] == created["check"]["decision_id"]

    corrected = {**EXAMPLE_APPLICATION, "as_of": "2024-03-20"}
    url = f"{P}/applications/{app_id}/facts"
    no_tag = await api.client.put(url, json=corrected, headers=api.write)
    assert no_tag.status_code == 428
    stale = await api.client.put(url, json=corrected, headers={**api.write, "If-Match": '"1"'})
    assert stale.status_code == 412
    r = await api.client.put(url, json=corrected, headers={**api.write, "If-Match": '"2"'})
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"3"'
    assert r.json()["check_outcome"] == "pass"
    assert r.json()["check"]["decision_id"] != created["check"]["decision_id"]
    await step(api, app_id, "complete_pre_review", "2022-01-05")
    late = await api.client.put(url, json=corrected, headers={**api.write, "If-Match": '"4"'})
    assert late.status_code == 422
    _rule(late.json(), "FUND-PROC-STAGES")


# ---- expert panel -----------------------------------------------------------------------------


async def test_an_expert_panel_needs_five_members_of_three_groups_each_independent(
    api: Api,
) -> None:
    app_id = await _to_expert_review(api)
    cases = [
        EXPERT_PANEL[:4],  # 4 < 5
        [*EXPERT_PANEL[:4], {**EXPERT_PANEL[0]}],  # 5 entries, 4 distinct experts
        [*EXPERT_PANEL[:4], {"expert": "周某", "group": "government"}][:2]
        + [{"expert": n, "group": "outside"} for n in ("吴某", "郑某", "冯某")],  # no VC body
        [*EXPERT_PANEL[:4], {**EXPERT_PANEL[4], "independent": False}],
        [*EXPERT_PANEL[:4], {**EXPERT_PANEL[4], "opinion_given": False}],
    ]
    for experts in cases:
        refused = await step(
            api, app_id, "complete_expert_review", "2022-01-11", experts=experts, expect=422
        )
        _rule(refused, "FUND-PROC-EXPERTS")
    done = await step(api, app_id, "complete_expert_review", "2022-01-11", experts=EXPERT_PANEL)
    assert done["stage"] == "investment_decision"
    opinions = done["expert_opinions"]
    assert len(opinions) == 5
    assert {o["expert"] for o in opinions} == {e["expert"] for e in EXPERT_PANEL}
    assert {o["group"] for o in opinions} == {"government", "vc_self_regulatory", "outside"}
    assert {o["transition_id"] for o in opinions} == {done["history"][-1]["transition_id"]}
    assert next(o for o in opinions if o["expert"] == "钱某")["recommendation"] == "conditional"


# ---- If-Match, scopes, concurrency -------------------------------------------------------------


async def test_if_match_is_required_and_must_be_current(api: Api) -> None:
    app_id = str((await new_application(api))["application_id"])
    url = f"{P}/applications/{app_id}/transitions"
    body = {"action": "submit", "on": "2022-01-04"}
    missing = await api.client.post(url, json=body, headers=api.write)
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition-required"
    garbage = await api.client.post(url, json=body, headers={**api.write, "If-Match": "abc"})
    assert garbage.status_code == 412
    ok = await api.client.post(url, json=body, headers={**api.write, "If-Match": '"1"'})
    assert ok.status_code == 200
    assert ok.headers["ETag"] == '"2"'
    stale = await api.client.post(
        url,
        json={"action": "complete_pre_review", "on": "2022-01-04"},
        headers={**api.write, "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "version-mismatch"
    assert stale.json()["current_version"] == 2
    weak = await api.client.post(
        url,
        json={"action": "complete_pre_review", "on": "2022-01-04"},
        headers={**api.write, "If-Match": 'W/"2"'},
    )
    assert weak.status_code == 200


async def test_committee_decisions_need_the_decide_scope(api: Api) -> None:
    app_id = await _to_expert_review(api)
    await step(api, app_id, "complete_expert_review", "2022-01-11", experts=EXPERT_PANEL)
    forbidden = await step(api, app_id, "approve", "2022-01-12", headers=api.write, expect=403)
    assert forbidden["code"] == "forbidden"
    assert forbidden["required_scope"] == "fund:decide"
    no_write = await step(api, app_id, "approve", "2022-01-12", headers=api.read, expect=403)
    assert no_write["code"] == "forbidden"
    approved = await step(api, app_id, "approve", "2022-01-12", headers=api.decide)
    assert approved["stage"] == "public_notice"
    assert approved["approved_on"] == "2022-01-12"
    scopes = {a["action"]: a["scope"] for a in approved["allowed_actions"]}
    assert scopes["start_notice"] == "fund:write"
    assert scopes["terminate"] == "fund:decide"


@pytest.fixture
async def committed(
    service_app_factory: Callable[..., Any],
    auth_headers: Callable[..., dict[str, str]],
    test_database: TestDatabase,
) -> AsyncIterator[Api]:
    """Real commits (concurrency needs them): a client ID of its own, its rows deleted after."""
    client_id = f"fund-applications-{uuid.uuid4().hex[:8]}"
    headers = functools.partial(auth_headers, client_id=client_id)
    async with service_app_factory(create_app, FundSettings, "fund", rollback=False) as (
        app,
        client,
    ):
        try:
            yield Api(client, headers, app)
        finally:
            await _clean(test_database, client_id)


async def _clean(db: TestDatabase, client_id: str) -> None:
    conn = await asyncpg.connect(db.admin)
    try:
        async with conn.transaction():
            ids = [
                r["application_id"]
                for r in await conn.fetch(
                    "SELECT application_id FROM fund.applications WHERE created_by = $1", client_id
                )
            ]
            await conn.execute("DELETE FROM fund.deadlines WHERE application_id = ANY($1)", ids)
            for table in ("expert_opinions", "application_transitions", "applications"):
                await conn.execute(f"DELETE FROM fund.{table} WHERE application_id = ANY($1)", ids)
            await conn.execute("DELETE FROM fund.decisions WHERE created_by = $1", client_id)
            await conn.execute("DELETE FROM fund.idempotency_keys WHERE client_id = $1", client_id)
    finally:
        await conn.close()


async def test_two_concurrent_steps_with_the_same_etag_exactly_one_applies(
    committed: Api,
) -> None:
    api = committed
    app_id = str((await new_application(api))["application_id"])
    url = f"{P}/applications/{app_id}/transitions"
    headers = {**api.decide, "If-Match": '"1"'}
    responses = await asyncio.gather(
        api.client.post(url, json={"action": "submit", "on": "2022-01-04"}, headers=headers),
        api.client.post(url, json={"action": "submit", "on": "2022-01-05"}, headers=headers),
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412], [r.text for r in responses]
    history = (await api.get(f"/applications/{app_id}/transitions"))["items"]
    assert len(history) == 1
    assert history[0]["action"] == "submit"
    current = await api.client.get(f"{P}/applications/{app_id}", headers=api.read)
    assert current.headers["ETag"] == '"2"'


# ---- signing -----------------------------------------------------------------------------------


async def _signing_stage(api: Api) -> str:
    app_id = await approved_application(api, "2021-08-31")
    await step(api, app_id, "start_notice", "2021-09-01")
    # 9-01, 02, 03, 06, 07: the fifth working day
    _rule(await step(api, app_id, "close_notice", "2021-09-06", expect=422), "FUND-PROC-NOTICE")
    await step(api, app_id, "close_notice", "2021-09-07")
    return app_id


def _open(body: dict[str, Any]) -> dict[str, str]:
    return {d["kind"]: d["due"] for d in body["deadlines"] if d["status"] == "open"}


async def test_signing_may_be_extended_once_by_at_most_three_months(api: Api) -> None:
    app_id = await _signing_stage(api)
    before = await api.get(f"/applications/{app_id}")
    assert _open(before) == {"signing": "2022-02-28", "termination_report": "2022-03-28"}

    for months in (4, 0):
        refused = await step(
            api, app_id, "extend_signing", "2022-02-20", extension_months=months, expect=422
        )
        _rule(refused, "FUND-PROC-SIGN-6M")
    extended = await step(api, app_id, "extend_signing", "2022-02-20", extension_months=3)
    assert extended["stage"] == "signing"
    assert extended["sign_extension_months"] == 3
    # 2022-02-28 + 3 months = Saturday 2022-05-28 → Monday 2022-05-30; report 1 month later.
    assert _open(extended) == {"signing": "2022-05-30", "termination_report": "2022-06-30"}
    cancelled = [d for d in extended["deadlines"] if d["status"] == "cancelled"]
    assert {(d["kind"], d["due"]) for d in cancelled} == {
        ("signing", "2022-02-28"),
        ("termination_report", "2022-03-28"),
    }
    assert "extend_signing" not in {a["action"] for a in extended["allowed_actions"]}
    again = await step(api, app_id, "extend_signing", "2022-03-01", extension_months=1, expect=422)
    _rule(again, "FUND-PROC-STAGES")

    # Signing after the extended deadline is refused; on its last day it is in time.
    _rule(await step(api, app_id, "sign", "2022-05-31", expect=422), "FUND-PROC-SIGN-6M")
    signed = await step(api, app_id, "sign", "2022-05-30")
    assert signed["stage"] == "post_investment"
    assert signed["signed_on"] == "2022-05-30"
    by_kind = {d["kind"]: d for d in signed["deadlines"] if d["due"] >= "2022-05-30"}
    assert by_kind["signing"]["status"] == "met"
    assert by_kind["signing"]["done_on"] == "2022-05-30"
    assert by_kind["termination_report"]["status"] == "cancelled"
    assert by_kind["filing"]["status"] == "open"


async def test_extension_only_before_the_termination_report_is_due(api: Api) -> None:
    app_id = await _signing_stage(api)
    late = await step(api, app_id, "extend_signing", "2022-03-29", extension_months=2, expect=422)
    _rule(late, "FUND-PROC-SIGN-6M")
    extended = await step(api, app_id, "extend_signing", "2022-03-28", extension_months=2)
    # 2022-02-28 + 2 months = 2022-04-28 (Thursday)
    assert _open(extended)["signing"] == "2022-04-28"


# ---- audit, history, listing -------------------------------------------------------------------


async def test_every_step_is_audited_with_the_stages_before_and_after(api: Api) -> None:
    app_id = await approved_application(api, "2022-01-12")
    audit = await api.get(
        "/audit",
        headers=api.headers("audit:read"),
        entity_type="application",
        entity_id=app_id,
        order="asc",
        limit=200,
    )
    entries = audit["items"]
    assert [e["action"] for e in entries] == [
        "application.create",
        "application.submit",
        "application.complete_pre_review",
        "application.complete_due_diligence",
        "application.complete_expert_review",
        "application.approve",
    ]
    assert entries[0]["before"] is None
    assert entries[0]["after"]["stage"] == "application"
    approve = entries[-1]
    assert approve["before"]["stage"] == "investment_decision"
    assert approve["after"]["stage"] == "public_notice"
    assert approve["after"]["approved_on"] == "2022-01-12"
    assert approve["actor_client"] == "test-client"
    deadlines = await api.get(
        "/audit",
        headers=api.headers("audit:read"),
        entity_type="deadline",
        action="deadline.recorded",
    )
    assert any(e["after"]["application_id"] == app_id for e in deadlines["items"])

    history = await api.get(f"/applications/{app_id}/transitions")
    assert [(t["seq"], t["from_stage"], t["to_stage"]) for t in history["items"]] == [
        (1, "application", "pre_review"),
        (2, "pre_review", "due_diligence"),
        (3, "due_diligence", "expert_review"),
        (4, "expert_review", "investment_decision"),
        (5, "investment_decision", "public_notice"),
    ]
    assert {t["actor"] for t in history["items"]} == {"test-client"}


async def test_objection_upheld_rejects_and_cancels_the_running_deadlines(api: Api) -> None:
    app_id = await approved_application(api, "2021-12-01")
    await step(api, app_id, "start_notice", "2021-12-14")
    # The notice runs 12-14 … 12-20 (five working days): an objection after it is refused.
    _rule(await step(api, app_id, "raise_objection", "2021-12-21", expect=422), "FUND-PROC-NOTICE")
    raised = await step(api, app_id, "raise_objection", "2021-12-20")
    assert raised["stage"] == "objection_investigation"
    refused = await step(
        api, app_id, "uphold_objection", "2022-01-05", headers=api.write, expect=403
    )
    assert refused["code"] == "forbidden"
    upheld = await step(api, app_id, "uphold_objection", "2022-01-05")
    assert upheld["stage"] == "rejected"
    assert upheld["allowed_actions"] == []
    status = {d["kind"]: (d["status"], d["done_on"]) for d in upheld["deadlines"]}
    assert status == {
        "notice_end": ("cancelled", None),
        "objection_conclusion": ("met", "2022-01-05"),
        "signing": ("cancelled", None),
        "termination_report": ("cancelled", None),
    }


async def test_list_applications_filters_and_pages(api: Api) -> None:
    names = [f"温州测试列表基金{i}号" for i in range(3)]
    ids = [str((await new_application(api, fund_name=n))["application_id"]) for n in names]
    await step(api, ids[0], "submit", "2022-01-04")
    page = await api.get("/applications", name="测试列表基金", limit=2)
    assert len(page["items"]) == 2
    assert page["next_cursor"]
    rest = await api.get("/applications", name="测试列表基金", limit=2, cursor=page["next_cursor"])
    seen = [i["application_id"] for i in page["items"] + rest["items"]]
    assert seen == list(reversed(ids))  # newest first
    assert rest["next_cursor"] is None
    staged = await api.get("/applications", name="测试列表基金", stage="pre_review")
    assert [i["application_id"] for i in staged["items"]] == [ids[0]]
    today = today_shanghai()
    window = await api.get(
        "/applications",
        name="测试列表基金",
        created_from=today - timedelta(days=1),
        created_to=today,
    )
    assert len(window["items"]) == 3
    past = await api.get("/applications", name="测试列表基金", created_to=today - timedelta(days=2))
    assert past["items"] == []
    literal = await api.get("/applications", name="%")
    assert literal["items"] == []
    bad = await api.client.get(f"{P}/applications", params={"cursor": "zz"}, headers=api.read)
    assert bad.status_code == 422
