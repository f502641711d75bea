"""Pay-later, the special-disease catalogue, the risk watch list and the self-pay share."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from govkit.rules import Outcome, ParameterNotConfigured, ParameterSet
from medical.domain import (
    CATALOGUE,
    HospitalBill,
    NeedyCategory,
    NeedyRecord,
    RiskFacts,
    catalogue_on,
    default_parameters,
    join_sources,
    needy_status_on,
    pay_later,
    risk_watch,
    selfpay_share_by_hospital,
)
from medical.domain.special_diseases import (
    FIRST_BATCH_COUNT,
    in_ordinary_outpatient_pool,
    shared_limit_left,
    special_disease_finding,
)

D = Decimal
DIBAO = [NeedyRecord(NeedyCategory.DIBAO, date(2021, 6, 1))]
DAY = date(2022, 5, 1)


def test_pay_later_for_a_referred_needy_inpatient_in_wenzhou() -> None:
    f = pay_later(
        needy_status_on(DIBAO, DAY),
        inpatient=True,
        referred_after_primary_first_visit=True,
        designated_hospital_in_wenzhou=True,
    )
    assert f.outcome is Outcome.PASS
    assert f.clause.endswith("三（二）6")
    assert "押金" in f.message_zh


def test_pay_later_names_what_is_missing() -> None:
    f = pay_later(
        needy_status_on([], DAY),
        inpatient=True,
        referred_after_primary_first_visit=False,
        designated_hospital_in_wenzhou=True,
    )
    assert f.outcome is Outcome.FAIL
    assert "困难群众" in f.message_zh
    assert "经基层首诊转诊" in f.message_zh


def test_special_disease_catalogue_is_dated_data() -> None:
    batch = [e for e in CATALOGUE if e.effective_from == date(2022, 1, 1)]
    assert len(batch) == FIRST_BATCH_COUNT == 6
    assert len(catalogue_on(date(2021, 12, 31))) == len(CATALOGUE) - 6
    assert special_disease_finding("uraemia-dialysis", date(2022, 1, 1)).outcome is Outcome.PASS
    assert special_disease_finding("uraemia-dialysis", date(2021, 12, 31)).outcome is Outcome.FAIL
    assert special_disease_finding("hypertension", date(2020, 1, 1)).outcome is Outcome.PASS
    assert special_disease_finding("unknown", DAY).outcome is Outcome.FAIL
    assert len({e.code for e in CATALOGUE}) == len(CATALOGUE)


def test_outpatient_and_inpatient_share_the_annual_limit() -> None:
    # inpatient 50,000 + listed outpatient 30,000 paid against one 100,000 limit
    assert shared_limit_left(D("100000"), D("30000") + D("50000")) == D("20000")
    assert shared_limit_left(D("100000"), D("60000") + D("50000")) == D("0")
    # Only unlisted outpatient care, where its own limit is configured, is apart from it.
    assert in_ordinary_outpatient_pool(True, False, True)
    assert not in_ordinary_outpatient_pool(True, True, True)  # a listed disease shares
    assert not in_ordinary_outpatient_pool(False, False, True)  # inpatient care
    assert not in_ordinary_outpatient_pool(True, False, False)  # no separate outpatient limit


def test_risk_watch_needs_a_configured_threshold() -> None:
    with pytest.raises(ParameterNotConfigured):
        risk_watch([RiskFacts("a", D("1"))], DAY, default_parameters())


def test_risk_watch_flags_at_the_threshold_inclusive(
    configure: Callable[..., ParameterSet],
) -> None:
    params = configure(RISK_SELF_PAY_THRESHOLD=D("30000"), RISK_INCOME_RATIO_THRESHOLD=D("0.40"))
    people = join_sources(
        {"a": D("30000.00"), "b": D("29999.99"), "c": D("8000"), "d": D("100")},
        {"b": D("100000"), "c": D("20000"), "d": D("0")},
        {"disability_federation": ["c"]},
    )
    flags = {f.person_id: f for f in risk_watch(people, DAY, params)}
    assert set(flags) == {"a", "c", "d"}
    assert flags["a"].by_self_pay
    assert not flags["a"].by_income_ratio
    assert flags["c"].by_income_ratio  # 8,000 is exactly 40% of 20,000
    assert flags["c"].income_ratio == D("0.4000")
    assert flags["d"].by_income_ratio  # any self-pay with no income
    assert flags["c"].finding.rule_id == "MED-RISK-WATCH"
    assert flags["c"].finding.facts["sources"] == [
        "civil_affairs",
        "disability_federation",
        "medical_insurance",
    ]


def test_selfpay_share_per_hospital(configure: Callable[..., ParameterSet]) -> None:
    with pytest.raises(ParameterNotConfigured):
        selfpay_share_by_hospital([], DAY, default_parameters())
    params = configure(SELFPAY_SHARE_MAX=D("0.10"))
    bills = [
        HospitalBill("甲医院", D("60000"), D("6000")),
        HospitalBill("乙医院", D("10000"), D("900")),
        HospitalBill("乙医院", D("10000"), D("1200")),
    ]
    shares = {s.hospital: s for s in selfpay_share_by_hospital(bills, DAY, params)}
    assert shares["甲医院"].within  # exactly 10%: inclusive
    assert shares["甲医院"].finding.outcome is Outcome.PASS
    assert not shares["乙医院"].within
    assert shares["乙医院"].share == D("0.1050")
    assert shares["乙医院"].finding.outcome is Outcome.WARN
