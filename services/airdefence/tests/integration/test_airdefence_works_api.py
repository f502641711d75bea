"""The works register over HTTP: record, list, change (If-Match), acceptance, the free handover
and the first registration refused and allowed at the right steps (worked example 2)."""

from __future__ import annotations

import copy
from typing import Any

from airdefence.api.works_schemas import EXAMPLE_WORKS

from .conftest import DEVELOPER, ENTERPRISE, GROUP, INSTITUTION, ORGAN, VILLAGE, Api, P


def works_body(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE_WORKS)
    body.update(changes)
    return body


async def new_works(api: Api, **changes: Any) -> Any:
    r = await api.client.post(
        f"{P}/works", json=works_body(**changes), headers=api.keyed(api.write)
    )
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"{P}/works/{r.json()['works_id']}"
    assert r.headers["ETag"] == '"1"'
    return r.json()


async def act(
    api: Api,
    works_id: str,
    step: str,
    body: dict[str, Any],
    *,
    expect: int = 200,
    headers: Any = None,
) -> Any:
    current = await api.client.get(f"{P}/works/{works_id}", headers=api.read)
    r = await api.client.post(
        f"{P}/works/{works_id}/{step}",
        json=body,
        headers={**(headers or api.register), "If-Match": current.headers["ETag"]},
    )
    assert r.status_code == expect, r.text
    return r.json()


HANDOVER = {
    "handed_over_on": "2024-05-28",
    "receiver": ENTERPRISE,
    "designation_document": "鹿政办〔2022〕35号",
}


def registration(owner: dict[str, str], on: str = "2024-06-18", **more: Any) -> dict[str, Any]:
    return {
        "registered_on": on,
        "certificate_no": "浙（2024）温州市不动产权第0123456号",
        "owner": owner,
        **more,
    }


async def test_record_and_read_a_works(api: Api) -> None:
    created = await new_works(api)
    assert created["status"] == "accepted"
    assert created["ownership"] == {
        "ownership": "state",
        "registration_subject": "designated_state_enterprise",
        "registrable_now": False,
        "handover_required": True,
    }
    assert created["basement_floor_area"] == "10000.00"
    assert created["responsible"] == {"uscc": DEVELOPER["uscc"], "name": DEVELOPER["name"]}
    got = await api.client.get(f"{P}/works/{created['works_id']}", headers=api.read)
    assert got.json() == created
    again = await api.client.get(
        f"{P}/works/{created['works_id']}", headers={**api.read, "If-None-Match": '"1"'}
    )
    assert again.status_code == 304


async def test_a_retry_with_the_same_key_replays(api: Api) -> None:
    headers = api.keyed(api.write, "works-retry-1")
    first = await api.client.post(f"{P}/works", json=works_body(), headers=headers)
    second = await api.client.post(f"{P}/works", json=works_body(), headers=headers)
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.json()["works_id"] == first.json()["works_id"]
    other = await api.client.post(f"{P}/works", json=works_body(name="另一工程"), headers=headers)
    assert other.status_code == 422
    page = await api.get("/works", name="某某花园防空地下室")
    assert len(page["items"]) == 1


