"""Deadlines: worked example 5, the concession procedure, reports, and how late something is."""

from __future__ import annotations

from datetime import date

import pytest

from fund.domain import (
    DEFAULT_PARAMETERS,
    DeadlineKind,
    DeadlineState,
    FundDomainError,
    concession_deadlines,
    deadline_status,
    filing_due,
    notice_end,
    objection_due,
    reporting_schedule,
    signing_deadlines,
)
from govkit.calendar import CalendarYearNotPublished, get_calendar


def test_worked_example_notice_period() -> None:
    d = notice_end(date(2022, 1, 28))
    assert (d.due, d.rule_id, d.basis_date) == (
        date(2022, 2, 8),
        "FUND-PROC-NOTICE",
        date(2022, 1, 28),
    )


def test_worked_example_objection_investigation() -> None:
    assert objection_due(date(2021, 12, 20)).due == date(2022, 1, 30)  # a make-up Sunday


def test_worked_example_filing() -> None:
    d = filing_due(date(2022, 1, 26))
    assert (d.due, d.rule_id, d.kind) == (
        date(2022, 2, 14),
        "FUND-PROC-FILING",
        DeadlineKind.FILING,
    )


def test_worked_example_unsigned_six_months_after_approval() -> None:
    sign, report = signing_deadlines(date(2021, 8, 31))
    assert sign.due == date(2022, 2, 28)
    assert report.due == date(2022, 3, 28)
    assert {sign.rule_id, report.rule_id} == {"FUND-PROC-SIGN-6M"}


def test_one_extension_of_at_most_3_months_runs_on_from_the_6_months() -> None:
    sign, report = signing_deadlines(date(2021, 8, 31), extension_months=3)
    assert sign.due == date(2022, 5, 30)  # 2022-05-28 is a Saturday
    assert report.due == date(2022, 6, 30)
    with pytest.raises(FundDomainError) as err:
        signing_deadlines(date(2021, 8, 31), extension_months=4)
    assert err.value.rule_id == "FUND-PROC-SIGN-6M"


def test_counts_follow_the_parameters() -> None:
    longer = DEFAULT_PARAMETERS.with_overrides({"fund.procedure.notice_working_days": 7})
    assert notice_end(date(2022, 1, 28), params=longer).due == date(2022, 2, 10)
    assert notice_end(date(2022, 1, 28)).due == date(2022, 2, 8)  # the baseline is untouched


def test_concession_procedure() -> None:
    deadlines = concession_deadlines(
        date(2022, 9, 26),
        reviewed_on=date(2022, 11, 1),
        decided_on=date(2022, 12, 1),
        notice_started_on=date(2022, 12, 5),
        objection_raised_on=date(2022, 12, 7),
        cleared_on=date(2023, 1, 10),
    )
    due = {d.kind: d.due for d in deadlines}
    assert due == {
        DeadlineKind.CONCESSION_REVIEW: date(
            2022, 11, 10
        ),  # National Day off, 10-08/09 make-up days
        DeadlineKind.CONCESSION_SUBMISSION: date(2022, 12, 13),
        DeadlineKind.CONCESSION_NOTICE_START: date(2022, 12, 8),
        DeadlineKind.CONCESSION_NOTICE_END: date(2022, 12, 9),
        DeadlineKind.CONCESSION_OBJECTION: date(2023, 1, 19),  # 2023-01-02 is a holiday
        DeadlineKind.CONCESSION_EXECUTION: date(2023, 1, 17),
    }
    assert {d.rule_id for d in deadlines} == {"FUND-CONC-PROC"}
    assert len(concession_deadlines(date(2022, 9, 26))) == 1


def test_reporting_schedule_uses_calendar_periods_with_the_holiday_shift() -> None:
    schedule = reporting_schedule(
        registered_on=date(2021, 7, 1), through=date(2021, 12, 31), major_events=[date(2021, 9, 25)]
    )
    assert [(d.rule_id, d.subject, d.due) for d in schedule] == [
        ("FUND-REPORT-MAJOR", "major event 2021-09-25", date(2021, 10, 8)),  # 10-05 is a holiday
        ("FUND-REPORT-QUARTERLY", "2021Q3", date(2021, 11, 1)),  # 10-30 is a Saturday
        ("FUND-REPORT-QUARTERLY", "2021Q4", date(2022, 2, 7)),  # Spring Festival
        ("FUND-REPORT-ANNUAL", "2021", date(2022, 5, 5)),  # Labour Day holiday
    ]


def test_deadline_status_says_how_late() -> None:
    d = filing_due(date(2022, 1, 26))  # due 2022-02-14
    assert deadline_status(d, on=date(2022, 2, 14)).state is DeadlineState.OPEN
    late = deadline_status(d, on=date(2022, 2, 16))
    assert (late.state, late.days_late, late.working_days_late) == (DeadlineState.OVERDUE, 2, 2)
    assert (
        deadline_status(d, on=date(2022, 3, 1), done_on=date(2022, 2, 14)).state
        is DeadlineState.MET
    )
    met_late = deadline_status(d, on=date(2022, 3, 1), done_on=date(2022, 2, 21))
    assert (met_late.state, met_late.days_late, met_late.working_days_late) == (
        DeadlineState.MET_LATE,
        7,
        5,
    )


def test_an_unpublished_calendar_year_is_never_guessed() -> None:
    year = max(get_calendar().years()) + 1
    with pytest.raises(CalendarYearNotPublished):
        filing_due(date(year, 3, 2))
