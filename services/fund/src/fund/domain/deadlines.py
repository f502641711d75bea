"""Statutory deadlines of the set-up and concession procedures (三（三）（四）, 五（三）).

Every due date comes from `govkit.calendar`: "a period of N working days" is
`working_period_end` (CAL-WD-PERIOD), "within N working days" is `add_working_days`
(CAL-WD-AFTER), "within N months" is `period_end` (CAL-CAL-DAYS + CAL-HOLIDAY-SHIFT).
Counts are parameters read as in force on the basis date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from fund.domain import parameters as p
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import Evaluation
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.calendar import add_working_days, period_end, working_days_between, working_period_end
from govkit.rules import ParameterSet


class DeadlineKind(StrEnum):
    NOTICE_END = "notice_end"  # 公示期届满
    OBJECTION_CONCLUSION = "objection_conclusion"  # 异议调查结论
    FILING = "filing"  # 签署文本备案
    SIGNING = "signing"  # 批准后6个月（或延期后）仍未签署
    TERMINATION_REPORT = "termination_report"  # 报送终止投资情况
    CONCESSION_REVIEW = "concession_review"
    CONCESSION_SUBMISSION = "concession_submission"
    CONCESSION_NOTICE_START = "concession_notice_start"
    CONCESSION_NOTICE_END = "concession_notice_end"
    CONCESSION_OBJECTION = "concession_objection"
    CONCESSION_EXECUTION = "concession_execution"
    REPORT_MAJOR_EVENT = "report_major_event"
    REPORT_QUARTERLY = "report_quarterly"
    REPORT_ANNUAL = "report_annual"


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    rule_id: str
    due: date  # the last day (the act is on time through the end of it)
    basis_date: date  # the event the period runs from
    subject: str = ""  # what is due, e.g. "2021Q3"
    # How `due` was computed, so it can be recomputed with another calendar: `steps` applied
    # one after the other from `origin` (default `basis_date`); `basis_date` is the result of
    # the first `basis_steps` of them. Not part of a deadline's identity.
    steps: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    origin: date | None = field(default=None, compare=False)
    basis_steps: int = field(default=0, compare=False)


# Computation methods of `Deadline.steps`, each with its count.
WORKING_PERIOD_END = "working_period_end"  # CAL-WD-PERIOD, n working days
ADD_WORKING_DAYS = "add_working_days"  # CAL-WD-AFTER, n working days
PERIOD_END_MONTHS = "period_end_months"  # CAL-CAL-DAYS + CAL-HOLIDAY-SHIFT, n months
PERIOD_END_DAYS = "period_end_days"  # CAL-CAL-DAYS + CAL-HOLIDAY-SHIFT, n days
METHODS = (WORKING_PERIOD_END, ADD_WORKING_DAYS, PERIOD_END_MONTHS, PERIOD_END_DAYS)


def apply_step(d: date, method: str, n: int) -> date:
    """One computation step with the current calendar (CalendarYearNotPublished if it needs an
    unpublished year)."""
    if method == WORKING_PERIOD_END:
        return working_period_end(d, n)
    if method == ADD_WORKING_DAYS:
        return add_working_days(d, n)
    if method == PERIOD_END_MONTHS:
        return period_end(d, months=n)
    if method == PERIOD_END_DAYS:
        return period_end(d, days=n)
    raise ValueError(f"unknown deadline method {method!r}")


def recompute(
    origin: date, steps: tuple[tuple[str, int], ...], basis_steps: int
) -> tuple[date, date]:
    """(basis_date, due) of a deadline computed by `steps` from `origin`, with the current
    calendar."""
    d, basis = origin, origin
    for i, (method, n) in enumerate(steps):
        if i == basis_steps:
            basis = d
        d = apply_step(d, method, n)
    return basis, d


def _computed(
    kind: DeadlineKind,
    rule_id: str,
    basis: date,
    method: str,
    n: int,
    subject: str = "",
) -> Deadline:
    return Deadline(kind, rule_id, apply_step(basis, method, n), basis, subject, ((method, n),))


class DeadlineState(StrEnum):
    OPEN = "open"  # not done, not yet late
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    deadline: Deadline
    state: DeadlineState
    days_late: int  # calendar days past the due date (0 when on time or still open)
    working_days_late: int


def deadline_status(deadline: Deadline, *, on: date, done_on: date | None = None) -> DeadlineStatus:
    """What is due, what is overdue, and by how much (calendar and working days)."""
    end = done_on if done_on is not None else on
    late = max((end - deadline.due).days, 0)
    working_late = working_days_between(deadline.due, end) if late else 0
    if done_on is not None:
        state = DeadlineState.MET_LATE if late else DeadlineState.MET
    else:
        state = DeadlineState.OVERDUE if late else DeadlineState.OPEN
    return DeadlineStatus(deadline, state, late, working_late)


def _counts(params: ParameterSet, basis: date, region: str | None) -> Evaluation:
    return Evaluation(params, basis, region)


def notice_end(
    start: date, *, params: ParameterSet = DEFAULT_PARAMETERS, region: str | None = None
) -> Deadline:
    """FUND-PROC-NOTICE: the last day of a 5-working-day notice starting on `start`."""
    n = _counts(params, start, region).count(p.NOTICE_WORKING_DAYS)
    return _computed(DeadlineKind.NOTICE_END, "FUND-PROC-NOTICE", start, WORKING_PERIOD_END, n)


def objection_due(
    raised_on: date, *, params: ParameterSet = DEFAULT_PARAMETERS, region: str | None = None
) -> Deadline:
    """FUND-PROC-NOTICE: an objection's investigation concludes within 30 working days."""
    n = _counts(params, raised_on, region).count(p.OBJECTION_WORKING_DAYS)
    return _computed(
        DeadlineKind.OBJECTION_CONCLUSION, "FUND-PROC-NOTICE", raised_on, ADD_WORKING_DAYS, n
    )


