"""Over HTTP: a refused resident ID names the part that is wrong; a person recognised mid-year
has only the residue of claims settled while needy counted toward the high-cost threshold."""

from __future__ import annotations

from .conftest import Api, claim


async def test_a_refused_resident_id_names_the_part_in_both_languages(api: Api) -> None:
    from stdnum.cn import ric

    body17 = "33038320000101123"  # 330383 龙港市 is in use from 2019: not for a birth in 2000
    number = body17 + ric.calc_check_digit(body17 + "0")
    r = await api.client.post(
        "/medical/v1/settlements",
        json=claim("x") | {"person_id": None, "resident_id": number},
        headers={**api.settle, "Idempotency-Key": "bad-region"},
    )
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert error["pointer"] == "#/resident_id"
    assert "region_code" in error["detail"]
    assert "地址码330383在出生年份2000年未启用" in error["detail"]
    assert "not in use in the birth year 2000" in error["detail"]
    assert "One of the parts" not in error["detail"]


async def test_a_person_recognised_mid_year_counts_only_the_needy_residue(api: Api) -> None:
    """低保 recognised 2022-03-15, benefits from 04-01: March's self-pay on the ordinary terms
    does not count toward the 50,000 high-cost threshold; April's does."""
    await api.configure_worked_example()
    await api.configure("medical.critical_illness.annual_cap", "400000")
    person = await api.register([{"category": "dibao", "recognised_on": "2022-03-15"}])
    march = await api.settle_claim(claim(person, service_date="2022-03-20"))
    assert march["needy"] is False
    assert march["layers"]["self_pay"] == "102000.00"
    april = await api.settle_claim(claim(person, service_date="2022-04-02"))
    assert april["needy"] is True
    assert april["layers"]["self_pay"] == "54000.00"
    assert april["layers"]["resolution"] == "4000.00"  # 54,000 − 50,000, not the whole 54,000
    assert april["totals_after"]["needy_self_pay"] == "54000.00"
    assert april["totals_after"]["self_pay_before_resolution"] == "156000.00"
