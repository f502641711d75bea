"""Property tests: the indexed calendar agrees with a naive day-by-day reference.

The reference reads the working-day status from `chinese_calendar.is_workday` (the package's own
rule, independent of our index) and walks one day at a time, raising for the first unloaded year
it steps into, which is what CAL-COVERAGE asks of the real implementation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

import govkit.calendar as cal
from govkit.calendar import CalendarYearNotPublished, WorkingCalendar, YearData
from govkit.calendar.sources import chinese_calendar_years

chinese_calendar = importlib.import_module("chinese_calendar")
ONE_DAY = timedelta(days=1)
FIRST, LAST = date(2004, 1, 1), date(2026, 12, 31)
PACKAGE_YEARS = range(FIRST.year, LAST.year + 1)

# Dates far enough from the end that 300 working days stay inside the package's years.
dates = st.dates(min_value=FIRST, max_value=date(2025, 6, 30))
any_loaded_date = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=300)
positive_counts = st.integers(min_value=1, max_value=300)
SETTINGS = settings(max_examples=200, deadline=None)


# -- the naive reference -------------------------------------------------------------------


@cache
def package_working_days() -> frozenset[date]:
    # Asked once per day up front: the package's is_workday rescans its tables on every call.
    every_day = (FIRST + timedelta(k) for k in range((LAST - FIRST).days + 1))
    return frozenset(d for d in every_day if chinese_calendar.is_workday(d))


def ref_is_working(d: date, loaded: frozenset[int] = frozenset(PACKAGE_YEARS)) -> bool:
    if d.year not in loaded:
        raise CalendarYearNotPublished(d.year)
    return d in package_working_days()


def ref_add(d: date, n: int, loaded: frozenset[int] = frozenset(PACKAGE_YEARS)) -> date:
    while n > 0:
        d += ONE_DAY
        n -= ref_is_working(d, loaded)
    return d


def ref_period_end(start: date, n: int, loaded: frozenset[int] = frozenset(PACKAGE_YEARS)) -> date:
    while not ref_is_working(start, loaded):
        start += ONE_DAY
    return ref_add(start, n - 1, loaded)


def ref_between(a: date, b: date, loaded: frozenset[int] = frozenset(PACKAGE_YEARS)) -> int:
    low, high, sign = (a, b, 1) if a <= b else (b, a, -1)
    count = 0
    while low < high:
        low += ONE_DAY
        count += ref_is_working(low, loaded)
    return sign * count


def ref_months(event: date, months: int) -> date:
    year, month = divmod(event.month - 1 + months, 12)
    day = event.day
    while True:  # step back from the same-numbered day until the month has it
        try:
            return date(event.year + year, month + 1, day)
        except ValueError:
            day -= 1


def ref_shift(d: date, loaded: frozenset[int] = frozenset(PACKAGE_YEARS)) -> date:
    while not ref_is_working(d, loaded):
        d += ONE_DAY
    return d


def outcome(call: Callable[[], object]) -> object:
    """A call's result, or the year named by CalendarYearNotPublished."""
    try:
        return call()
    except CalendarYearNotPublished as error:
        return ("not published", error.year)


@cache
def calendar_of(years: frozenset[int]) -> WorkingCalendar:
    return WorkingCalendar(data for data in package_years() if data.year in years)


@cache
def package_years() -> tuple[YearData, ...]:
    return chinese_calendar_years()


# -- agreement with the reference ----------------------------------------------------------


@SETTINGS
@given(any_loaded_date)
def test_is_working_day_matches_package(d: date) -> None:
    assert cal.is_working_day(d) == ref_is_working(d)


@SETTINGS
@given(dates, counts)
def test_add_working_days_matches_reference(d: date, n: int) -> None:
    result = cal.add_working_days(d, n)
    assert result == ref_add(d, n)
    if n:
        assert result > d
        assert cal.is_working_day(result)


@SETTINGS
@given(dates, positive_counts)
def test_working_period_end_matches_reference(start: date, n: int) -> None:
    result = cal.working_period_end(start, n)
    assert result == ref_period_end(start, n)
    assert result >= start
    assert cal.is_working_day(result)
    assert cal.working_days_between(start - ONE_DAY, result) == n


