"""Terms counted by calendar months (Civil Code arts. 201–202), without the holiday shift.

A contract's or lease's term is the agreed duration, not a deadline for an act, so art. 203's
shift of a last day that is a rest day does not move it — and it needs no holiday calendar, so a
term ending in a year whose notice is not yet published is still computed. Deadlines for acts
use `govkit.calendar.period_end`, which does shift.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import MAXYEAR, date, timedelta

from govkit.calendar.model import require_count, require_date


def months_after(event: date, months: int) -> date:
    """CAL-CAL-DAYS (arts. 201–202): counting from the day after `event`, the last day of a
    period of `months` months — the same-numbered day of the final month, or its last day if it
    has none. `months_after(2021-08-31, 6)` is 2022-02-28. Past year 9999: OverflowError, as
    date arithmetic raises."""
    event = require_date(event, "event")
    months = require_count(months, "months")
    index = event.month - 1 + months
    year, month = event.year + index // 12, index % 12 + 1
    if year > MAXYEAR:
        raise OverflowError("date value out of range")
    return date(year, month, min(event.day, monthrange(year, month)[1]))


def term_last_day(first_day: date, months: int) -> date:
    """CAL-CAL-DAYS: the last day of a term of `months` months whose first day is `first_day`
    (the day before it is the event art. 201 counts from): 2024-03-01 for 60 months ends
    2029-02-28."""
    first_day = require_date(first_day, "first_day")
    if months < 1:
        raise ValueError("a term needs at least one month")
    return months_after(first_day - timedelta(days=1), months)


def months_between(first_day: date, last_day: date) -> tuple[int, int]:
    """CAL-CAL-DAYS: a term from `first_day` to `last_day` (inclusive) as (whole months, days
    beyond): the largest n with term_last_day(first_day, n) <= last_day, and the days after
    that end."""
    first_day = require_date(first_day, "first_day")
    last_day = require_date(last_day, "last_day")
    if last_day < first_day:
        raise ValueError("the term ends before it starts")
    event = first_day - timedelta(days=1)
    n = (last_day.year - first_day.year) * 12 + (last_day.month - first_day.month) + 1
    while n > 0 and months_after(event, n) > last_day:
        n -= 1
    end = months_after(event, n) if n else event
    return n, (last_day - end).days