async def test_bad_facts_are_422_naming_the_field_and_store_nothing(api: Api) -> None:
    cases = [
        (works_body(basement_floor_area="0.00"), "#/basement_floor_area"),
        (works_body(net_parking_area="10000.01"), "#/net_parking_area"),
        (works_body(net_parking_area=None), "#/net_parking_area"),
        (
            works_body(land="village_retained", builder={**DEVELOPER, "category": "other"}),
            "#/builder/category",
        ),
        (works_body(county="330100"), "#/county"),
        (
            works_body(builder={**DEVELOPER, "uscc": "91330302MA2C3D4E5X", "category": "other"}),
            "#/builder/uscc",
        ),
        (
            works_body(
                zones=[
                    {
                        "name": "甲",
                        "floor_area": "10000.01",
                        "location": "地下一层",
                        "entrances": [],
                    }
                ]
            ),
            "#/zones",
        ),
    ]
    for body, pointer in cases:
        r = await api.client.post(f"{P}/works", json=body, headers=api.keyed(api.write))
        assert r.status_code == 422, (pointer, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert pointer in [e["pointer"] for e in r.json()["errors"]], (pointer, r.text)
    assert (await api.get("/works"))["items"] == []


async def test_list_filters(api: Api) -> None:
    a = await new_works(api)
    b = await new_works(
        api,
        name="乙工程",
        county="330324",
        land="village_retained",
        builder={**VILLAGE, "category": "village_collective"},
        peacetime_use="storage",
        net_parking_area=None,
    )
    assert b["ownership"]["ownership"] == "not_transferred"
    by_county = await api.get("/works", county="330324")
    assert [w["works_id"] for w in by_county["items"]] == [b["works_id"]]
    by_builder = await api.get("/works", builder=DEVELOPER["uscc"])
    assert [w["works_id"] for w in by_builder["items"]] == [a["works_id"]]
    by_use = await api.get("/works", use="storage")
    assert [w["works_id"] for w in by_use["items"]] == [b["works_id"]]
    assert len((await api.get("/works", ownership="not_transferred"))["items"]) == 1
    first = await api.get("/works", limit=1)
    second = await api.get("/works", limit=1, cursor=first["next_cursor"])
    assert [first["items"][0]["works_id"], second["items"][0]["works_id"]] == [
        a["works_id"],
        b["works_id"],
    ]
    assert second["next_cursor"] is None
    bad = await api.client.get(
        f"{P}/works", params={"cursor": "bm90LWEtY3Vyc29y"}, headers=api.read
    )
    assert bad.status_code == 422


async def test_patch_needs_if_match_and_is_audited(api: Api) -> None:
    w = await new_works(api)
    url = f"{P}/works/{w['works_id']}"
    change = {"peacetime_use": "storage", "net_parking_area": None}
    missing = await api.client.patch(url, json=change, headers=api.write)
    assert missing.status_code == 428
    stale = await api.client.patch(url, json=change, headers={**api.write, "If-Match": '"7"'})
    assert stale.status_code == 412
    ok = await api.client.patch(url, json=change, headers={**api.write, "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.headers["ETag"] == '"2"'
    assert ok.json()["peacetime_use"] == "storage"
    again = await api.client.patch(url, json=change, headers={**api.write, "If-Match": '"1"'})
    assert again.status_code == 412
    null_required = await api.client.patch(
        url, json={"basement_floor_area": None}, headers={**api.write, "If-Match": '"2"'}
    )
    assert null_required.status_code == 422
    trail = await api.get("/audit", headers=api.headers("audit:read"), entity_type="works")
    actions = [
        e["action"] for e in trail["items"] if e["entity_id"].endswith(w["works_id"][-4:]) or True
    ]
    assert "works.create" in actions
    assert "works.update" in actions


async def test_example_2_developer_registered_after_the_recorded_free_handover(api: Api) -> None:
    w = await new_works(api)
    wid = w["works_id"]
    # Registration before the handover: refused, nothing stored.
    refused = await act(api, wid, "registration", registration(ENTERPRISE), expect=422)
    assert (refused["code"], refused["rule_id"]) == ("rule-violation", "AD-REG-SUBJECT")
    assert (await api.get(f"/works/{wid}"))["registration"] is None
    # The handover needs the registration authority's scope.
    await act(api, wid, "handover", HANDOVER, expect=403, headers=api.write)
    handed = await act(api, wid, "handover", HANDOVER)
    assert handed["status"] == "handed_over"
    assert handed["handover"]["builder"]["uscc"] == DEVELOPER["uscc"]
    assert handed["handover"]["receiver"]["uscc"] == ENTERPRISE["uscc"]
    assert handed["responsible"]["uscc"] == ENTERPRISE["uscc"]
    assert handed["ownership"]["registrable_now"] is True
    await act(api, wid, "handover", HANDOVER, expect=409)
    # Registered in another's name: refused.
    wrong = await act(api, wid, "registration", registration(DEVELOPER), expect=422)
    assert wrong["rule_id"] == "AD-REG-SUBJECT"
    assert wrong["errors"][0]["pointer"] == "#/owner/uscc"
    # Before the handover day: refused.
    early = await act(
        api, wid, "registration", registration(ENTERPRISE, on="2024-05-27"), expect=422
    )
    assert early["rule_id"] == "AD-REG-SUBJECT"
    done = await act(api, wid, "registration", registration(ENTERPRISE))
    assert done["status"] == "registered"
    assert done["owner"] == ENTERPRISE
    assert done["registration"]["subject"] == "designated_state_enterprise"
    decision = await api.get(f"/decisions/{done['registration']['decision_id']}")
    assert decision["subject"] == "airdefence.registration"
    assert decision["outcome"] == "pass"
    await act(api, wid, "registration", registration(ENTERPRISE), expect=409)
    owned = await api.get("/works", owner=ENTERPRISE["uscc"])
    assert [x["works_id"] for x in owned["items"]] == [wid]
    regs = await api.get(f"/works/{wid}/registrations")
    assert [r["kind"] for r in regs["items"]] == ["first"]


async def test_example_2_before_completion_acceptance_registration_refused(api: Api) -> None:
    w = await new_works(
        api, builder={**INSTITUTION, "category": "public_institution"}, acceptance=None
    )
    wid = w["works_id"]
    assert w["status"] == "under_construction"
    refused = await act(api, wid, "registration", registration(INSTITUTION), expect=422)
    assert refused["rule_id"] == "AD-REG-ACCEPTANCE"
    assert refused["clause"] == "温政办〔2021〕71号 四（三）"
    accepted = await act(
        api,
        wid,
        "acceptance",
        {"accepted_on": "2024-06-10", "certificate_no": "温人防验〔2024〕031号"},
        headers=api.write,
    )
    assert accepted["status"] == "accepted"
    # Registered the day before acceptance: still refused; on the day: allowed, to itself.
    day_before = await act(
        api, wid, "registration", registration(INSTITUTION, on="2024-06-09"), expect=422
    )
    assert day_before["rule_id"] == "AD-REG-ACCEPTANCE"
    done = await act(api, wid, "registration", registration(INSTITUTION, on="2024-06-10"))
    assert done["registration"]["subject"] == "builder"
    assert done["owner"]["uscc"] == INSTITUTION["uscc"]


async def test_example_2_enclosed_area_and_the_groups_own_project_go_to_the_group(api: Api) -> None:
    inside = await new_works(api, in_enclosed_area=True)
    assert inside["ownership"]["registration_subject"] == "city_development_group"
    assert inside["ownership"]["handover_required"] is False
    await act(api, inside["works_id"], "handover", HANDOVER, expect=422)
    done = await act(api, inside["works_id"], "registration", registration(GROUP))
    assert done["registration"]["subject"] == "city_development_group"
    own = await new_works(api, builder={**GROUP, "category": "city_development_group"})
    wrong = await act(api, own["works_id"], "registration", registration(ENTERPRISE), expect=422)
    assert wrong["rule_id"] == "AD-REG-SUBJECT"
    await act(api, own["works_id"], "registration", registration(GROUP))


async def test_group_code_when_configured_is_checked(api: Api) -> None:
    r = await api.client.put(
        f"{P}/admin/parameters/airdefence.registration.city_development_group_uscc",
        json={"value": GROUP["uscc"], "effective_from": "2022-01-01", "source": "市人防办配置"},
        headers=api.admin,
    )
    assert r.status_code == 200, r.text
    inside = await new_works(api, in_enclosed_area=True)
    wrong = await act(api, inside["works_id"], "registration", registration(ENTERPRISE), expect=422)
    assert wrong["rule_id"] == "AD-REG-SUBJECT"


async def test_organ_inside_the_enclosed_area_needs_the_authoritys_choice(api: Api) -> None:
    w = await new_works(
        api, builder={**ORGAN, "category": "party_government_organ"}, in_enclosed_area=True
    )
    assert w["ownership"]["registration_subject"] is None
    unchosen = await act(api, w["works_id"], "registration", registration(ORGAN), expect=422)
    assert unchosen["errors"][0]["pointer"] == "#/subject"
    no_basis = await act(
        api, w["works_id"], "registration", registration(ORGAN, subject="builder"), expect=422
    )
    assert no_basis["errors"][0]["pointer"] == "#/basis"
    done = await act(
        api,
        w["works_id"],
        "registration",
        registration(ORGAN, subject="builder", basis="市政府专题会议纪要〔2024〕12号"),
    )
    assert done["registration"]["subject"] == "builder"
    assert done["registration"]["basis"] == "市政府专题会议纪要〔2024〕12号"


async def test_example_1_village_self_built_works_are_not_registered(api: Api) -> None:
    w = await new_works(
        api,
        land="village_retained",
        builder={**VILLAGE, "category": "village_collective"},
        land_supply_plan_states_state_ownership=None,
    )
    assert w["ownership"]["ownership"] == "not_transferred"
    refused = await act(api, w["works_id"], "registration", registration(VILLAGE), expect=422)
    assert refused["rule_id"] == "AD-OWN-COLLECTIVE"
    decision = await api.get(f"/works/{w['works_id']}/ownership")
    assert decision["result"]["wartime_allocation"] is True


async def test_ownership_facts_are_fixed_after_the_handover(api: Api) -> None:
    w = await new_works(api)
    handed = await act(api, w["works_id"], "handover", HANDOVER)
    r = await api.client.patch(
        f"{P}/works/{w['works_id']}",
        json={"builder": {**INSTITUTION, "category": "public_institution"}},
        headers={**api.write, "If-Match": f'"{handed["version"]}"'},
    )
    assert r.status_code == 409
    fine = await api.client.patch(
        f"{P}/works/{w['works_id']}",
        json={"community": "鹿城区某某花园二期"},
        headers={**api.write, "If-Match": f'"{handed["version"]}"'},
    )
    assert fine.status_code == 200


async def test_steps_dated_in_the_future_or_missing_works(api: Api) -> None:
    w = await new_works(api, acceptance=None)
    future = await act(
        api,
        w["works_id"],
        "acceptance",
        {"accepted_on": "2099-01-01", "certificate_no": "x"},
        expect=422,
        headers=api.write,
    )
    assert future["errors"][0]["pointer"] == "#/accepted_on"
    r = await api.client.get(f"{P}/works/5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", headers=api.read)
    assert r.status_code == 404


async def test_planning_rules_on_the_stored_works(api: Api) -> None:
    w = await new_works(api)
    ok = await api.get(f"/works/{w['works_id']}/planning")
    assert {f["rule_id"]: f["outcome"] for f in ok["findings"]} == {
        "AD-PARK-RATIO": "pass",
        "AD-PARK-PUBLIC": "pass",
        "AD-SAME-QUALITY": "pass",
    }
    assert ok["result"]["minimum_net_parking_area"] == "2500.00"
    quality = copy.deepcopy(EXAMPLE_WORKS["quality"])
    quality["non_air_defence_area"]["delivery"] = "毛坯交付"
    r = await api.client.patch(
        f"{P}/works/{w['works_id']}",
        json={
            "net_parking_area": "2499.99",
            "public_spaces_in_air_defence_area": 1,
            "quality": quality,
        },
        headers={**api.write, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    bad = await api.get(f"/works/{w['works_id']}/planning")
    assert set(bad["failed_rules"]) == {"AD-PARK-RATIO", "AD-PARK-PUBLIC", "AD-SAME-QUALITY"}
    assert bad["result"]["differing"] == ["delivery"]
    none = await new_works(
        api, name="无品质记录", quality=None, peacetime_use="storage", net_parking_area=None
    )
    plain = await api.get(f"/works/{none['works_id']}/planning")
    assert [f["rule_id"] for f in plain["findings"]] == ["AD-PARK-RATIO", "AD-PARK-PUBLIC"]
