"""What a client can send that no handler expects still gets a documented answer, never a 500."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import orjson
import pytest

from .conftest import Api, P, claim, resident_id


async def test_body_that_is_not_utf8_is_a_422_validation_problem(api: Api) -> None:
    r = await api.client.post(
        f"{P}/persons/lookup",
        content=b"\xff",
        headers={**api.read, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "validation-error"
    assert body["errors"][0]["type"] == "json_invalid"


async def test_import_documents_200_for_imports_that_apply_nothing(api: Api) -> None:
    schema: dict[str, Any] = (await api.client.get("/openapi.json")).json()
    responses = schema["paths"][f"{P}/imports"]["post"]["responses"]
    assert {"200", "201"} <= responses.keys()
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ImportOut"
    }


def forged(position: object) -> str:
    """A cursor that decodes but was never issued by the service."""
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ("/persons", {}),
        ("/persons", {"after": "not-a-uuid"}),
        ("/persons", {"after": 7}),
        ("/settlements", {"seq": "x"}),
        ("/settlements", {"seq": 2**64 - 1}),
        ("/settlements", {"seq": None}),
        ("/imports", {"before": "yesterday"}),
        ("/imports", {"before": "2022-01-01T00:00:00"}),
        ("/imports", {"before": 1}),
        ("/imports", []),
    ],
)
async def test_forged_cursors_are_a_422_not_a_500(api: Api, path: str, position: object) -> None:
    r = await api.client.get(f"{P}{path}", params={"cursor": forged(position)}, headers=api.read)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "validation-error"
    assert body["errors"][0]["name"] == "cursor"


async def test_forged_risk_watch_cursor_is_a_422_not_a_500(api: Api) -> None:
    await api.configure("medical.risk_watch.self_pay_threshold", "10000.00")
    r = await api.client.get(
        f"{P}/risk-watch",
        params={"year": 2022, "cursor": forged({"after": "x"})},
        headers=api.read,
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["name"] == "cursor"


async def test_money_too_large_to_quantize_is_a_422_not_a_500(api: Api) -> None:
    for amount in ("1E+30", 10**40):
        r = await api.client.post(
            f"{P}/settlements",
            json=claim(str(uuid.uuid4()), total_cost=amount),
            headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["pointer"] == "#/total_cost"


async def test_nul_in_text_is_a_422_not_a_500(api: Api) -> None:
    """PostgreSQL text cannot hold U+0000; it is refused where the client put it."""
    body = {
        "resident_id": resident_id(),
        "name": "张\x00",
        "records": [{"category": "dibao", "recognised_on": "2021-06-01"}],
    }
    r = await api.client.post(f"{P}/persons", json=body, headers=api.write)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["in"] == "body"
    r = await api.client.get(f"{P}/settlements", params={"hospital": "x\x00"}, headers=api.read)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["in"] == "query"
    r = await api.client.get(f"{P}/persons/%00", headers=api.read)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["in"] == "path"


async def test_import_file_with_a_nul_byte_is_unreadable_not_a_500(api: Api) -> None:
    csv = (
        "身份证号,姓名,类别,认定日期,退出日期,渐退期起始日期,县区代码,家庭年收入\n"
        f"{resident_id()},张\x00,低保,2021-06-01,,,330302,18000.00\n"
    )
    r = await api.client.post(
        f"{P}/imports",
        content=csv.encode(),
        headers={**api.write, "Content-Type": "text/csv", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "import-unreadable"


async def test_if_match_with_a_non_ascii_digit_is_a_412_not_a_500(api: Api) -> None:
    person = await api.register([{"category": "dibian", "recognised_on": "2020-03-15"}])
    record = (await api.client.get(f"{P}/persons/{person}", headers=api.read)).json()["records"][0]
    r = await api.client.patch(
        f"{P}/persons/{person}/records/{record['record_id']}",
        json={"gradual_exit_from": "2022-07-01"},
        headers={**api.write, "If-Match": b'"\xb2"'},  # latin-1 "²": isdigit() but not int()
    )
    assert r.status_code == 412, r.text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1948-12-31", "3000-01-01"])
async def test_days_postgresql_cannot_read_back_are_a_422(api: Api, day: str) -> None:
    """0001-01-01 was stored as -infinity, and every later read of the person was a 500."""
    body = {"resident_id": resident_id(), "records": [{"category": "dibao", "recognised_on": day}]}
    r = await api.client.post(f"{P}/persons", json=body, headers=api.write)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "#/records/0/recognised_on"
    r = await api.client.post(
        f"{P}/settlements",
        json=claim(str(uuid.uuid4()), service_date=day),
        headers={**api.settle, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["pointer"] == "#/service_date"


async def test_days_at_the_range_bounds_are_accepted(api: Api) -> None:
    person = await api.register(
        [{"category": "dibao", "recognised_on": "1949-01-01", "exited_on": "2999-12-31"}]
    )
    r = await api.client.get(f"{P}/persons/{person}", headers=api.read)
    assert r.status_code == 200, r.text
    assert r.json()["records"][0]["exited_on"] == "2999-12-31"


async def test_import_row_dated_year_one_is_reported_not_stored(api: Api) -> None:
    csv = (
        "身份证号,姓名,类别,认定日期,退出日期,渐退期起始日期,县区代码,家庭年收入\n"
        f"{resident_id()},张三,低保,0001-01-01,,,330302,\n"
    )
    r = await api.client.post(
        f"{P}/imports",
        content=csv.encode(),
        headers={**api.write, "Content-Type": "text/csv", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 422, r.text
    report = r.json()["report"]
    assert (report["rows_invalid"], report["errors"][0]["field"]) == (1, "recognised_on")


async def test_queries_for_far_days_still_answer(api: Api) -> None:
    """Only days that are stored are bounded; a look-up on any day answers."""
    r = await api.client.get(
        f"{P}/special-diseases/haemophilia", params={"on": "0112-07-23"}, headers=api.read
    )
    assert r.status_code == 200, r.text
    assert r.json()["on"] == "0112-07-23"
