"""Who counts as needy (困难群众) on a given day, from civil-affairs recognition records.

二 defines the groups; 三（三）8 says a newly recognised person is enrolled in the month of
recognition and covered from the next month (当月参保，次月生效). A change of category inside an
unbroken recognition (e.g. 低边 → 低保) is not "newly recognised", so only the start of an unbroken
spell waits for the next month. Persons in the gradual-exit period (渐退期) are still recognised
as 低保/低边 by civil affairs, so they stay needy until they exit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from medical.domain.errors import MedicalDomainError


class NeedyCategory(StrEnum):
    TEKUN = "tekun"  # 特困
    DIBAO = "dibao"  # 低保
    DIBIAN = "dibian"  # 低边 (低保边缘)
    ILLNESS_POVERTY = "illness_poverty"  # 纳入低保、低边的因病致贫对象
    OTHER_SPECIAL = "other_special"  # 县级以上人民政府规定的其他特殊困难人员


CATEGORY_NAMES_ZH = {
    NeedyCategory.TEKUN: "特困人员",
    NeedyCategory.DIBAO: "低保对象",
    NeedyCategory.DIBIAN: "低边对象",
    NeedyCategory.ILLNESS_POVERTY: "因病致贫对象",
    NeedyCategory.OTHER_SPECIAL: "其他特殊困难人员",
}

# Decides the terms when several records are active at once: 特困 first (no assistance limit).
_PRIORITY = tuple(NeedyCategory)

# 三（三）8 names a gradual-exit period only for 低保 and 低保边缘 (因病致贫 sits inside them).
GRADUAL_EXIT_CATEGORIES = frozenset(
    {NeedyCategory.DIBAO, NeedyCategory.DIBIAN, NeedyCategory.ILLNESS_POVERTY}
)


@dataclass(frozen=True, slots=True)
class NeedyRecord:
    """One recognition by civil affairs on the provincial assistance platform (大救助平台)."""

    category: NeedyCategory
    recognised_on: date
    exited_on: date | None = None  # first day no longer recognised; None = still recognised
    gradual_exit_from: date | None = None  # first day of 渐退期, which runs until exited_on

    def __post_init__(self) -> None:
        if self.exited_on is not None and self.exited_on <= self.recognised_on:
            raise MedicalDomainError(
                "MED-GROUPS", "退出日期须晚于认定日期", "exited_on must be after recognised_on"
            )
        if self.gradual_exit_from is None:
            return
        if self.category not in GRADUAL_EXIT_CATEGORIES:
            raise MedicalDomainError(
                "MED-GROUPS",
                "渐退期仅适用于低保、低边对象",
                "only 低保/低边 persons have a gradual-exit period",
            )
        ends = self.exited_on or date.max
        if not self.recognised_on <= self.gradual_exit_from < ends:
            raise MedicalDomainError(
                "MED-GROUPS",
                "渐退期须在认定期间内开始",
                "the gradual-exit period must start while the person is recognised",
            )

    def covers(self, day: date) -> bool:
        return self.recognised_on <= day and (self.exited_on is None or day < self.exited_on)

    def in_gradual_exit(self, day: date) -> bool:
        return self.gradual_exit_from is not None and self.gradual_exit_from <= day


@dataclass(frozen=True, slots=True)
class NeedyStatus:
    """A person's standing on one day, with the reason in both languages."""

    on: date
    needy: bool  # the needy's terms apply on this day
    recognised: bool  # civil affairs recognises the person on this day
    category: NeedyCategory | None  # the category that decides the terms
    categories: frozenset[NeedyCategory]
    recognised_since: date | None  # start of the unbroken recognition
    benefits_from: date | None
    gradual_exit: bool
    last_exit: date | None  # when the person is not recognised: the latest exit before `on`
    reason_zh: str
    reason_en: str

    @property
    def tekun(self) -> bool:
        return self.needy and NeedyCategory.TEKUN in self.categories


def first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def spell_start(records: Iterable[NeedyRecord], day: date) -> date | None:
    """Start of the unbroken recognition covering `day`: records that overlap or touch chain up."""
    pool = list(records)
    active = [r for r in pool if r.covers(day)]
    if not active:
        return None
    start = min(r.recognised_on for r in active)
    moved = True
    while moved:
        moved = False
        for r in pool:
            if r.recognised_on < start and (r.exited_on is None or r.exited_on >= start):
                start, moved = r.recognised_on, True
    return start


def needy_status_on(person_records: Iterable[NeedyRecord], day: date) -> NeedyStatus:
    records = tuple(person_records)
    active = [r for r in records if r.covers(day)]
    if not active:
        exits = [r.exited_on for r in records if r.exited_on is not None and r.exited_on <= day]
        last_exit = max(exits) if exits else None
        if last_exit is None:
            zh, en = "当日无民政部门认定的困难群众身份", "not recognised as needy on this day"
        else:
            zh = f"已于{last_exit.isoformat()}退出困难群众身份"
            en = f"exited the needy groups on {last_exit.isoformat()}"
        return NeedyStatus(
            day, False, False, None, frozenset(), None, None, False, last_exit, zh, en
        )

    categories = frozenset(r.category for r in active)
    category = next(c for c in _PRIORITY if c in categories)
    since = spell_start(records, day)
    assert since is not None  # active is non-empty
    benefits_from = first_of_next_month(since)
    gradual = all(r.in_gradual_exit(day) for r in active)
    name = CATEGORY_NAMES_ZH[category]
    if day < benefits_from:
        zh = (
            f"{since.isoformat()}新认定为{name}，当月参保，次月生效："
            f"{benefits_from.isoformat()}起享受困难群众待遇"
        )
        en = (
            f"newly recognised as {category.value} on {since.isoformat()}: enrolled this month, "
            f"needy benefits from {benefits_from.isoformat()}"
        )
        needy = False
    else:
        zh = f"{name}（{since.isoformat()}起认定，{benefits_from.isoformat()}起享受待遇）"
        en = (
            f"{category.value} (recognised since {since.isoformat()}, "
            f"benefits since {benefits_from.isoformat()})"
        )
        if gradual:
            zh += "，处于渐退期"
            en += ", in the gradual-exit period"
        needy = True
    return NeedyStatus(
        day, needy, True, category, categories, since, benefits_from, gradual, None, zh, en
    )
