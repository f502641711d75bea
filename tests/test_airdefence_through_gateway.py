"""The air-defence service black-box through the gateway, as its users call it: the catalogue,
every check example of the merged OpenAPI document, the four worked examples, registration
refused and allowed at the right steps, the parking allocation, the overdue duties."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from airdefence.api.works_schemas import EXAMPLE_WORKS
from airdefence.domain import examples as ex

pytestmark = pytest.mark.stack

P = "/airdefence/v1"
ENTERPRISE = {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"}
INSTITUTION = {"uscc": "12330300470000001P", "name": "温州市某某事业发展中心"}


@pytest.fixture(scope="module")
def gw(running_stack: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_stack["gateway"], timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def doc(gw: httpx.Client, running_stack: dict[str, str]) -> dict[str, Any]:
    """The merged document with the air-defence part in it. The service builds its own document
    once, on first request; asked directly first, the gateway's fetch finds it built (on a
    loaded machine the first build can outlast the gateway's fetch timeout)."""
    httpx.get(f"{running_stack['airdefence']}/openapi.json", timeout=60).raise_for_status()
    deadline = time.monotonic() + 30
    while True:
        merged: dict[str, Any] = gw.get("/openapi.json").json()
        if "airdefence" not in merged.get("x-missing-services", []) or time.monotonic() > deadline:
            return merged
        time.sleep(1)


@pytest.fixture(scope="module")
def h(make_token: Callable[..., str]) -> dict[str, str]:
    token = make_token("airdefence:read", "airdefence:write", "airdefence:register")
    return {"Authorization": f"Bearer {token}"}


def keyed(h: dict[str, str]) -> dict[str, str]:
    return {**h, "Idempotency-Key": str(uuid.uuid4())}


def test_every_rule_is_listed_with_its_clause(gw: httpx.Client, h: dict[str, str]) -> None:
    body = gw.get(f"{P}/rules", headers=h).json()
    assert body["count"] == 14
    assert {r["id"] for r in body["rules"]} == {
        "AD-OWN-STATE",
        "AD-OWN-COLLECTIVE",
        "AD-PARK-RATIO",
        "AD-PARK-PUBLIC",
        "AD-SAME-QUALITY",
        "AD-SURVEY",
        "AD-REG-ACCEPTANCE",
        "AD-REG-SUBJECT",
        "AD-DUTIES",
        "AD-LEASE-FEE",
        "AD-PARK-PRIORITY",
        "AD-INCOME-USE",
        "AD-TRANSFER",
        "AD-COUNTY-MEASURES",
    }
    assert all(r["clause"].startswith("温政办〔2021〕71号 ") for r in body["rules"])


