"""A claim with a special-disease code over HTTP: the dated catalogue (the text's diseases and
one an administrator adds as data) decides whether outpatient care shares the inpatient limit."""

from __future__ import annotations

from typing import Any

from .conftest import Api, claim

BASIC = "medical.basic.terms"
TERMS = {
    "deductible": "0",
    "ratios": {"primary": "0.90", "secondary": "0.80", "tertiary": "0.80"},
    "annual_cap": "100000",
    "outpatient_annual_cap": "5000",
}


def visit(person: str, code: str | None, day: str, amount: str = "10000.00") -> dict[str, Any]:
    body = claim(person, service_date=day, setting="outpatient", total_cost=amount,
                 in_policy_cost=amount, basic_payout=None, followed_guidance=False,
                 referred=False)  # fmt: skip
    return body | ({"disease_code": code} if code else {})


async def test_listed_outpatient_care_shares_the_annual_limit(api: Api) -> None:
    await api.configure_worked_example()
    await api.configure("medical.critical_illness.annual_cap", "400000")
    await api.configure(BASIC, TERMS)
    person = await api.register([])
    ordinary = await api.settle_claim(visit(person, None, "2022-03-01"))
    assert ordinary["layers"]["basic"] == "5000.00"  # the ordinary outpatient limit
    dialysis = await api.settle_claim(visit(person, "uraemia-dialysis", "2022-03-02"))
    assert dialysis["claim"]["disease_code"] == "uraemia-dialysis"
    assert dialysis["claim"]["disease_listed"] is True
    assert dialysis["layers"]["basic"] == "8000.00"  # 80%, within the shared 100,000
    assert dialysis["totals_after"]["basic_paid"] == "8000.00"
    assert dialysis["totals_after"]["basic_paid_outpatient"] == "5000.00"
    finding = next(f for f in dialysis["findings"] if f["rule_id"] == "MED-SPECIAL-DISEASES")
    assert finding["outcome"] == "pass"
    assert finding["clause"].endswith("三（三）9")


async def test_an_administrator_adds_a_disease_as_dated_data(api: Api) -> None:
    await api.configure_worked_example()
    await api.configure("medical.critical_illness.annual_cap", "400000")
    await api.configure(BASIC, TERMS)
    r = await api.client.put(
        "/medical/v1/admin/special-diseases/haemophilia-outpatient",
        json={"name_zh": "血友病门诊治疗", "name_en": "outpatient treatment of haemophilia",
              "kind": "special", "effective_from": "2023-01-01",
              "source": "温州市医疗保障局关于第二批特殊病种的通知"},
        headers=api.admin,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    person = await api.register([])
    # The day before it is listed: ordinary outpatient care, said in a warning finding.
    before = await api.settle_claim(visit(person, "haemophilia-outpatient", "2022-12-31"))
    assert before["claim"]["disease_listed"] is False
    assert before["layers"]["basic"] == "5000.00"
    warned = next(f for f in before["findings"] if f["rule_id"] == "MED-SPECIAL-DISEASES")
    assert warned["outcome"] == "warn"
    # From its first day: the shared limit.
    on = await api.settle_claim(visit(person, "haemophilia-outpatient", "2023-01-01"))
    assert on["claim"]["disease_listed"] is True
    assert on["layers"]["basic"] == "8000.00"
    assert on["totals_after"]["basic_paid"] == "8000.00"


async def test_a_malformed_disease_code_is_a_422(api: Api) -> None:
    person = await api.register([])
    r = await api.client.post(
        "/medical/v1/settlements",
        json=visit(person, "Not A Code!", "2022-03-01"),
        headers={**api.settle, "Idempotency-Key": "bad-code"},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["pointer"] == "#/disease_code"
