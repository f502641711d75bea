"""The CAL-* rules of rules/calendar.md as data, so services can list and cite them."""

from __future__ import annotations

from typing import NamedTuple


class CalendarRule(NamedTuple):
    """One calendar rule: its ID, the clause or source it rests on, and what it says."""

    rule_id: str
    source: str
    summary: str


RULES_CAL: tuple[CalendarRule, ...] = (
    CalendarRule(
        "CAL-WORKDAY",
        "国务院办公厅关于部分节假日安排的通知（年度） / State Council annual holiday notice",
        "A working day is Monday-Friday, minus statutory holidays, plus the make-up working "
        "weekends (调休) of the year's notice.",
    ),
    CalendarRule(
        "CAL-COVERAGE",
        "operational",
        "A year whose notice is not loaded is never guessed: any computation touching it fails "
        "(calendar-year-not-published, HTTP 422) naming the year; operators publish years as data.",
    ),
    CalendarRule(
        "CAL-WD-AFTER",
        "《民法典》第二百零一条；《行政许可法》第八十二条 / Civil Code art. 201; "
        "Administrative Licensing Law art. 82",
        "'Within N working days after E' (…日起N个工作日内) ends on the N-th working day after E; "
        "E's own day never counts.",
    ),
    CalendarRule(
        "CAL-WD-PERIOD",
        "government notice practice",
        "'A period of N working days' starting on S (公示期为N个工作日): S is day 1 if it is a "
        "working day, else the first working day after S; the period ends at the end of day N.",
    ),
    CalendarRule(
        "CAL-CAL-DAYS",
        "《民法典》第二百零一条、第二百零二条 / Civil Code arts. 201-202",
        "Calendar periods count from the day after the event; months and years end on the "
        "same-numbered day of the final month, or on its last day if it has no such day.",
    ),
    CalendarRule(
        "CAL-HOLIDAY-SHIFT",
        "《民法典》第二百零三条第一款 / Civil Code art. 203(1)",
        "If a calendar period's last day is a statutory rest day (holiday, or a weekend that is "
        "not a make-up working day), the period ends on the first working day after it.",
    ),
    CalendarRule(
        "CAL-END-OF-DAY",
        "《民法典》第二百零三条第二款 / Civil Code art. 203(2)",
        "A period ends at 24:00 of its last day (at close of business for office business); "
        "timestamps are stored in UTC, dates are Asia/Shanghai dates.",
    ),
    CalendarRule(
        "CAL-INCLUSIVE",
        "《民法典》第一千二百五十九条 / Civil Code art. 1259",
        "以上、以下、以内、届满 include the number; 不满、超过、以外 exclude it.",
    ),
)
