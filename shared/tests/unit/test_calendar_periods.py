"""Terms by calendar months (Civil Code arts. 201–202, no holiday shift)."""

from __future__ import annotations

from datetime import date

import pytest

from govkit.calendar import months_after, months_between, term_last_day


def test_months_after_the_same_numbered_day_or_the_month_end() -> None:
    assert months_after(date(2021, 8, 31), 6) == date(2022, 2, 28)
    assert months_after(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert months_after(date(2024, 3, 15), 0) == date(2024, 3, 15)
    assert months_after(date(2024, 12, 10), 13) == date(2026, 1, 10)


def test_a_term_ends_the_day_before_its_first_days_number() -> None:
    assert term_last_day(date(2024, 3, 1), 60) == date(2029, 2, 28)
    assert term_last_day(date(2024, 1, 1), 12) == date(2024, 12, 31)
    assert term_last_day(date(2024, 3, 31), 1) == date(2024, 4, 30)
    # No holiday shift and no calendar needed: 2030 is not published.
    assert term_last_day(date(2029, 10, 1), 12) == date(2030, 9, 30)
    with pytest.raises(ValueError, match="at least one month"):
        term_last_day(date(2024, 3, 1), 0)


def test_months_between_is_the_inverse_of_term_last_day() -> None:
    for first in (date(2024, 1, 31), date(2024, 3, 1), date(2023, 2, 28)):
        for n in (1, 11, 12, 36, 60):
            assert months_between(first, term_last_day(first, n)) == (n, 0)
    assert months_between(date(2024, 3, 1), date(2029, 3, 1)) == (60, 1)
    assert months_between(date(2024, 3, 1), date(2024, 3, 1)) == (0, 1)
    with pytest.raises(ValueError, match="before it starts"):
        months_between(date(2024, 3, 2), date(2024, 3, 1))


def test_terms_beyond_the_last_representable_day_overflow_like_date_arithmetic() -> None:
    with pytest.raises(OverflowError):
        months_after(date(9999, 6, 1), 12)
    with pytest.raises(OverflowError):
        term_last_day(date.min, 1)
