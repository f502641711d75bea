"""The policy document itself: its number, dates and the window it is in force (温政办〔2021〕71号).

The window is data: an evaluation dated before it is flagged with a warning and its parameters
are read as they stood on the first day (`govkit.rules.evaluation.PolicyWindow`).
"""

from __future__ import annotations

from datetime import date

DOCUMENT = "温政办〔2021〕71号"
TITLE = "温州市人防工程产权制度综合改革实施方案"

PUBLISHED_ON = date(2021, 11, 11)  # the notice's date
EFFECTIVE_FROM = date(2022, 1, 1)  # 「本实施意见自2022年1月1日起施行」
# The text names no end date: the window is open until an operator records a repeal.
EFFECTIVE_TO: date | None = None
VALIDITY_SOURCE = f"{DOCUMENT}「本实施意见自2022年1月1日起施行」（原文未规定有效期截止日）"


def clause(ref: str) -> str:
    """Cite a clause by the document's own numbering, e.g. clause("四（三）")."""
    return f"{DOCUMENT} {ref}"
