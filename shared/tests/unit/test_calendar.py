"""govkit.calendar: the worked examples of rules/calendar.md, boundaries, coverage, publication."""

from __future__ import annotations

import importlib
import inspect
import pickle
import threading
from collections.abc import Callable, Iterator, Set
from datetime import UTC, date, datetime, timedelta, timezone
from importlib.metadata import version

import pytest

import govkit.calendar as cal
from govkit.calendar import (
    RULES_CAL,
    CalendarYearNotPublished,
    InvalidYearNotice,
    WorkingCalendar,
    YearNotice,
)

chinese_calendar = importlib.import_module("chinese_calendar")
D = date


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(k) for k in range((last - first).days + 1)}


# Illustrative 2027 data for the tests only (not the State Council's real notice).
NOTICE_2027 = YearNotice(
    year=2027,
    holidays={D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)}
    | days(D(2027, 2, 5), D(2027, 2, 12))
    | days(D(2027, 10, 1), D(2027, 10, 7)),
    makeup_workdays={D(2027, 1, 31), D(2027, 2, 20), D(2027, 9, 26), D(2027, 10, 9)},
    notice_no="国办发明电〔2026〕99号（测试数据）",
    notice_date=D(2026, 11, 10),
    source="test fixture",
)


def notice(year: int, holidays: Set[date], makeup: Set[date], **extra: object) -> YearNotice:
    fields: dict[str, object] = {
        "year": year,
        "holidays": holidays,
        "makeup_workdays": makeup,
        "notice_no": f"TEST-{year}",
        "notice_date": D(year - 1, 11, 1),
        "source": "test",
    }
    fields.update(extra)
    return YearNotice(**fields)  # type: ignore[arg-type]


@pytest.fixture
def restore_default() -> Iterator[None]:
    """Tests that publish into the process-wide calendar put the original back."""
    original = cal.get_calendar()
    yield
    cal.set_calendar(original)


# -- the worked examples (every implementation must reproduce them) ---------------------------


def test_wd_after_national_day() -> None:
    assert cal.add_working_days(D(2021, 9, 30), 5) == D(2021, 10, 13)


def test_wd_period_spring_festival_with_makeup_days() -> None:
    assert cal.working_period_end(D(2022, 1, 28), 5) == D(2022, 2, 8)


def test_wd_after_ends_on_makeup_sunday() -> None:
    assert cal.add_working_days(D(2021, 12, 20), 30) == D(2022, 1, 30)
    assert D(2022, 1, 30).weekday() == 6


def test_annual_report_four_months_shifts_past_labour_day() -> None:
    assert cal.period_end(D(2021, 12, 31), months=4) == D(2022, 5, 5)


def test_quarterly_report_one_month_shifts_past_weekend() -> None:
    assert cal.period_end(D(2021, 9, 30), months=1) == D(2021, 11, 1)


def test_six_months_after_august_31_is_february_28() -> None:
    assert cal.period_end(D(2021, 8, 31), months=6) == D(2022, 2, 28)


@pytest.mark.usefixtures("restore_default")
def test_2027_refused_until_published_then_computed() -> None:
    calls: list[Callable[[], object]] = [
        lambda: cal.add_working_days(D(2026, 12, 31), 1),
        lambda: cal.is_working_day(D(2027, 1, 4)),
        lambda: cal.working_period_end(D(2027, 1, 4), 1),
        lambda: cal.working_days_between(D(2026, 12, 1), D(2027, 1, 5)),
        lambda: cal.period_end(D(2026, 12, 31), days=1),
    ]
    for call in calls:
        with pytest.raises(CalendarYearNotPublished) as caught:
            call()
        assert caught.value.year == 2027
        assert "2027" in str(caught.value)
        assert "尚未发布" in str(caught.value)
        assert "not been published" in str(caught.value)

    cal.publish_year(NOTICE_2027)
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.is_working_day(D(2027, 1, 31))  # make-up Sunday
    assert not cal.is_working_day(D(2027, 2, 8))  # holiday Monday
    assert cal.working_period_end(D(2027, 2, 5), 1) == D(2027, 2, 15)
    assert cal.working_days_between(D(2026, 12, 31), D(2027, 1, 8)) == 5
    assert cal.period_end(D(2026, 12, 31), days=1) == D(2027, 1, 4)


