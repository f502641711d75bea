"""The owner's duties (AD-DUTIES): routine maintenance, professional repair, peace-to-war
conversion and emergency drills, each on a schedule with its records.

A schedule runs every `interval_months` from its start: occurrence n is due at the end of the
calendar period of n × interval months after the start (CAL-CAL-DAYS), moved to the next
working day when that day is a statutory rest day (CAL-HOLIDAY-SHIFT). Duties start once the
works exists — completed and accepted — and no record may predate that.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from airdefence.domain.errors import AirDefenceDomainError
from govkit.calendar import period_end

MAX_INTERVAL_MONTHS = 120


class DutyKind(StrEnum):
    MAINTENANCE = "maintenance"  # 日常维护保养
    PROFESSIONAL_REPAIR = "professional_repair"  # 专业维修
    PEACE_WAR_CONVERSION = "peace_war_conversion"  # 平战转换
    EMERGENCY_DRILL = "emergency_drill"  # 应急演练


DUTY_ZH = {
    DutyKind.MAINTENANCE: "日常维护保养",
    DutyKind.PROFESSIONAL_REPAIR: "专业维修",
    DutyKind.PEACE_WAR_CONVERSION: "平战转换",
    DutyKind.EMERGENCY_DRILL: "应急演练",
}


def occurrence_due(starts_on: date, interval_months: int, n: int) -> date:
    """The due day of the schedule's n-th occurrence (n ≥ 1)."""
    if n < 1:
        raise ValueError("occurrences are numbered from 1")
    return period_end(starts_on, months=interval_months * n)


def require_schedule(starts_on: date, interval_months: int, accepted_on: date | None) -> None:
    """A schedule starts once the works is completed and accepted, never before."""
    if not 1 <= interval_months <= MAX_INTERVAL_MONTHS:
        raise AirDefenceDomainError(
            None,
            f"周期须为1至{MAX_INTERVAL_MONTHS}个月。",
            f"interval_months must be 1 to {MAX_INTERVAL_MONTHS}.",
            pointer="#/interval_months",
        )
    if accepted_on is None:
        raise AirDefenceDomainError(
            "AD-DUTIES",
            "人防工程尚未竣工验收，维护管理义务尚未开始。",
            "The works is not yet completed and accepted: its duties have not begun.",
        )
    if starts_on < accepted_on:
        raise AirDefenceDomainError(
            "AD-DUTIES",
            f"义务起始日{starts_on}早于竣工验收日{accepted_on}。",
            f"The schedule cannot start on {starts_on}, before the works was accepted on "
            f"{accepted_on}.",
            {"starts_on": starts_on, "accepted_on": accepted_on},
            pointer="#/starts_on",
        )


def require_completion(
    done_on: date, *, accepted_on: date | None, starts_on: date, today: date
) -> None:
    """A duty is recorded done once it happened, and never before its works existed."""
    if done_on > today:
        raise AirDefenceDomainError(
            None,
            f"完成日期{done_on}晚于今天（{today}）。",
            f"A duty is recorded once done; {done_on} is after today ({today}).",
            pointer="#/done_on",
        )
    if accepted_on is None or done_on < accepted_on:
        raise AirDefenceDomainError(
            "AD-DUTIES",
            f"完成日期{done_on}早于人防工程竣工验收（{accepted_on}）：工程尚不存在。",
            f"The completion on {done_on} precedes the works itself (accepted on {accepted_on}).",
            {"done_on": done_on, "accepted_on": accepted_on},
            pointer="#/done_on",
        )
    if done_on < starts_on:
        raise AirDefenceDomainError(
            "AD-DUTIES",
            f"完成日期{done_on}早于该义务计划的起始日{starts_on}。",
            f"The completion on {done_on} precedes the schedule's start ({starts_on}).",
            {"done_on": done_on, "starts_on": starts_on},
            pointer="#/done_on",
        )