def filing_due(
    signed_on: date, *, params: ParameterSet = DEFAULT_PARAMETERS, region: str | None = None
) -> Deadline:
    """FUND-PROC-FILING: the signed documents are filed within 10 working days of signing."""
    n = _counts(params, signed_on, region).count(p.FILING_WORKING_DAYS)
    return _computed(DeadlineKind.FILING, "FUND-PROC-FILING", signed_on, ADD_WORKING_DAYS, n)


def signing_deadlines(
    approved_on: date,
    *,
    extension_months: int = 0,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> tuple[Deadline, Deadline]:
    """FUND-PROC-SIGN-6M: the signing deadline and the termination report's due date.

    The one extension (≤ 3 months) runs on from the end of the 6 months, and the termination
    report is due within 1 month after whichever signing deadline applies.
    """
    ev = _counts(params, approved_on, region)
    months, report, longest = (
        ev.count(p.SIGN_MONTHS),
        ev.count(p.TERMINATION_REPORT_MONTHS),
        ev.count(p.SIGN_EXTENSION_MAX_MONTHS),
    )
    if not 0 <= extension_months <= longest:
        raise FundDomainError(
            "FUND-PROC-SIGN-6M",
            f"延期不得超过{longest}个月（申请{extension_months}个月）。",
            f"The extension may not exceed {longest} months (asked {extension_months}).",
            {"extension_months": extension_months},
        )
    steps: tuple[tuple[str, int], ...] = ((PERIOD_END_MONTHS, months),)
    if extension_months:
        steps += ((PERIOD_END_MONTHS, extension_months),)
    _, due = recompute(approved_on, steps, 0)
    sign = Deadline(DeadlineKind.SIGNING, "FUND-PROC-SIGN-6M", due, approved_on, steps=steps)
    termination = Deadline(
        DeadlineKind.TERMINATION_REPORT,
        "FUND-PROC-SIGN-6M",
        period_end(due, months=report),
        due,
        steps=(*steps, (PERIOD_END_MONTHS, report)),
        origin=approved_on,
        basis_steps=len(steps),
    )
    return sign, termination


def concession_deadlines(
    applied_on: date,
    *,
    reviewed_on: date | None = None,
    decided_on: date | None = None,
    notice_started_on: date | None = None,
    objection_raised_on: date | None = None,
    cleared_on: date | None = None,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> tuple[Deadline, ...]:
    """FUND-CONC-PROC: each step's due date once the step before it has happened.

    `cleared_on` is the day the notice closed without objection or the investigation found
    no obstacle; execution is due within 5 working days of it.
    """
    ev = _counts(params, applied_on, region)
    rule = "FUND-CONC-PROC"
    out = [
        _computed(
            DeadlineKind.CONCESSION_REVIEW,
            rule,
            applied_on,
            ADD_WORKING_DAYS,
            ev.count(p.CONC_REVIEW_WORKING_DAYS),
        )
    ]
    if reviewed_on is not None:
        out.append(
            _computed(
                DeadlineKind.CONCESSION_SUBMISSION,
                rule,
                reviewed_on,
                ADD_WORKING_DAYS,
                ev.count(p.CONC_SUBMISSION_WORKING_DAYS),
            )
        )
    if decided_on is not None:
        out.append(
            _computed(
                DeadlineKind.CONCESSION_NOTICE_START,
                rule,
                decided_on,
                ADD_WORKING_DAYS,
                ev.count(p.CONC_NOTICE_START_WORKING_DAYS),
            )
        )
    if notice_started_on is not None:
        out.append(
            _computed(
                DeadlineKind.CONCESSION_NOTICE_END,
                rule,
                notice_started_on,
                WORKING_PERIOD_END,
                ev.count(p.CONC_NOTICE_WORKING_DAYS),
            )
        )
    if objection_raised_on is not None:
        out.append(
            _computed(
                DeadlineKind.CONCESSION_OBJECTION,
                rule,
                objection_raised_on,
                ADD_WORKING_DAYS,
                ev.count(p.CONC_OBJECTION_WORKING_DAYS),
            )
        )
    if cleared_on is not None:
        out.append(
            _computed(
                DeadlineKind.CONCESSION_EXECUTION,
                rule,
                cleared_on,
                ADD_WORKING_DAYS,
                ev.count(p.CONC_EXECUTION_WORKING_DAYS),
            )
        )
    return tuple(out)