# -- CAL-WORKDAY ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2021, 10, 9), True),  # make-up Saturday
        (D(2022, 1, 30), True),  # make-up Sunday
        (D(2021, 10, 4), False),  # National Day holiday on a Monday
        (D(2021, 10, 2), False),  # holiday on a Saturday
        (D(2021, 10, 16), False),  # ordinary Saturday
        (D(2021, 10, 15), True),  # ordinary Friday
        (D(2020, 1, 31), False),  # 2020 Spring Festival extension (a separate notice)
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_makeup_days_count_as_working_days() -> None:
    # 2021-10-08 (Fri) -> 10-09 (make-up Sat) is 1 working day; the plain Sunday is not.
    assert cal.add_working_days(D(2021, 10, 8), 1) == D(2021, 10, 9)
    assert cal.working_days_between(D(2021, 10, 8), D(2021, 10, 10)) == 1
    assert cal.working_period_end(D(2022, 1, 29), 1) == D(2022, 1, 29)


def test_loaded_years_are_the_packages() -> None:
    first = min(chinese_calendar.holidays).year
    last = max(chinese_calendar.holidays).year
    assert cal.get_calendar().years() == tuple(range(first, last + 1))
    assert first == 2004


def test_describe_year_from_package() -> None:
    summary = cal.get_calendar().describe_year(2021)
    assert summary.working_days == 250
    assert summary.working_days == len(
        chinese_calendar.get_workdays(D(2021, 1, 1), D(2021, 12, 31))
    )
    assert D(2021, 10, 9) in summary.makeup_workdays
    assert D(2021, 10, 1) in summary.holidays
    assert summary.source == f"chinese-calendar {version('chinese-calendar')}"
    assert summary.notice_no is None


def test_describe_year_from_notice_and_unknown_year() -> None:
    calendar = cal.get_calendar().publish(NOTICE_2027)
    summary = calendar.describe_year(2027)
    assert summary.source == "国办发明电〔2026〕99号（测试数据） (2026-11-10)"
    assert summary.notice_no == NOTICE_2027.notice_no
    assert summary.notice_date == D(2026, 11, 10)
    assert summary.notice_source == "test fixture"
    assert summary.makeup_workdays == tuple(sorted(NOTICE_2027.makeup_workdays))
    with pytest.raises(CalendarYearNotPublished):
        cal.get_calendar().describe_year(2027)


# -- CAL-WD-AFTER / CAL-WD-PERIOD boundaries ---------------------------------------------------


def test_add_zero_working_days_is_identity_even_on_rest_days() -> None:
    assert cal.add_working_days(D(2021, 10, 2), 0) == D(2021, 10, 2)
    assert cal.working_days_between(D(2021, 10, 2), D(2021, 10, 2)) == 0


def test_add_working_days_from_rest_day() -> None:
    assert cal.add_working_days(D(2021, 10, 2), 1) == D(2021, 10, 8)


def test_working_period_starting_on_rest_day() -> None:
    # 2021-10-02 is a holiday: day 1 is 10-08, day 2 the make-up Saturday 10-09.
    assert cal.working_period_end(D(2021, 10, 2), 2) == D(2021, 10, 9)
    assert cal.working_period_end(D(2021, 10, 8), 1) == D(2021, 10, 8)


def test_year_boundaries() -> None:
    # The day after 2003-12-31 is in 2004, so only loaded data is consulted.
    assert cal.add_working_days(D(2003, 12, 31), 1) == D(2004, 1, 2)
    with pytest.raises(CalendarYearNotPublished) as caught:
        cal.working_period_end(D(2003, 12, 31), 1)
    assert caught.value.year == 2003
    last = max(chinese_calendar.get_workdays(D(2026, 12, 1), D(2026, 12, 31)))
    assert cal.add_working_days(last, 0) == last
    assert cal.working_period_end(last, 1) == last
    assert cal.add_working_days(D(2025, 12, 31), 248) == last  # 2026 has 248 working days
    with pytest.raises(CalendarYearNotPublished) as caught:
        cal.add_working_days(last, 1)
    assert caught.value.year == 2027
    with pytest.raises(CalendarYearNotPublished):
        cal.working_period_end(last, 2)


