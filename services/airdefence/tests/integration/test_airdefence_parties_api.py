"""The party look-up for the gateway's merged views: works by builder or owner USCC, one call."""

from __future__ import annotations

from .conftest import DEVELOPER, ENTERPRISE, INSTITUTION, Api, P
from .test_airdefence_works_api import HANDOVER, act, new_works, registration


async def test_works_by_builder_and_by_owner(api: Api) -> None:
    a = await new_works(api)
    await act(api, a["works_id"], "handover", HANDOVER)
    await act(api, a["works_id"], "registration", registration(ENTERPRISE))
    b = await new_works(api, name="乙工程")
    builder = await api.get(f"/parties/{DEVELOPER['uscc']}")
    assert [w["works_id"] for w in builder["as_builder"]] == [a["works_id"], b["works_id"]]
    assert builder["as_owner"] == []
    assert builder["name"] == DEVELOPER["name"]
    assert builder["counts"] == {"as_builder": 2, "as_owner": 0}
    owner = await api.get(f"/parties/{ENTERPRISE['uscc']}")
    assert [w["works_id"] for w in owner["as_owner"]] == [a["works_id"]]
    assert owner["as_owner"][0]["status"] == "registered"
    assert owner["name"] == ENTERPRISE["name"]
    nobody = await api.get(f"/parties/{INSTITUTION['uscc']}")
    assert (nobody["as_builder"], nobody["as_owner"], nobody["name"]) == ([], [], None)


async def test_an_invalid_code_is_a_422(api: Api) -> None:
    for code in ("91330302MA2C3D4E5X", "abc", "9133030"):
        r = await api.client.get(f"{P}/parties/{code}", headers=api.read)
        assert r.status_code == 422, (code, r.text)
        assert r.headers["content-type"] == "application/problem+json"
