"""The completion survey over HTTP: every discrepancy recorded against the works, resolved
once (If-Match)."""

from __future__ import annotations

import copy
from typing import Any

from airdefence.api.survey_schemas import EXAMPLE_SURVEY
from airdefence.api.works_schemas import EXAMPLE_ZONES

from .conftest import Api, P
from .test_airdefence_works_api import new_works


def survey(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(EXAMPLE_SURVEY)
    body.update(changes)
    return body


async def record(api: Api, works_id: str, body: dict[str, Any], expect: int = 201) -> Any:
    r = await api.client.post(
        f"{P}/works/{works_id}/surveys", json=body, headers=api.keyed(api.write)
    )
    assert r.status_code == expect, r.text
    return r.json()


async def test_a_survey_that_agrees_records_no_discrepancy(api: Api) -> None:
    w = await new_works(api)
    out = await record(api, w["works_id"], survey(zones=copy.deepcopy(EXAMPLE_ZONES)))
    assert out["outcome"] == "pass"
    assert out["discrepancies"] == []
    assert {f["rule_id"] for f in out["findings"]} == {
        "AD-SURVEY",
        "AD-PARK-RATIO",
        "AD-PARK-PUBLIC",
    }


async def test_each_discrepancy_is_recorded_against_the_works(api: Api) -> None:
    w = await new_works(api)
    zones = copy.deepcopy(EXAMPLE_ZONES)
    zones[0]["floor_area"] = "3998.60"
    zones[0]["entrances"][1]["location"] = "北侧偏东"
    del zones[1]
    out = await record(
        api,
        w["works_id"],
        survey(zones=zones, net_parking_area="2499.99", public_spaces_in_air_defence_area=1),
    )
    kinds = [(d["kind"], d["subject"]) for d in out["discrepancies"]]
    assert kinds == [
        ("net_parking_area", "机动车车位净面积"),
        ("zone_area", "一号防护单元"),
        ("entrance_location", "一号防护单元 / 2号出入口"),
        ("zone_missing", "二号防护单元"),
        ("net_parking_requirement", "机动车车位净面积与防空地下室的配置要求"),
        ("public_parking_in_air_defence_area", "人防区域内公共泊位"),
    ]
    assert out["discrepancies"][1]["difference"] == "-1.40"
    assert set(out["failed_rules"]) == {"AD-SURVEY", "AD-PARK-RATIO", "AD-PARK-PUBLIC"}
    decision = await api.get(f"/decisions/{out['decision_id']}")
    assert decision["subject"] == "airdefence.survey"
    listed = await api.get(f"/works/{w['works_id']}/surveys")
    assert [s["survey_id"] for s in listed["items"]] == [out["survey_id"]]
    open_ones = await api.get("/discrepancies", works_id=w["works_id"], status="open")
    assert len(open_ones["items"]) == 6
    by_kind = await api.get("/discrepancies", kind="zone_missing", county="330302")
    assert [d["subject"] for d in by_kind["items"]] == ["二号防护单元"]


async def test_resolution_once_with_if_match(api: Api) -> None:
    w = await new_works(api)
    out = await record(api, w["works_id"], survey())
    d = out["discrepancies"][0]
    url = f"{P}/discrepancies/{d['discrepancy_id']}/resolution"
    body = {"resolved_on": "2024-05-20", "resolution": "按实测面积更正登记簿"}
    assert (await api.client.post(url, json=body, headers=api.write)).status_code == 428
    early = await api.client.post(
        url, json={**body, "resolved_on": "2024-05-09"}, headers={**api.write, "If-Match": '"1"'}
    )
    assert early.status_code == 422
    ok = await api.client.post(url, json=body, headers={**api.write, "If-Match": '"1"'})
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "resolved"
    assert ok.headers["ETag"] == '"2"'
    again = await api.client.post(url, json=body, headers={**api.write, "If-Match": '"2"'})
    assert again.status_code == 409
    assert (await api.get("/discrepancies", status="open"))["items"] == []


async def test_bad_survey_input_is_a_422_and_stores_nothing(api: Api) -> None:
    w = await new_works(api)
    for body in (
        survey(basement_floor_area="0"),
        survey(net_parking_area="10000.01"),
        survey(surveyed_on="2099-01-01"),
        survey(zones=[EXAMPLE_ZONES[0], EXAMPLE_ZONES[0]]),
    ):
        await record(api, w["works_id"], body, expect=422)
    assert (await api.get(f"/works/{w['works_id']}/surveys"))["items"] == []
    r = await api.client.post(
        f"{P}/works/5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b/surveys",
        json=survey(),
        headers=api.keyed(api.write),
    )
    assert r.status_code == 404
