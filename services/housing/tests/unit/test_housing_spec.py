"""The catalogue holds exactly the rules of spec/rules/housing.md, as its kinds; the districts
and the policy's window are the spec's."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from housing.domain import DEFAULT_DISTRICTS, RULES
from housing.domain.parameters import DEFAULT_PARAMETERS, VALID_FROM, VALID_UNTIL

SPEC = Path(__file__).resolve().parents[4] / "spec"


def _text(relative: str) -> str:
    return (SPEC / relative).read_text(encoding="utf-8")


def test_ids_and_kinds_match_the_rules_file() -> None:
    rows = dict(
        re.findall(r"^\|\s*(HOUS-[A-Z0-9-]+)\s*\|\s*(\w+)\s*\|", _text("rules/housing.md"), re.M)
    )
    assert len(rows) == 24
    assert {r.id: r.kind.value for r in RULES} == rows


def test_the_districts_and_tiers_are_the_rules_file_table() -> None:
    table = re.findall(
        r"^\|\s*(33\d{4})\s*\|\s*(\S+)\s*\|\s*([a-z-]+)\s*\|", _text("rules/housing.md"), re.M
    )
    assert {(c, n, t.replace("-", "_")) for c, n, t in table} == {
        (d.code, d.name, d.tier.value) for d in DEFAULT_DISTRICTS
    }


def test_the_window_is_the_policy_text() -> None:
    assert "本实施意见自2022年1月1日起施行，有效期五年" in _text("policy/housing-wzb-2021-75.md")
    on = date(2024, 1, 1)
    assert DEFAULT_PARAMETERS.get(VALID_FROM, on) == date(2022, 1, 1)
    assert DEFAULT_PARAMETERS.get(VALID_UNTIL, on) == date(2026, 12, 31)
