"""The policy document itself: its number, how its clauses are cited, and its validity window."""

from __future__ import annotations

from datetime import date

POLICY = "温政办〔2021〕78号"
EFFECTIVE_FROM = date(2022, 1, 1)  # 本方案自2022年1月1日起施行
TEXT_VALID_UNTIL = date(2025, 12, 31)  # 有效期至2025年12月31日
VALIDITY_CLAUSE = f"{POLICY} 末段"  # the unnumbered closing paragraph


def clause(ref: str) -> str:
    """A citation in the document's own numbering, e.g. clause("三（三）9")."""
    return f"{POLICY} {ref}"