@SETTINGS
@given(dates, dates)
def test_working_days_between_matches_reference(a: date, b: date) -> None:
    assert cal.working_days_between(a, b) == ref_between(a, b)
    assert cal.working_days_between(b, a) == -cal.working_days_between(a, b)


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=400))
def test_period_in_days_matches_reference(event: date, days: int) -> None:
    result = cal.period_end(event, days=days)
    nominal = event + timedelta(days=days)
    assert result == ref_shift(nominal)
    assert cal.is_working_day(result)
    # CAL-HOLIDAY-SHIFT moves only across rest days.
    assert cal.working_days_between(nominal, result) == (1 if result > nominal else 0)


@SETTINGS
@given(
    st.dates(min_value=FIRST, max_value=date(2024, 12, 31)),
    st.integers(min_value=1, max_value=11),
    st.integers(min_value=0, max_value=1),
)
def test_period_in_months_matches_reference(event: date, months: int, years: int) -> None:
    result = cal.period_end(event, months=months, years=years)
    assert result == ref_shift(ref_months(event, months + 12 * years))
    assert cal.is_working_day(result)


# -- consistency and monotonicity ----------------------------------------------------------


@SETTINGS
@given(dates, counts)
def test_between_inverts_add(d: date, n: int) -> None:
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n


@SETTINGS
@given(dates, dates, positive_counts)
def test_add_is_monotonic_in_start(a: date, b: date, n: int) -> None:
    low, high = sorted((a, b))
    assert cal.add_working_days(low, n) <= cal.add_working_days(high, n)
    assert cal.working_period_end(low, n) <= cal.working_period_end(high, n)


@SETTINGS
@given(dates, st.integers(0, 150), st.integers(0, 150))
def test_add_is_strictly_monotonic_in_count(d: date, m: int, n: int) -> None:
    if m < n:
        assert cal.add_working_days(d, m) < cal.add_working_days(d, n)
    assert cal.add_working_days(cal.add_working_days(d, m), n) == cal.add_working_days(d, m + n)


@SETTINGS
@given(dates, dates)
def test_period_end_is_monotonic(a: date, b: date) -> None:
    low, high = sorted((a, b))
    assert cal.period_end(low, days=30) <= cal.period_end(high, days=30)
    assert cal.period_end(low, months=3) <= cal.period_end(high, months=3)


# -- CAL-COVERAGE with gaps: same answer or same refused year as the reference -------------

# Small calendars (some of 2011-2019) keep the many index builds cheap.
loaded_years = st.frozensets(st.integers(min_value=2011, max_value=2019), min_size=1).map(
    lambda years: years | {2015}  # keep the dates below near something loaded
)
gap_dates = st.dates(min_value=date(2013, 1, 1), max_value=date(2017, 12, 31))


@SETTINGS
@given(loaded_years, gap_dates, st.integers(min_value=0, max_value=600))
def test_coverage_add_and_period(loaded: frozenset[int], d: date, n: int) -> None:
    calendar = calendar_of(loaded)
    assert outcome(lambda: calendar.add_working_days(d, n)) == outcome(
        lambda: ref_add(d, n, loaded)
    )
    if n:
        assert outcome(lambda: calendar.working_period_end(d, n)) == outcome(
            lambda: ref_period_end(d, n, loaded)
        )


@SETTINGS
@given(loaded_years, gap_dates, gap_dates)
def test_coverage_between(loaded: frozenset[int], a: date, b: date) -> None:
    calendar = calendar_of(loaded)
    assert outcome(lambda: calendar.working_days_between(a, b)) == outcome(
        lambda: ref_between(a, b, loaded)
    )


@SETTINGS
@given(loaded_years, gap_dates, st.integers(min_value=1, max_value=800))
def test_coverage_period_in_days(loaded: frozenset[int], event: date, days: int) -> None:
    calendar = calendar_of(loaded)
    assert outcome(lambda: calendar.period_end(event, days=days)) == outcome(
        lambda: ref_shift(event + timedelta(days=days), loaded)
    )