@pytest.mark.parametrize("n", [-1, -250])
def test_negative_counts_refused(n: int) -> None:
    with pytest.raises(ValueError, match=">= 0"):
        cal.add_working_days(D(2021, 9, 30), n)
    with pytest.raises(ValueError, match=">= 0"):
        cal.working_period_end(D(2021, 9, 30), n)


def test_working_period_needs_one_day() -> None:
    with pytest.raises(ValueError, match="n >= 1"):
        cal.working_period_end(D(2021, 9, 30), 0)


@pytest.mark.parametrize("n", [True, 1.0, "5", None])
def test_non_int_counts_refused(n: object) -> None:
    with pytest.raises(TypeError):
        cal.add_working_days(D(2021, 9, 30), n)  # type: ignore[arg-type]


def test_working_days_between_is_antisymmetric() -> None:
    a, b = D(2021, 9, 30), D(2021, 10, 13)
    assert cal.working_days_between(a, b) == 5
    assert cal.working_days_between(b, a) == -5
    assert cal.working_days_between(D(2021, 10, 1), D(2021, 10, 7)) == 0


def test_working_days_between_across_years() -> None:
    assert cal.working_days_between(D(2020, 12, 31), D(2021, 12, 31)) == 250
    assert cal.working_days_between(D(2004, 1, 1), D(2026, 12, 31)) == sum(
        cal.get_calendar().describe_year(y).working_days for y in range(2004, 2027)
    ) - int(cal.is_working_day(D(2004, 1, 1)))


# -- CAL-CAL-DAYS / CAL-HOLIDAY-SHIFT ---------------------------------------------------------


def test_period_in_days() -> None:
    assert cal.period_end(D(2021, 9, 20), days=10) == D(2021, 9, 30)
    assert cal.period_end(D(2021, 9, 24), days=7) == D(2021, 10, 8)  # 10-01 is National Day
    assert cal.period_end(D(2022, 1, 20), days=10) == D(2022, 1, 30)  # make-up Sunday: no shift


def test_period_in_years_from_leap_day() -> None:
    # 2021-02-28 (no 29th) is a Sunday rest day -> Monday 03-01.
    assert cal.period_end(D(2020, 2, 29), years=1) == D(2021, 3, 1)
    assert cal.period_end(D(2020, 2, 29), years=4) == D(2024, 2, 29)


def test_years_and_months_combine() -> None:
    assert cal.period_end(D(2021, 8, 31), years=1, months=6) == D(2023, 2, 28)
    assert cal.period_end(D(2021, 8, 31), months=18) == D(2023, 2, 28)


def test_period_arguments_validated() -> None:
    with pytest.raises(ValueError, match="not both"):
        cal.period_end(D(2021, 8, 31), days=1, months=1)
    with pytest.raises(ValueError, match="> 0"):
        cal.period_end(D(2021, 8, 31))
    with pytest.raises(ValueError, match=">= 0"):
        cal.period_end(D(2021, 8, 31), months=-1)
    with pytest.raises(TypeError):
        cal.period_end(D(2021, 8, 31), 3)  # type: ignore[call-arg]


def test_period_end_needs_only_the_years_it_reads() -> None:
    # Event in an unloaded year, end in a loaded one: the event's day status is never read.
    assert cal.period_end(D(2003, 12, 31), days=1) == D(2004, 1, 2)
    with pytest.raises(CalendarYearNotPublished) as caught:
        cal.period_end(D(2026, 6, 30), years=1)
    assert caught.value.year == 2027


def test_holiday_shift_into_unpublished_year_raises() -> None:
    last_day_holiday = notice(2027, NOTICE_2027.holidays | {D(2027, 12, 31)}, set())
    calendar = cal.get_calendar().publish(last_day_holiday)
    assert calendar.period_end(D(2027, 12, 29), days=1) == D(2027, 12, 30)
    with pytest.raises(CalendarYearNotPublished) as caught:
        calendar.period_end(D(2027, 12, 30), days=1)
    assert caught.value.year == 2028


