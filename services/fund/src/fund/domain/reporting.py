"""六（七）: a sub-fund's reporting calendar — quarterly, annual and major-event disclosures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fund.domain import parameters as p
from fund.domain.deadlines import PERIOD_END_DAYS, PERIOD_END_MONTHS, Deadline, DeadlineKind
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import Evaluation
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.calendar import period_end
from govkit.rules import ParameterSet

_QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def reporting_schedule(
    *,
    registered_on: date,
    through: date,
    major_events: Sequence[date] = (),
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> tuple[Deadline, ...]:
    """Every report due for periods ending from `registered_on` to `through`, by due date.

    Quarterly: within 1 month after the quarter end; annual (report, audited accounts, custodian
    report): within 4 months after the year end; a major event: within 10 days of it. All are
    calendar periods with the holiday shift (CAL-CAL-DAYS, CAL-HOLIDAY-SHIFT).
    """
    if through < registered_on:
        raise FundDomainError(
            "FUND-REPORT-QUARTERLY",
            "截止日早于注册日。",
            "`through` precedes the registration date.",
        )
    ev = Evaluation(params, registered_on, region)
    q_months, a_months, m_days = (
        ev.count(p.REPORT_QUARTERLY_MONTHS),
        ev.count(p.REPORT_ANNUAL_MONTHS),
        ev.count(p.REPORT_MAJOR_DAYS),
    )
    out: list[Deadline] = []
    for year in range(registered_on.year, through.year + 1):
        for quarter, (month, day) in enumerate(_QUARTER_ENDS, start=1):
            end = date(year, month, day)
            if registered_on <= end <= through:
                out.append(
                    Deadline(
                        DeadlineKind.REPORT_QUARTERLY,
                        "FUND-REPORT-QUARTERLY",
                        period_end(end, months=q_months),
                        end,
                        f"{year}Q{quarter}",
                        ((PERIOD_END_MONTHS, q_months),),
                    )
                )
        year_end = date(year, 12, 31)
        if registered_on <= year_end <= through:
            out.append(
                Deadline(
                    DeadlineKind.REPORT_ANNUAL,
                    "FUND-REPORT-ANNUAL",
                    period_end(year_end, months=a_months),
                    year_end,
                    str(year),
                    ((PERIOD_END_MONTHS, a_months),),
                )
            )
    for event in major_events:
        out.append(
            Deadline(
                DeadlineKind.REPORT_MAJOR_EVENT,
                "FUND-REPORT-MAJOR",
                period_end(event, days=m_days),
                event,
                f"major event {event}",
                ((PERIOD_END_DAYS, m_days),),
            )
        )
    return tuple(sorted(out, key=lambda d: (d.due, d.basis_date)))
