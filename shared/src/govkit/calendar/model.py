"""Calendar data and errors: a year's holiday arrangement, its summary, and the two failures.

Rules: CAL-WORKDAY (what a year's data means), CAL-COVERAGE (unloaded years fail, never guessed).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime

# Published years are bounded so that arithmetic one day past a loaded year stays a valid date.
MIN_YEAR = 1949
MAX_YEAR = 2999

# The problem `type` slug that the HTTP layer uses for CAL-COVERAGE failures (HTTP 422).
PROBLEM_YEAR_NOT_PUBLISHED = "calendar-year-not-published"


def require_date(value: object, name: str) -> date:
    """Return `value` if it is a plain `date` (CAL-END-OF-DAY).

    A `datetime` is a `date` subclass; accepting one would silently drop its time and time zone,
    so it is refused: callers convert to the Asia/Shanghai date first (see `today_shanghai`).
    """
    if type(value) is date:  # the common case, checked first: this runs on every call
        return value
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date, not a datetime (use its Shanghai date)")
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, got {type(value).__name__}")
    return value


def require_count(value: object, name: str) -> int:
    """Return `value` if it is a non-negative int (bool refused: `True` is not a count)."""
    if type(value) is int and value >= 0:  # the common case, checked first
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


class CalendarError(Exception):
    """Base of the calendar's own errors."""


class CalendarYearNotPublished(CalendarError, LookupError):
    """CAL-COVERAGE: a computation needs a year whose holiday notice is not loaded.

    The HTTP layer maps it to 422 with problem type `calendar-year-not-published`.
    """

    problem_type = PROBLEM_YEAR_NOT_PUBLISHED

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年节假日安排（国务院办公厅通知）尚未发布，无法计算涉及该年的工作日或期间 / "
            f"the holiday arrangement for {year} has not been published; "
            f"dates in {year} cannot be computed"
        )

    def __reduce__(self) -> tuple[type[CalendarYearNotPublished], tuple[int]]:
        # Keep the exception picklable (process pools, task queues) despite the custom __init__.
        return (type(self), (self.year,))


class InvalidYearNotice(CalendarError, ValueError):
    """CAL-COVERAGE: a year's published data is inconsistent; `problems` lists every fault."""

    def __init__(self, year: object, problems: list[str]) -> None:
        self.year = year
        self.problems = tuple(problems)
        super().__init__(f"invalid holiday data for {year}: " + "; ".join(problems))

    def __reduce__(self) -> tuple[type[InvalidYearNotice], tuple[object, list[str]]]:
        return (type(self), (self.year, list(self.problems)))


def _fmt(days: AbstractSet[date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))


def validate_year(year: object, holidays: object, makeup_workdays: object) -> list[str]:
    """List what is wrong with one year's holidays and make-up days (CAL-WORKDAY, CAL-COVERAGE).

    Holidays may fall on any day (a holiday on a weekend is simply a rest day); make-up working
    days (调休) must be Saturdays or Sundays, since a weekday is a working day already; no date
    may be both; every date must lie in `year`.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        return [f"year must be an int, got {type(year).__name__}"]
    problems: list[str] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(f"year must be within {MIN_YEAR}..{MAX_YEAR}")
    sets: dict[str, frozenset[date]] = {}
    for name, days in (("holidays", holidays), ("makeup_workdays", makeup_workdays)):
        if isinstance(days, str | bytes) or not isinstance(days, AbstractSet | list | tuple):
            problems.append(f"{name} must be a set of dates")
            continue
        bad_types = [d for d in days if isinstance(d, datetime) or not isinstance(d, date)]
        if bad_types:
            problems.append(f"{name} must hold datetime.date values only, got {bad_types[:3]!r}")
            continue
        sets[name] = frozenset(days)
        other_year = {d for d in sets[name] if d.year != year}
        if other_year:
            problems.append(f"{name} outside {year}: {_fmt(other_year)}")
    if len(sets) == 2:
        both = sets["holidays"] & sets["makeup_workdays"]
        if both:
            problems.append(f"dates both holiday and make-up working day: {_fmt(both)}")
        weekday_makeup = {d for d in sets["makeup_workdays"] if d.weekday() < 5}
        if weekday_makeup:
            problems.append(f"make-up working days must fall on weekends: {_fmt(weekday_makeup)}")
    return problems


@dataclass(frozen=True, slots=True)
class YearNotice:
    """A year's holiday arrangement published by an operator (CAL-WORKDAY, CAL-COVERAGE).

    `holidays`: statutory rest days (at least those that would otherwise be weekdays; weekend
    dates of a holiday may be listed too). `makeup_workdays`: weekend days worked instead (调休).
    `notice_no`/`notice_date`: the State Council notice (e.g. 国办发明电〔2026〕N号).
    `source`: where the operator took it from (URL or document reference).
    Validated on construction; the sets are frozen.
    """

    year: int
    holidays: AbstractSet[date]
    makeup_workdays: AbstractSet[date]
    notice_no: str
    notice_date: date
    source: str

    def __post_init__(self) -> None:
        problems = validate_year(self.year, self.holidays, self.makeup_workdays)
        if not isinstance(self.notice_no, str) or not self.notice_no.strip():
            problems.append("notice_no must be a non-empty string")
        if not isinstance(self.source, str) or not self.source.strip():
            problems.append("source must be a non-empty string")
        if isinstance(self.notice_date, datetime) or not isinstance(self.notice_date, date):
            problems.append("notice_date must be a datetime.date")
        if problems:
            raise InvalidYearNotice(self.year, problems)
        # Freeze so a caller mutating its own set cannot change a published calendar.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))


@dataclass(frozen=True, slots=True)
class YearData:
    """One loaded year, whatever its origin: the package or an operator's notice (CAL-WORKDAY)."""

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str
    notice: YearNotice | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        problems = validate_year(self.year, self.holidays, self.makeup_workdays)
        if problems:
            raise InvalidYearNotice(self.year, problems)

    @classmethod
    def from_notice(cls, notice: YearNotice) -> YearData:
        """CAL-COVERAGE: the data an operator published, cited by notice number and date."""
        return cls(
            year=notice.year,
            holidays=frozenset(notice.holidays),
            makeup_workdays=frozenset(notice.makeup_workdays),
            source=f"{notice.notice_no} ({notice.notice_date.isoformat()})",
            notice=notice,
        )


@dataclass(frozen=True, slots=True)
class YearSummary:
    """What `describe_year` reports about one loaded year (CAL-WORKDAY, CAL-COVERAGE)."""

    year: int
    working_days: int
    holidays: tuple[date, ...]
    makeup_workdays: tuple[date, ...]
    source: str
    notice_no: str | None = None
    notice_date: date | None = None
    notice_source: str | None = None