def test_gap_between_loaded_years() -> None:
    calendar = cal.get_calendar().publish(notice(2028, {D(2028, 1, 3)}, set()))
    assert calendar.years()[-2:] == (2026, 2028)
    assert calendar.period_end(D(2026, 6, 1), years=2) == D(2028, 6, 1)  # 2027 not read
    assert calendar.add_working_days(D(2027, 12, 31), 1) == D(2028, 1, 4)
    for call in (
        lambda: calendar.add_working_days(D(2026, 12, 31), 1),
        lambda: calendar.add_working_days(D(2026, 12, 1), 40),
        lambda: calendar.working_days_between(D(2026, 12, 30), D(2028, 1, 5)),
        lambda: calendar.working_days_between(D(2028, 1, 5), D(2026, 12, 30)),
        lambda: calendar.working_period_end(D(2027, 6, 1), 1),
    ):
        with pytest.raises(CalendarYearNotPublished) as caught:
            call()
        assert caught.value.year == 2027


def test_far_future_raises_not_overflows() -> None:
    with pytest.raises(CalendarYearNotPublished):
        cal.period_end(D(2021, 1, 1), years=9000)
    with pytest.raises(CalendarYearNotPublished):
        cal.period_end(D(9999, 12, 1), days=100)
    with pytest.raises(CalendarYearNotPublished):
        cal.add_working_days(date.max, 1)


# -- CAL-END-OF-DAY: dates only ---------------------------------------------------------------

NOW = datetime(2021, 9, 30, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "call",
    [
        lambda: cal.is_working_day(NOW),
        lambda: cal.add_working_days(NOW, 5),
        lambda: cal.working_period_end(NOW, 5),
        lambda: cal.working_days_between(NOW, D(2021, 10, 13)),
        lambda: cal.working_days_between(D(2021, 9, 30), NOW),
        lambda: cal.period_end(NOW, months=1),
        lambda: cal.is_working_day("2021-09-30"),  # type: ignore[arg-type]
        lambda: cal.add_working_days(None, 1),  # type: ignore[arg-type]
    ],
)
def test_datetimes_and_non_dates_refused(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_today_shanghai() -> None:
    assert cal.today_shanghai(datetime(2021, 12, 31, 16, 30, tzinfo=UTC)) == D(2022, 1, 1)
    assert cal.today_shanghai(datetime(2021, 12, 31, 15, 59, tzinfo=UTC)) == D(2021, 12, 31)
    new_york = timezone(timedelta(hours=-5))
    assert cal.today_shanghai(datetime(2021, 12, 31, 11, 0, tzinfo=new_york)) == D(2022, 1, 1)
    today = cal.today_shanghai()
    assert type(today) is date
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.today_shanghai(datetime(2021, 12, 31, 16, 30))
    with pytest.raises(TypeError):
        cal.today_shanghai(D(2021, 12, 31))  # type: ignore[arg-type]


# -- CAL-COVERAGE: publication ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"holidays": {D(2026, 12, 31)}}, "holidays outside 2027: 2026-12-31"),
        ({"makeup_workdays": {D(2028, 1, 1)}}, "makeup_workdays outside 2027: 2028-01-01"),
        (
            {"holidays": {D(2027, 1, 31)}, "makeup_workdays": {D(2027, 1, 31)}},
            "both holiday and make-up working day: 2027-01-31",
        ),
        ({"makeup_workdays": {D(2027, 2, 1)}}, "must fall on weekends: 2027-02-01"),
        ({"notice_no": " "}, "notice_no must be a non-empty string"),
        ({"source": ""}, "source must be a non-empty string"),
        ({"notice_date": datetime(2026, 11, 10, 9, 0)}, "notice_date must be a datetime.date"),
        ({"holidays": {datetime(2027, 1, 1, 0, 0)}}, "datetime.date values only"),
        ({"holidays": "2027-01-01"}, "holidays must be a set of dates"),
        ({"year": "2027"}, "year must be an int"),
        ({"year": 1900, "holidays": set(), "makeup_workdays": set()}, "year must be within"),
    ],
)
def test_invalid_notices_refused(changes: dict[str, object], problem: str) -> None:
    fields: dict[str, object] = {
        "year": 2027,
        "holidays": {D(2027, 1, 1)},
        "makeup_workdays": {D(2027, 1, 31)},
        "notice_no": "TEST-2027",
        "notice_date": D(2026, 11, 1),
        "source": "test",
    }
    fields.update(changes)
    with pytest.raises(InvalidYearNotice, match=problem) as caught:
        YearNotice(**fields)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


