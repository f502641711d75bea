from collections.abc import Callable
from datetime import date

import pytest

from medical.domain import MedicalDomainError, NeedyCategory, NeedyRecord, needy_status_on

DIBAO, DIBIAN, TEKUN = NeedyCategory.DIBAO, NeedyCategory.DIBIAN, NeedyCategory.TEKUN


def test_no_record_is_not_needy() -> None:
    status = needy_status_on([], date(2022, 5, 1))
    assert not status.needy
    assert not status.recognised
    assert "not recognised" in status.reason_en


def test_recognised_mid_month_gets_benefits_from_the_next_month() -> None:
    records = [NeedyRecord(DIBAO, date(2022, 3, 15))]
    before = needy_status_on(records, date(2022, 3, 14))
    same_month = needy_status_on(records, date(2022, 3, 31))
    next_month = needy_status_on(records, date(2022, 4, 1))
    assert not before.recognised
    assert same_month.recognised
    assert not same_month.needy
    assert same_month.benefits_from == date(2022, 4, 1)
    assert "2022-04-01" in same_month.reason_en
    assert next_month.needy
    assert next_month.category is DIBAO


def test_recognised_in_december_starts_in_january() -> None:
    records = [NeedyRecord(DIBIAN, date(2022, 12, 20))]
    assert not needy_status_on(records, date(2022, 12, 31)).needy
    assert needy_status_on(records, date(2023, 1, 1)).needy


def test_exit_ends_needy_terms_on_the_exit_day() -> None:
    records = [NeedyRecord(DIBAO, date(2021, 1, 5), exited_on=date(2022, 6, 10))]
    assert needy_status_on(records, date(2022, 6, 9)).needy
    after = needy_status_on(records, date(2022, 6, 10))
    assert not after.needy
    assert after.last_exit == date(2022, 6, 10)
    assert "exited" in after.reason_en


def test_category_change_without_a_gap_is_not_a_new_recognition() -> None:
    records = [
        NeedyRecord(DIBIAN, date(2021, 1, 5), exited_on=date(2022, 5, 10)),
        NeedyRecord(DIBAO, date(2022, 5, 10)),
    ]
    status = needy_status_on(records, date(2022, 5, 12))
    assert status.needy
    assert status.category is DIBAO
    assert status.recognised_since == date(2021, 1, 5)


def test_return_after_a_gap_waits_for_the_next_month() -> None:
    records = [
        NeedyRecord(DIBAO, date(2021, 1, 5), exited_on=date(2022, 2, 1)),
        NeedyRecord(DIBAO, date(2022, 7, 20)),
    ]
    assert not needy_status_on(records, date(2022, 7, 25)).needy
    assert needy_status_on(records, date(2022, 8, 1)).needy


def test_tekun_decides_the_terms_when_records_overlap() -> None:
    records = [NeedyRecord(DIBAO, date(2020, 1, 1)), NeedyRecord(TEKUN, date(2021, 1, 1))]
    status = needy_status_on(records, date(2022, 1, 1))
    assert status.category is TEKUN
    assert status.tekun
    assert status.categories == {DIBAO, TEKUN}


def test_gradual_exit_keeps_the_person_needy_until_exit() -> None:
    records = [
        NeedyRecord(DIBAO, date(2020, 1, 1), date(2022, 9, 1), gradual_exit_from=date(2022, 3, 1))
    ]
    assert not needy_status_on(records, date(2022, 2, 28)).gradual_exit
    during = needy_status_on(records, date(2022, 3, 1))
    assert during.needy
    assert during.gradual_exit
    assert "gradual-exit" in during.reason_en
    assert not needy_status_on(records, date(2022, 9, 1)).needy


@pytest.mark.parametrize(
    "bad",
    [
        lambda: NeedyRecord(DIBAO, date(2022, 3, 1), exited_on=date(2022, 3, 1)),
        lambda: NeedyRecord(TEKUN, date(2022, 3, 1), gradual_exit_from=date(2022, 5, 1)),
        lambda: NeedyRecord(DIBAO, date(2022, 3, 1), date(2022, 6, 1), date(2022, 7, 1)),
    ],
)
def test_impossible_records_are_refused(bad: Callable[[], object]) -> None:
    with pytest.raises(MedicalDomainError) as err:
        bad()
    assert err.value.rule_id == "MED-GROUPS"
