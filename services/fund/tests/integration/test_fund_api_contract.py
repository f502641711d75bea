"""What a client can send that no handler expects still gets a documented answer, never a 500."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import orjson
import pytest

from fund.api.check_schemas import EXAMPLE_APPLICATION
from govkit.calendar import get_calendar, set_calendar

from .conftest import Api, P, new_application, new_sub_fund, sub_fund_body


async def test_body_that_is_not_utf8_is_a_422_validation_problem(api: Api) -> None:
    r = await api.client.post(
        f"{P}/checks/investment",
        content=b"\xff\x1a",
        headers={**api.read, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "validation-error"
    assert body["errors"][0]["type"] == "json_invalid"


async def test_audit_checkpoint_beyond_bigint_is_a_422_not_a_500(api: Api) -> None:
    r = await api.client.get(
        f"{P}/audit/verify",
        params={"checkpoint_sequence": 2**63, "checkpoint_hash": "0" * 64},
        headers=api.headers("audit:read"),
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["name"] == "checkpoint_sequence"


async def test_forged_audit_cursor_beyond_bigint_is_a_422_not_a_500(api: Api) -> None:
    cursor = base64.urlsafe_b64encode(orjson.dumps({"s": 2**64 - 1, "o": "asc"})).decode()
    r = await api.client.get(
        f"{P}/audit", params={"cursor": cursor}, headers=api.headers("audit:read")
    )
    assert r.status_code == 422, r.text


async def test_money_too_large_to_quantize_is_a_422_not_a_500(api: Api) -> None:
    for amount in ("1E+30", 10**40):
        r = await api.client.post(
            f"{P}/calc/mother-fund-fee",
            json={"invested_total_at_year_start": amount},
            headers=api.read,
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["pointer"] == "#/invested_total_at_year_start"


@pytest.mark.parametrize(
    "params",
    [{"created_from": "0001-01-01"}, {"created_to": "9999-12-31"}, {"created_from": "1989-12-31"}],
)
async def test_application_list_days_out_of_range_are_a_422_not_a_500(
    api: Api, params: dict[str, str]
) -> None:
    r = await api.client.get(f"{P}/applications", params=params, headers=api.read)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["name"] == next(iter(params))


async def test_application_list_days_at_the_range_bounds_are_accepted(api: Api) -> None:
    body = await api.get("/applications", created_from="1990-01-01", created_to="2100-12-31")
    assert "items" in body


async def test_nul_in_text_is_a_422_not_a_500(api: Api) -> None:
    """PostgreSQL text cannot hold U+0000; it is refused where the client put it."""
    r = await api.client.post(
        f"{P}/sub-funds", json=sub_fund_body(name="温州\x00基金"), headers=api.keyed(api.write)
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["in"] == "body"
    r = await api.client.get(f"{P}/applications", params={"name": "x\x00"}, headers=api.read)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["in"] == "query"


async def test_escaped_backslash_before_u0000_is_ordinary_text(api: Api) -> None:
    # The JSON text `\\u0000` is a backslash followed by "u0000", not a NUL.
    created = await api.post(
        "/sub-funds",
        sub_fund_body(name="温州\\u0000基金"),
        headers=api.keyed(api.write),
        expect=201,
    )
    assert created["name"] == "温州\\u0000基金"


@pytest.fixture
def restore_calendar() -> Iterator[None]:
    """Publishing a year swaps the process's calendar; other tests need the usual one."""
    saved = get_calendar()
    yield
    set_calendar(saved)


@pytest.mark.usefixtures("restore_calendar")
async def test_provisional_years_stop_at_the_last_year_a_calendar_holds(api: Api) -> None:
    """With 2999 published, filling unpublished years ten past it used to fail with a 500."""
    notice = {
        "holidays": ["2999-01-01"],
        "makeup_workdays": [],
        "notice_no": "国办发明电〔2998〕1号",
        "notice_date": "2998-12-01",
    }
    r = await api.client.put(f"{P}/admin/calendar/2999", json=notice, headers=api.admin)
    assert r.status_code == 200, r.text
    sub_fund = await new_sub_fund(api)
    r = await api.client.post(
        f"{P}/sub-funds/{sub_fund['sub_fund_id']}/reporting-schedule",
        json={"through": "2028-04-28"},
        headers=api.keyed(api.write),
    )
    assert r.status_code == 200, r.text


async def test_if_match_with_a_non_ascii_digit_is_a_412_not_a_500(api: Api) -> None:
    created = await new_application(api)
    r = await api.client.put(
        f"{P}/applications/{created['application_id']}/facts",
        json={**EXAMPLE_APPLICATION, "as_of": "2024-03-20"},
        headers={**api.write, "If-Match": b'"\xb2"'},  # latin-1 "²": isdigit() but not int()
    )
    assert r.status_code == 412, r.text
