"""The policy document itself: its number, how its clauses are cited, and its validity window.

温政办〔2021〕75号 closes: "本实施意见自2022年1月1日起施行，有效期五年。" The window's two days
are parameters (`housing.policy.valid_from`, `housing.policy.valid_until`), so an operator can
record an extension or a repeal; an evaluation dated outside them is computed and warned about.
Parameter values are read as of the first day of the window for an earlier evaluation day.
"""

from __future__ import annotations

from datetime import date

DOCUMENT = "温政办〔2021〕75号"
TITLE = "温州市人民政府办公室关于加快发展保障性租赁住房的实施意见"
EFFECTIVE_FROM = date(2022, 1, 1)  # 自2022年1月1日起施行
TEXT_VALID_UNTIL = date(2026, 12, 31)  # 有效期五年
VALIDITY_REF = "末段"  # the unnumbered closing paragraph
VALIDITY_QUOTE = "本实施意见自2022年1月1日起施行，有效期五年。"

# 一（三） "“十四五”期间": the plan period the text's figures for districts and the city are set for.
PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2021, 2025
PLAN_FROM, PLAN_UNTIL = date(PLAN_FIRST_YEAR, 1, 1), date(PLAN_LAST_YEAR, 12, 31)


def clause(ref: str) -> str:
    """A citation in the document's own numbering, e.g. clause("二（一）2")."""
    return f"{DOCUMENT} {ref}"


def law_date(on: date) -> date:
    """The day whose parameter values apply: `on`, or the first day in force if `on` precedes it."""
    return on if on >= EFFECTIVE_FROM else EFFECTIVE_FROM
