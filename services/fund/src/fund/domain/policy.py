"""The policy document itself: its number, dates and validity window (温政办〔2021〕73号 八).

The window is data: an evaluation dated outside it is flagged (see `evaluation.Evaluation`), and
parameters are then read as they stood on the first day of the window.
"""

from __future__ import annotations

from datetime import date

DOCUMENT = "温政办〔2021〕73号"
TITLE = "温州市科技创新创业投资基金管理办法"
LEGACY_DOCUMENT = "温政办〔2016〕61号"  # repealed on EFFECTIVE_FROM; still governs older sub-funds

PUBLISHED_ON = date(2021, 11, 17)  # the notice's date
EFFECTIVE_FROM = date(2021, 12, 20)  # 八 "本办法自2021年12月20日起实施"
# The text names no end date (and the printed text breaks off inside 八（二）), so the window is
# open-ended until an operator records a repeal or replacement.
EFFECTIVE_TO: date | None = None
VALIDITY_SOURCE = f"{DOCUMENT} 八「本办法自2021年12月20日起实施」（原文未规定有效期截止日）"


def clause(ref: str) -> str:
    """Cite a clause by the document's own numbering, e.g. clause("三（一）2")."""
    return f"{DOCUMENT} {ref}"


def in_force(on: date) -> bool:
    return on >= EFFECTIVE_FROM and (EFFECTIVE_TO is None or on <= EFFECTIVE_TO)


def law_date(on: date) -> date:
    """The day whose parameter values apply: `on`, or the window's first day if `on` precedes it."""
    return on if on >= EFFECTIVE_FROM else EFFECTIVE_FROM