def test_merged_document_keeps_every_air_defence_name(doc: dict[str, Any]) -> None:
    assert "airdefence" not in doc.get("x-missing-services", [])
    # The gateway namespaces each service's own components (`<service>__<Name>`): no air-defence
    # model may share its name with another service's, so a generated client keeps them apart.
    names = {tuple(n.split("__", 1)) for n in doc["components"]["schemas"] if "__" in n}
    ours = {name for service, name in names if service == "airdefence"}
    theirs = {name for service, name in names if service != "airdefence"}
    assert len(ours) > 50
    assert ours & theirs == set()
    ops = [
        op["operationId"]
        for path, item in doc["paths"].items()
        if path.startswith(P)
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert ops
    assert all(o.startswith("airdefence_") for o in ops)


def test_every_check_example_answers(
    gw: httpx.Client, h: dict[str, str], doc: dict[str, Any]
) -> None:
    paths = [p for p in doc["paths"] if p.startswith(f"{P}/checks/")]
    assert len(paths) == 5
    for path in paths:
        content = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        values = [e["value"] for e in content.get("examples", {}).values()]
        assert values, path
        for value in values:
            r = gw.post(path, json=value, headers=h)
            assert r.status_code == 200, (path, r.text)


def test_worked_examples_1_to_3(gw: httpx.Client, h: dict[str, str]) -> None:
    def check(kind: str, body: dict[str, Any]) -> Any:
        r = gw.post(f"{P}/checks/{kind}", json=body, headers=h)
        assert r.status_code == 200, r.text
        return r.json()

    state = check("ownership", ex.STATE_LAND_JIEJIAN)["result"]
    assert (state["ownership"], state["free_of_charge"]) == ("state", True)
    village = check("ownership", ex.VILLAGE_RETAINED)["result"]
    assert (village["ownership"], village["wartime_allocation"], village["registrable"]) == (
        "not_transferred",
        True,
        False,
    )
    assert check("ownership", ex.PUBLIC_INSTITUTION)["result"]["registration_subject"] == "builder"
    assert (
        check("ownership", ex.ENCLOSED_AREA)["result"]["registration_subject"]
        == "city_development_group"
    )
    handed = check("ownership", ex.STATE_LAND_JIEJIAN)["result"]
    assert (handed["registration_subject"], handed["handover_recorded"]) == (
        "designated_state_enterprise",
        True,
    )
    assert "AD-REG-ACCEPTANCE" in check("ownership", ex.BEFORE_ACCEPTANCE)["failed_rules"]
    assert check("parking", ex.PARKING_EXACTLY_25)["failed_rules"] == []
    assert check("parking", ex.PARKING_JUST_BELOW)["failed_rules"] == ["AD-PARK-RATIO"]
    storage = {f["rule_id"]: f["outcome"] for f in check("parking", ex.STORAGE)["findings"]}
    assert storage["AD-PARK-RATIO"] == "not_applicable"
    assert check("parking", ex.ONE_PUBLIC_SPACE)["failed_rules"] == ["AD-PARK-PUBLIC"]


def _step(
    gw: httpx.Client, h: dict[str, str], works_id: str, step: str, body: dict[str, Any]
) -> httpx.Response:
    etag = gw.get(f"{P}/works/{works_id}", headers=h).headers["ETag"]
    return gw.post(f"{P}/works/{works_id}/{step}", json=body, headers={**h, "If-Match": etag})


def _works(gw: httpx.Client, h: dict[str, str], **changes: Any) -> str:
    r = gw.post(f"{P}/works", json={**EXAMPLE_WORKS, **changes}, headers=keyed(h))
    assert r.status_code == 201, r.text
    return str(r.json()["works_id"])


def test_registration_refused_and_allowed_at_the_right_steps(
    gw: httpx.Client, h: dict[str, str]
) -> None:
    wid = _works(gw, h, name="黑盒测试防空地下室", acceptance=None)
    reg = {"registered_on": "2024-06-18", "certificate_no": "浙（2024）温州市不动产权第0999999号"}
    before = _step(gw, h, wid, "registration", {**reg, "owner": ENTERPRISE})
    assert before.status_code == 422
    assert before.headers["content-type"].startswith("application/problem+json")
    assert before.json()["rule_id"] == "AD-REG-ACCEPTANCE"
    accepted = _step(
        gw, h, wid, "acceptance", {"accepted_on": "2024-05-20", "certificate_no": "验〔2024〕1号"}
    )
    assert accepted.status_code == 200, accepted.text
    no_handover = _step(gw, h, wid, "registration", {**reg, "owner": ENTERPRISE})
    assert no_handover.json()["rule_id"] == "AD-REG-SUBJECT"
    handover = {
        "handed_over_on": "2024-05-28",
        "receiver": ENTERPRISE,
        "designation_document": "鹿政办〔2022〕35号",
    }
    assert _step(gw, h, wid, "handover", handover).status_code == 200
    done = _step(gw, h, wid, "registration", {**reg, "owner": ENTERPRISE})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "registered"
    assert done.json()["owner"] == ENTERPRISE
    party = gw.get(f"{P}/parties/{ENTERPRISE['uscc']}", headers=h).json()
    assert wid in [w["works_id"] for w in party["as_owner"]]
    institution = _works(
        gw, h, name="事业单位工程", builder={**INSTITUTION, "category": "public_institution"}
    )
    own = _step(gw, h, institution, "registration", {**reg, "owner": INSTITUTION})
    assert own.status_code == 200, own.text
    assert own.json()["registration"]["subject"] == "builder"


def test_worked_example_4_parking_allocation(gw: httpx.Client, h: dict[str, str]) -> None:
    wid = _works(gw, h, name="车位分配测试")
    r = gw.post(
        f"{P}/works/{wid}/parking-allocation",
        json={"spaces": 100, "requests": ex.allocation_requests()},
        headers=keyed(h),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["summary"]["served_owners"], body["summary"]["served_others"]) == (80, 20)
    assert body["summary"]["waiting"] == 20
    assert [p["ref"] for p in body["waiting"]] == [f"other-{n:03d}" for n in range(21, 41)]


def test_overdue_duties_and_due_items(gw: httpx.Client, h: dict[str, str]) -> None:
    wid = _works(gw, h, name="义务测试")
    r = gw.post(
        f"{P}/works/{wid}/duty-schedules",
        json={"kind": "peace_war_conversion", "interval_months": 6, "starts_on": "2024-05-20"},
        headers=keyed(h),
    )
    assert r.status_code == 201, r.text
    (duty,) = r.json()["duties"]
    assert duty["due"] == "2024-11-20"
    late = gw.get(
        f"{P}/duties", params={"works_id": wid, "overdue": "true", "on": "2024-11-25"}, headers=h
    ).json()
    assert [
        (d["duty_id"], d["days_overdue"], d["working_days_overdue"]) for d in late["items"]
    ] == [(duty["duty_id"], 5, 3)]
    due = gw.get(
        f"{P}/due-items", params={"overdue": "true", "on": "2024-11-25", "limit": 200}, headers=h
    ).json()
    mine = [i for i in due["items"] if i["item_id"] == duty["duty_id"]]
    assert mine == [
        {
            "service": "airdefence",
            "item_id": duty["duty_id"],
            "kind": "peace_war_conversion",
            "rule_id": "AD-DUTIES",
            "subject": "义务测试：平战转换（第1次）",
            "due": "2024-11-20",
            "status": "open",
            "done_on": None,
            "county": "330302",
            "entity": f"/airdefence/v1/duties/{duty['duty_id']}",
            "overdue": True,
            "days_overdue": 5,
            "working_days_overdue": 3,
        }
    ]
    counties = [i for i in due["items"] if i["rule_id"] == "AD-COUNTY-MEASURES"]
    assert len(counties) >= 1
    assert all(i["due"] == "2021-12-31" for i in counties)
