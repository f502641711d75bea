"""A provisional calendar, for recording what happened when a period runs into an unpublished
year.

CAL-COVERAGE refuses to guess a year whose holiday notice is not published. A recorded event,
though, happened and must be kept: the periods it starts are then computed with a provisional
calendar in which each unpublished year has Saturdays and Sundays as rest days, no public
holidays and no make-up working days. A service stores such results marked provisional,
announces them, and recomputes them with the published calendar when the year is published
(a calendar-publication hook). Stateless computations keep refusing unpublished years.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from govkit.calendar import (
    CalendarYearNotPublished,
    WorkingCalendar,
    YearData,
    get_calendar,
    today_shanghai,
    using_calendar,
)
from govkit.calendar.model import MAX_YEAR

T = TypeVar("T")

# Unpublished years filled in provisionally: gaps between loaded years and this many after them.
HORIZON_YEARS = 10
SOURCE = "provisional: Saturdays and Sundays only, no public holidays, no make-up working days"

_lock = threading.Lock()
_cache: dict[int, tuple[WorkingCalendar, WorkingCalendar]] = {}


def provisional_calendar(base: WorkingCalendar | None = None) -> WorkingCalendar:
    """`base` plus a weekends-only year for every year it lacks up to HORIZON_YEARS after its
    last loaded year."""
    base = base if base is not None else get_calendar()
    with _lock:
        hit = _cache.get(id(base))
        if hit is not None and hit[0] is base:
            return hit[1]
    loaded = base.years()
    this_year = today_shanghai().year
    first, last = (loaded[0], loaded[-1]) if loaded else (this_year, this_year)
    # The horizon stops at the last year a calendar can hold (a year near it may be published).
    horizon = min(max(last, this_year) + HORIZON_YEARS, MAX_YEAR)
    gaps = [y for y in range(first, horizon + 1) if y not in loaded]
    full = _fill(base, gaps)
    with _lock:
        _cache.clear()  # one entry: the current calendar
        _cache[id(base)] = (base, full)
    return full


def _fill(base: WorkingCalendar, years: Iterable[int]) -> WorkingCalendar:
    def loaded(year: int) -> YearData:
        s = base.describe_year(year)
        return YearData(year, frozenset(s.holidays), frozenset(s.makeup_workdays), s.source)

    empty = frozenset[date]()
    provisional = (YearData(y, empty, empty, SOURCE) for y in years)
    return WorkingCalendar([*(loaded(y) for y in base.years()), *provisional])


def allowing_provisional(compute: Callable[[], T]) -> tuple[T, int | None]:
    """`compute()`; if it needs an unpublished year, `compute()` again with the provisional
    calendar. Returns the result and the first unpublished year it needed (None if none)."""
    try:
        return compute(), None
    except CalendarYearNotPublished as exc:
        with using_calendar(provisional_calendar()):
            return compute(), exc.year


def unpublished_years(first: date, last: date) -> list[int]:
    """The years from `first` to `last` whose holiday notice is not loaded."""
    loaded = set(get_calendar().years())
    return [y for y in range(first.year, last.year + 1) if y not in loaded]