def test_all_problems_reported_at_once() -> None:
    with pytest.raises(InvalidYearNotice) as caught:
        notice(2027, {D(2026, 1, 1)}, {D(2027, 2, 1)}, notice_no="")
    assert len(caught.value.problems) == 3


def test_holiday_on_weekend_accepted_and_sets_frozen() -> None:
    mutable = {D(2027, 1, 2)}  # a Saturday
    published = notice(2027, mutable, set())
    mutable.add(D(2027, 3, 1))
    assert published.holidays == frozenset({D(2027, 1, 2)})
    assert isinstance(published.holidays, frozenset)


def test_publish_returns_new_calendar_and_leaves_old_untouched() -> None:
    base = cal.get_calendar()
    published = base.publish(NOTICE_2027)
    assert published is not base
    assert 2027 in published.years()
    assert 2027 not in base.years()
    with pytest.raises(TypeError):
        base.publish()
    with pytest.raises(ValueError, match="twice"):
        base.publish(NOTICE_2027, NOTICE_2027)
    with pytest.raises(AttributeError):
        base._working = ()


def test_publish_replaces_a_year() -> None:
    corrected = notice(2021, {D(2021, 10, 1)}, set(), notice_no="CORRECTED")
    calendar = cal.get_calendar().publish(corrected)
    assert calendar.describe_year(2021).source.startswith("CORRECTED")
    assert calendar.is_working_day(D(2021, 10, 4))


@pytest.mark.usefixtures("restore_default")
def test_concurrent_publications_keep_every_year() -> None:
    notices = [notice(y, {D(y, 1, 1)}, set()) for y in range(2027, 2035)]
    threads = [threading.Thread(target=cal.publish_year, args=(n,)) for n in notices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(range(2027, 2035)) <= set(cal.get_calendar().years())
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


@pytest.mark.usefixtures("restore_default")
def test_set_calendar_swaps_and_returns_previous() -> None:
    empty = WorkingCalendar()
    previous = cal.set_calendar(empty)
    assert 2021 in previous.years()
    with pytest.raises(CalendarYearNotPublished):
        cal.is_working_day(D(2021, 9, 30))
    assert repr(empty) == "WorkingCalendar(years=none)"
    with pytest.raises(TypeError):
        cal.set_calendar(object())  # type: ignore[arg-type]


def test_exception_pickles_and_names_problem_type() -> None:
    error = CalendarYearNotPublished(2027)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, round trip
    assert copy.year == 2027
    assert str(copy) == str(error)
    assert error.problem_type == "calendar-year-not-published"
    invalid = pickle.loads(pickle.dumps(InvalidYearNotice(2027, ["x", "y"])))  # noqa: S301
    assert invalid.problems == ("x", "y")


# -- rule citations ---------------------------------------------------------------------------


def test_rules_cal_lists_the_eight_rules() -> None:
    assert [rule.rule_id for rule in RULES_CAL] == [
        "CAL-WORKDAY",
        "CAL-COVERAGE",
        "CAL-WD-AFTER",
        "CAL-WD-PERIOD",
        "CAL-CAL-DAYS",
        "CAL-HOLIDAY-SHIFT",
        "CAL-END-OF-DAY",
        "CAL-INCLUSIVE",
    ]
    for rule_id, source, summary in RULES_CAL:
        assert rule_id.startswith("CAL-")
        assert source
        assert summary


def test_every_public_function_cites_a_rule() -> None:
    functions = [obj for obj in vars(cal).values() if inspect.isfunction(obj)]
    methods = [
        member
        for name, member in inspect.getmembers(WorkingCalendar, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert len(functions) >= 10
    for function in functions + methods:
        assert "CAL-" in (function.__doc__ or ""), function.__qualname__
