"""The needy register over HTTP: resident IDs kept only hashed and masked, recognitions with
dates, gradual exit and exit under If-Match, status on a day, the enrolment subsidy."""

from __future__ import annotations

import sqlalchemy as sa

from .conftest import Api, P, claim, resident_id


async def _all_text(api: Api, table: str) -> str:
    """Every row of a medical table as text, read inside the test's transaction."""
    session = api.app.state.session_override
    rows = await session.execute(sa.text(f"SELECT row_to_json(t)::text FROM {table} t"))
    return "\n".join(r[0] for r in rows)


async def test_a_resident_id_is_validated_and_never_stored_plain(api: Api) -> None:
    rid = resident_id()
    r = await api.client.post(
        f"{P}/persons",
        json={
            "resident_id": rid,
            "name": "张三",
            "county": "330302",
            "records": [{"category": "dibao", "recognised_on": "2021-06-01"}],
        },
        headers=api.write,
    )
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["resident_id_masked"] == rid[:6] + "********" + rid[-4:]
    assert r.headers["Location"] == f"{P}/persons/{person['person_id']}"
    assert person["status_today"]["needy"] is True
    await api.configure_worked_example()
    await api.settle_claim(claim(person["person_id"]))
    for table in ("persons", "needy_records", "settlements", "decisions", "audit_log"):
        assert rid not in await _all_text(api, table), table
    assert rid[6:14] not in await _all_text(api, "persons")  # not even the birth date

    bad = await api.client.post(
        f"{P}/persons", json={"resident_id": rid[:-1] + "0", "records": []}, headers=api.write
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["pointer"] == "#/resident_id"
    again = await api.client.post(f"{P}/persons", json={"resident_id": rid}, headers=api.write)
    assert again.status_code == 409
    assert again.json()["person_id"] == person["person_id"]
    found = await api.client.post(
        f"{P}/persons/lookup", json={"resident_id": rid}, headers=api.read
    )
    assert found.json()["person_id"] == person["person_id"]
    unknown = await api.client.post(
        f"{P}/persons/lookup", json={"resident_id": resident_id()}, headers=api.read
    )
    assert unknown.status_code == 404


async def test_recognitions_gradual_exit_and_exit(api: Api) -> None:
    person = await api.register([{"category": "dibian", "recognised_on": "2020-03-15"}])
    record = (await api.client.get(f"{P}/persons/{person}", headers=api.read)).json()["records"][0]
    url = f"{P}/persons/{person}/records/{record['record_id']}"

    no_etag = await api.client.patch(
        url, json={"gradual_exit_from": "2022-07-01"}, headers=api.write
    )
    assert no_etag.status_code == 428
    stale = await api.client.patch(
        url, json={"gradual_exit_from": "2022-07-01"}, headers={**api.write, "If-Match": '"9"'}
    )
    assert stale.status_code == 412
    taper = await api.client.patch(
        url,
        json={"gradual_exit_from": "2022-07-01"},
        headers={**api.write, "If-Match": f'"{record["version"]}"'},
    )
    assert taper.status_code == 200, taper.text
    assert taper.headers["ETag"] == '"2"'
    exited = await api.client.patch(
        url,
        content=b'{"exited_on": "2023-01-01"}',
        headers={**api.write, "If-Match": '"2"', "Content-Type": "application/merge-patch+json"},
    )
    assert exited.json()["exited_on"] == "2023-01-01"
    assert exited.json()["gradual_exit_from"] == "2022-07-01"  # merge patch keeps the other
    wrong = await api.client.patch(
        url, json={"exited_on": "2019-01-01"}, headers={**api.write, "If-Match": '"3"'}
    )
    assert wrong.status_code == 422
    assert wrong.json()["rule_id"] == "MED-GROUPS"

    async def status(on: str) -> dict:
        r = await api.client.get(
            f"{P}/persons/{person}/status", params={"on": on}, headers=api.read
        )
        return dict(r.json())

    assert (await status("2022-08-01"))["gradual_exit"] is True
    assert (await status("2022-08-01"))["needy"] is True
    gone = await status("2023-02-01")
    assert (gone["needy"], gone["last_exit"]) == (False, "2023-01-01")

    added = await api.client.post(
        f"{P}/persons/{person}/records",
        json={"category": "tekun", "recognised_on": "2023-06-10"},
        headers=api.write,
    )
    assert added.status_code == 201
    assert added.headers["ETag"] == '"1"'
    dup = await api.client.post(
        f"{P}/persons/{person}/records",
        json={"category": "tekun", "recognised_on": "2023-06-10"},
        headers=api.write,
    )
    assert dup.status_code == 409
    listed = await api.client.get(
        f"{P}/persons", params={"category": "tekun", "active_on": "2023-07-01"}, headers=api.read
    )
    assert [p["person_id"] for p in listed.json()["items"]] == [person]
    none = await api.client.get(
        f"{P}/persons", params={"category": "tekun", "active_on": "2023-06-01"}, headers=api.read
    )
    assert none.json()["items"] == []


async def test_enrolment_subsidy(api: Api) -> None:
    await api.configure("medical.enrolment.individual_premium", "350.00")
    person = await api.register(
        [{"category": "dibao", "recognised_on": "2022-03-15", "exited_on": "2023-07-01"}]
    )

    async def subsidy(year: int, month: int | None = None) -> dict:
        params = {"year": year} | ({"month": month} if month else {})
        r = await api.client.get(
            f"{P}/persons/{person}/enrolment-subsidy", params=params, headers=api.read
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    y2022 = await subsidy(2022)
    assert y2022["result"]["subsidised"] is True
    assert y2022["result"]["enrolled_in"] == "2022-03"
    assert y2022["result"]["covered_from"] == "2022-04-01"
    assert y2022["result"]["subsidy_amount"] == "350.00"
    assert y2022["findings"][0]["rule_id"] == "MED-ENROL-NEW"
    march = await subsidy(2022, 3)
    assert march["outcome"] == "fail"  # not yet covered in the month of recognition
    y2023 = await subsidy(2023)
    assert y2023["result"]["subsidised"] is True
    assert "MED-ENROL-EXIT" in {f["rule_id"] for f in y2023["findings"]}
    y2024 = await subsidy(2024)
    assert y2024["result"]["subsidised"] is False
