"""Anniversary arithmetic (Civil Code art. 202) for look-backs and interest years.

These are not deadlines: no holiday shift applies, so they do not go through `govkit.calendar`
(which shifts period ends off rest days). Deadlines always use `govkit.calendar`.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def add_years(d: date, years: int) -> date:
    """The same month and day `years` later (or earlier if negative); 29 Feb → 28 Feb."""
    year = d.year + years
    return date(year, d.month, min(d.day, monthrange(year, d.month)[1]))


def whole_years_and_days(start: date, end: date) -> tuple[int, int]:
    """Whole years from `start` to `end` (anniversary to anniversary) and the days left over."""
    if end < start:
        raise ValueError("end precedes start")
    years = end.year - start.year
    if add_years(start, years) > end:
        years -= 1
    return years, (end - add_years(start, years)).days
