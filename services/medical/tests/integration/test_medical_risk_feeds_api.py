"""MED-RISK-WATCH joins the four departments' data (三（一）3: 医保、民政、卫健、残联): dated feeds are
loaded, the watch list says which sources each person was found in and which feeds are missing
or stale."""

from __future__ import annotations

import uuid
from typing import Any

from .conftest import Api, P, claim, resident_id

DIBAO = [{"category": "dibao", "recognised_on": "2021-06-01"}]
EXTERNAL = ["civil_affairs", "health", "disabled_persons_federation"]


async def _load(api: Api, source: str, as_of: str, entries: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    r = await api.client.post(
        f"{P}/risk-feeds",
        json={"source": source, "as_of": as_of, "entries": entries},
        headers={**api.write, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


async def _watch(api: Api, on: str) -> list[dict[str, Any]]:
    r = await api.client.get(f"{P}/risk-watch", params={"year": 2022, "on": on}, headers=api.read)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


async def _feeds(api: Api, on: str) -> dict[str, Any]:
    r = await api.client.get(f"{P}/risk-feeds", params={"on": on}, headers=api.read)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_the_watch_list_names_the_sources_and_the_missing_or_stale_feeds(api: Api) -> None:
    await api.configure_worked_example()
    await api.configure("medical.risk_watch.self_pay_threshold", "60000.00")
    await api.configure("medical.risk_watch.self_pay_income_ratio_threshold", "0.40")
    rid = resident_id()
    person = await api.register(DIBAO, rid=rid)
    await api.settle_claim(claim(person))  # final self-pay 50,000: below 60,000 on its own

    status = await _feeds(api, "2022-12-31")
    assert status["missing"] == EXTERNAL  # medical insurance is this service's own settlements
    assert status["feeds"][0] == {"source": "medical_insurance", "loaded": True,
                                  "as_of": "2022-12-31", "age_days": 0, "stale": False,
                                  "feed_id": None}  # fmt: skip
    assert await _watch(api, "2022-12-31") == []  # no income known: nothing reaches a threshold

    civil = await _load(api, "civil_affairs", "2022-12-01",
                        [{"resident_id": rid, "household_income": "125000.00"}])  # fmt: skip
    assert (civil["rows"], civil["matched_persons"]) == (1, 1)
    await _load(api, "health", "2022-09-30", [{"resident_id": rid, "details": {"diagnosis": "尿毒症"}}])  # fmt: skip
    await _load(api, "disabled_persons_federation", "2022-11-30",
                [{"resident_id": resident_id(), "details": {"disability_grade": 2}}])  # fmt: skip

    (item,) = await _watch(api, "2022-12-31")
    # 50,000 / 125,000 = 0.40: the ratio threshold is reached (inclusive).
    assert item["person_id"] == person
    assert (item["by_self_pay"], item["by_income_ratio"]) == (False, True)
    assert item["household_income"] == "125000.00"
    assert item["sources"] == ["medical_insurance", "civil_affairs", "health"]
    assert item["source_details"]["health"] == {"diagnosis": "尿毒症"}
    assert item["feeds_missing"] == []
    # health is 92 days old (> 31): stale; the federation's is exactly 31 days old: not yet.
    assert item["feeds_stale"] == ["health"]
    assert (await _watch(api, "2023-01-01"))[0]["feeds_stale"] == [
        "health",
        "disabled_persons_federation",
    ]
    status = await _feeds(api, "2022-12-31")
    by_source = {f["source"]: f for f in status["feeds"]}
    assert by_source["disabled_persons_federation"]["age_days"] == 31
    assert by_source["health"]["stale"] is True
    assert status["max_age_days"] == 31

    # A later load of a source replaces its feed: the person is no longer in civil affairs'.
    await _load(api, "civil_affairs", "2022-12-20", [{"resident_id": resident_id()}])
    assert await _watch(api, "2022-12-31") == []


async def test_a_feed_with_a_bad_or_repeated_resident_id_is_refused_whole(api: Api) -> None:
    rid = resident_id()
    r = await api.client.post(
        f"{P}/risk-feeds",
        json={"source": "health", "as_of": "2022-12-01",
              "entries": [{"resident_id": rid}, {"resident_id": rid}]},
        headers={**api.write, "Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    assert r.status_code == 422
    bad = await api.client.post(
        f"{P}/risk-feeds",
        json={"source": "unknown_department", "as_of": "2022-12-01", "entries": []},
        headers={**api.write, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert bad.status_code == 422
    assert (await _feeds(api, "2022-12-31"))["missing"] == EXTERNAL
