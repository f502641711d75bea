"""`WorkingCalendar`: loaded years plus a sorted index of every working day in them.

All queries are a set lookup or a bisect over `_working` (ordinal numbers of the working days of
every loaded year, ascending), so a 250-working-day deadline costs the same as a 1-day one.
Unloaded years contribute no entries; `_run_end` maps each loaded year to the last year of its
unbroken run of loaded years, so "is every year from A to B loaded?" is one dict lookup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from calendar import monthrange  # the standard library's, not this package
from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, date, timedelta
from types import MappingProxyType
from typing import Any, NoReturn

from govkit.calendar.model import (
    CalendarYearNotPublished,
    YearData,
    YearNotice,
    YearSummary,
    require_count,
    require_date,
)


def _year_after(d: date) -> int:
    """The year of the day after `d`, without building a date that could overflow."""
    return d.year + 1 if (d.month, d.day) == (12, 31) else d.year


class WorkingCalendar:
    """An immutable working-day calendar over the years it holds (CAL-WORKDAY, CAL-COVERAGE).

    Build it from `YearData` (see `sources.chinese_calendar_years`) and extend it with
    `publish(notice)`, which returns a new calendar: a reader holding this one never sees a
    half-published year.
    """

    __slots__ = ("_run_end", "_working", "_working_set", "_years")

    _years: Mapping[int, YearData]
    _working: tuple[int, ...]
    _working_set: frozenset[int]
    _run_end: Mapping[int, int]

    def __init__(self, years: Iterable[YearData] = ()) -> None:
        by_year: dict[int, YearData] = {}
        for data in years:
            if not isinstance(data, YearData):
                raise TypeError(f"expected YearData, got {type(data).__name__}")
            if data.year in by_year:
                raise ValueError(f"year {data.year} given twice")
            by_year[data.year] = data
        ordered = dict(sorted(by_year.items()))

        working: list[int] = []
        for data in ordered.values():
            day, last = date(data.year, 1, 1), date(data.year, 12, 31)
            while day <= last:  # one pass per loaded year, at build time only
                weekday = day.weekday() < 5
                if day in data.makeup_workdays or (weekday and day not in data.holidays):
                    working.append(day.toordinal())
                day += timedelta(days=1)

        run_end: dict[int, int] = {}
        end = 0
        for year in reversed(ordered):
            if year + 1 not in ordered:
                end = year
            run_end[year] = end

        object.__setattr__(self, "_years", MappingProxyType(ordered))
        object.__setattr__(self, "_working", tuple(working))
        object.__setattr__(self, "_working_set", frozenset(working))
        object.__setattr__(self, "_run_end", MappingProxyType(run_end))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("WorkingCalendar is immutable; use publish() to get a new one")

    def __repr__(self) -> str:
        runs = [
            f"{year}-{end}" if end > year else str(year)
            for year, end in self._run_end.items()
            if year - 1 not in self._run_end
        ]
        return f"WorkingCalendar(years={', '.join(sorted(runs)) or 'none'})"

    # -- coverage (CAL-COVERAGE) -------------------------------------------------------------

    def _loaded_through(self, first_year: int, last_year: int) -> int:
        """CAL-COVERAGE: require every year first..last loaded; return the end of that run."""
        end = self._run_end.get(first_year)
        if end is None:
            raise CalendarYearNotPublished(first_year)
        if last_year > end:
            raise CalendarYearNotPublished(end + 1)
        return end

    def _working_at(self, index: int, run_end: int) -> date:
        """CAL-COVERAGE: the working day at `index`, refused beyond the run ending `run_end`."""
        if index >= len(self._working):
            raise CalendarYearNotPublished(run_end + 1)
        result = date.fromordinal(self._working[index])
        if result.year > run_end:  # the walk crossed into a gap of unloaded years
            raise CalendarYearNotPublished(run_end + 1)
        return result

    # -- queries -----------------------------------------------------------------------------

    def years(self) -> tuple[int, ...]:
        """CAL-COVERAGE: the loaded years, ascending."""
        return tuple(self._years)

    def describe_year(self, year: int) -> YearSummary:
        """CAL-WORKDAY/CAL-COVERAGE: a loaded year's working-day count, holidays, make-up days
        and source ('chinese-calendar x.y.z' or the notice number and date)."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise TypeError(f"year must be an int, got {type(year).__name__}")
        data = self._years.get(year)
        if data is None:
            raise CalendarYearNotPublished(year)
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        notice = data.notice
        return YearSummary(
            year=year,
            working_days=bisect_right(self._working, last) - bisect_left(self._working, first),
            holidays=tuple(sorted(data.holidays)),
            makeup_workdays=tuple(sorted(data.makeup_workdays)),
            source=data.source,
            notice_no=notice.notice_no if notice else None,
            notice_date=notice.notice_date if notice else None,
            notice_source=notice.source if notice else None,
        )

    def is_working_day(self, d: date) -> bool:
        """CAL-WORKDAY: Monday-Friday minus holidays plus make-up days; d's year must be loaded
        (CAL-COVERAGE)."""
        d = require_date(d, "d")
        self._loaded_through(d.year, d.year)
        return d.toordinal() in self._working_set

    def add_working_days(self, d: date, n: int) -> date:
        """CAL-WD-AFTER: the n-th working day after `d`; `d` itself never counts.

        n = 0 returns `d` unchanged (zero working days after d, whether or not d is a working
        day), so that `working_days_between(d, add_working_days(d, n)) == n` for every n >= 0.
        CAL-COVERAGE: every year from the day after `d` to the result must be loaded.
        """
        d = require_date(d, "d")
        n = require_count(n, "n")
        if n == 0:
            return d
        first_year = _year_after(d)
        run_end = self._loaded_through(first_year, first_year)
        return self._working_at(bisect_right(self._working, d.toordinal()) + n - 1, run_end)

    def working_period_end(self, start: date, n: int) -> date:
        """CAL-WD-PERIOD: the last day (day n) of an n-working-day period starting on `start`.

        `start` is day 1 when it is a working day, else the first working day after it is.
        n must be >= 1. CAL-COVERAGE: every year from `start` to the result must be loaded.
        """
        start = require_date(start, "start")
        if require_count(n, "n") < 1:
            raise ValueError("a working-day period has at least 1 day (n >= 1)")
        run_end = self._loaded_through(start.year, start.year)
        return self._working_at(bisect_left(self._working, start.toordinal()) + n - 1, run_end)

    def working_days_between(self, a: date, b: date) -> int:
        """CAL-WD-AFTER: the number of working days d with a < d <= b.

        Antisymmetric: when b < a the result is minus the count of working days in (b, a], and
        it is 0 when a == b; hence `working_days_between(a, add_working_days(a, n)) == n`.
        CAL-COVERAGE: every year of the days counted must be loaded (none when a == b).
        """
        a = require_date(a, "a")
        b = require_date(b, "b")
        if a == b:
            return 0
        low, high = min(a, b), max(a, b)
        self._loaded_through(_year_after(low), high.year)
        working = self._working
        return bisect_right(working, b.toordinal()) - bisect_right(working, a.toordinal())

    def period_end(self, event: date, *, days: int = 0, months: int = 0, years: int = 0) -> date:
        """CAL-CAL-DAYS + CAL-HOLIDAY-SHIFT: the last day of a calendar period after `event`.

        Counting starts the day after `event` (art. 201): `days` ends on event + days; `months`
        and `years` (which may be combined: 1 year 6 months = 18 months) end on the
        same-numbered day of the final month, or its last day if it has none (art. 202). Mixing
        `days` with months/years is refused as the law gives no order for it. If that last day
        is a rest day (holiday, or a weekend that is not a make-up day), the period ends on the
        first working day after it (art. 203). CAL-COVERAGE: the last day's year and, when it
        shifts, the shifted day's year must be loaded; the years in between need not be.
        """
        event = require_date(event, "event")
        days = require_count(days, "days")
        months = require_count(months, "months")
        years = require_count(years, "years")
        if days and (months or years):
            raise ValueError("give either days, or months and/or years, not both")
        if not (days or months or years):
            raise ValueError("a period needs days, months or years > 0")
        if days:
            ordinal = event.toordinal() + days
            if ordinal > date.max.toordinal():
                raise CalendarYearNotPublished(MAXYEAR + 1)
            last = date.fromordinal(ordinal)
        else:
            month_index = event.month - 1 + months + 12 * years
            year, month = event.year + month_index // 12, month_index % 12 + 1
            if year > MAXYEAR:
                raise CalendarYearNotPublished(year)
            last = date(year, month, min(event.day, monthrange(year, month)[1]))
        return self._first_working_on_or_after(last)

    def _first_working_on_or_after(self, d: date) -> date:
        """CAL-HOLIDAY-SHIFT: `d` if it is a working day, else the first working day after it."""
        run_end = self._loaded_through(d.year, d.year)
        if d.toordinal() in self._working_set:
            return d
        return self._working_at(bisect_left(self._working, d.toordinal()), run_end)

    # -- publication (CAL-COVERAGE) ----------------------------------------------------------

    def publish(self, *notices: YearNotice) -> WorkingCalendar:
        """CAL-COVERAGE: a new calendar with these notices' years added (or replaced, so a
        corrected notice supersedes the earlier one); this calendar is left unchanged."""
        if not notices:
            raise TypeError("publish() needs at least one YearNotice")
        updated = dict(self._years)
        seen: set[int] = set()
        for notice in notices:
            if not isinstance(notice, YearNotice):
                raise TypeError(f"expected YearNotice, got {type(notice).__name__}")
            if notice.year in seen:
                raise ValueError(f"year {notice.year} published twice in one call")
            seen.add(notice.year)
            updated[notice.year] = YearData.from_notice(notice)
        return WorkingCalendar(updated.values())
