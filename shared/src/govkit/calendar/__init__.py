"""Working days and Civil Code periods for statutory deadlines (rules/calendar.md, CAL-*).

The module-level functions use a process-wide default `WorkingCalendar`, built on first use
from the `chinese-calendar` package. Services add operator-published years (from their
database, at start-up and on publication) with `publish_year(notice)` or replace the whole
calendar with `set_calendar(cal)`; either is an atomic swap, so a computation in flight keeps
the complete calendar it started with.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date

from govkit.calendar.clock import today_shanghai
from govkit.calendar.index import WorkingCalendar
from govkit.calendar.model import (
    PROBLEM_YEAR_NOT_PUBLISHED,
    CalendarError,
    CalendarYearNotPublished,
    InvalidYearNotice,
    YearData,
    YearNotice,
    YearSummary,
)
from govkit.calendar.periods import months_after, months_between, term_last_day
from govkit.calendar.rules import RULES_CAL, CalendarRule
from govkit.calendar.sources import chinese_calendar_years

__all__ = [
    "PROBLEM_YEAR_NOT_PUBLISHED",
    "RULES_CAL",
    "CalendarError",
    "CalendarRule",
    "CalendarYearNotPublished",
    "InvalidYearNotice",
    "WorkingCalendar",
    "YearData",
    "YearNotice",
    "YearSummary",
    "add_working_days",
    "default_calendar",
    "get_calendar",
    "is_working_day",
    "months_after",
    "months_between",
    "period_end",
    "publish_year",
    "set_calendar",
    "term_last_day",
    "today_shanghai",
    "using_calendar",
    "working_days_between",
    "working_period_end",
]

_lock = threading.Lock()
_current: WorkingCalendar | None = None
# A calendar that replaces the process-wide one for the current context only (see using_calendar).
_override: ContextVar[WorkingCalendar | None] = ContextVar("govkit_calendar", default=None)


def default_calendar() -> WorkingCalendar:
    """CAL-COVERAGE: a fresh calendar of the years `chinese-calendar` carries, nothing else."""
    return WorkingCalendar(chinese_calendar_years())


def get_calendar() -> WorkingCalendar:
    """CAL-COVERAGE: the process-wide calendar (built from `chinese-calendar` on first use), or
    the one `using_calendar` set for the current context."""
    override = _override.get()
    if override is not None:
        return override
    global _current
    current = _current  # one read: a concurrent swap cannot tear it
    if current is not None:
        return current
    with _lock:
        if _current is None:
            _current = default_calendar()
        return _current


def set_calendar(calendar: WorkingCalendar) -> WorkingCalendar:
    """CAL-COVERAGE: replace the process-wide calendar; returns the previous one."""
    if not isinstance(calendar, WorkingCalendar):
        raise TypeError(f"expected WorkingCalendar, got {type(calendar).__name__}")
    global _current
    with _lock:
        previous = _current if _current is not None else default_calendar()
        _current = calendar
    return previous


@contextlib.contextmanager
def using_calendar(calendar: WorkingCalendar) -> Iterator[WorkingCalendar]:
    """CAL-COVERAGE: compute with `calendar` instead of the process-wide one, in this context
    only (this thread or asyncio task): e.g. a calendar about to be published."""
    if not isinstance(calendar, WorkingCalendar):
        raise TypeError(f"expected WorkingCalendar, got {type(calendar).__name__}")
    token = _override.set(calendar)
    try:
        yield calendar
    finally:
        _override.reset(token)


def publish_year(*notices: YearNotice) -> WorkingCalendar:
    """CAL-COVERAGE: add (or replace) published years in the process-wide calendar.

    The new calendar is built aside and swapped in under a lock, so concurrent publications do
    not lose each other's years and readers never see a half-built index. Returns it.
    """
    global _current
    with _lock:
        base = _current if _current is not None else default_calendar()
        _current = base.publish(*notices)
        return _current


def is_working_day(d: date) -> bool:
    """CAL-WORKDAY: whether `d` is a working day (CAL-COVERAGE: its year must be loaded)."""
    return get_calendar().is_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """CAL-WD-AFTER: the n-th working day after `d` (d never counts; n = 0 returns d)."""
    return get_calendar().add_working_days(d, n)


def working_period_end(start: date, n: int) -> date:
    """CAL-WD-PERIOD: day n of an n-working-day period starting on `start` (n >= 1)."""
    return get_calendar().working_period_end(start, n)


def working_days_between(a: date, b: date) -> int:
    """CAL-WD-AFTER: working days d with a < d <= b; negative when b < a, 0 when a == b."""
    return get_calendar().working_days_between(a, b)


def period_end(event: date, *, days: int = 0, months: int = 0, years: int = 0) -> date:
    """CAL-CAL-DAYS + CAL-HOLIDAY-SHIFT: last day of a calendar period after `event`."""
    return get_calendar().period_end(event, days=days, months=months, years=years)
