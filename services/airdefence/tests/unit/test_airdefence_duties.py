"""AD-DUTIES: due days from the shared calendar; no duty before its works exists."""

from __future__ import annotations

from datetime import date

import pytest

from airdefence.domain import (
    AirDefenceDomainError,
    occurrence_due,
    require_completion,
    require_schedule,
)


def test_due_days_follow_the_civil_code_and_shift_off_rest_days() -> None:
    # 2024-01-31 + 1 month: February has no 31st → its last day, 2024-02-29 (a Thursday).
    assert occurrence_due(date(2024, 1, 31), 1, 1) == date(2024, 2, 29)
    # + 3 months from 2024-07-01 → 2024-10-01, National Day: the first working day after is 10-08.
    assert occurrence_due(date(2024, 7, 1), 3, 1) == date(2024, 10, 8)
    # The n-th occurrence counts from the start, not from the previous (shifted) due day.
    assert occurrence_due(date(2024, 7, 1), 3, 2) == date(2025, 1, 2)


def test_schedule_starts_once_the_works_is_accepted() -> None:
    require_schedule(date(2024, 5, 20), 1, date(2024, 5, 20))
    with pytest.raises(AirDefenceDomainError) as caught:
        require_schedule(date(2024, 5, 19), 1, date(2024, 5, 20))
    assert caught.value.rule_id == "AD-DUTIES"
    with pytest.raises(AirDefenceDomainError):
        require_schedule(date(2024, 5, 20), 1, None)
    for bad in (0, 121):
        with pytest.raises(AirDefenceDomainError):
            require_schedule(date(2024, 5, 20), bad, date(2024, 5, 20))


def test_a_completion_before_the_works_exists_is_refused() -> None:
    kw = {
        "accepted_on": date(2024, 5, 20),
        "starts_on": date(2024, 5, 20),
        "today": date(2024, 6, 30),
    }
    require_completion(date(2024, 5, 20), **kw)  # type: ignore[arg-type]
    with pytest.raises(AirDefenceDomainError) as caught:
        require_completion(date(2024, 5, 19), **kw)  # type: ignore[arg-type]
    assert caught.value.rule_id == "AD-DUTIES"
    assert caught.value.pointer == "#/done_on"
    with pytest.raises(AirDefenceDomainError) as future:
        require_completion(date(2024, 7, 1), **kw)  # type: ignore[arg-type]
    assert future.value.rule_id is None
