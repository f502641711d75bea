"""The catalogue holds exactly the rules of rules/fund.md, cited by the text's own numbering."""

from __future__ import annotations

import re
from pathlib import Path

from fund.domain.catalogue import RULES, RULES_VERSION
from fund.domain.parameters import PARAMETERS
from fund.domain.policy import DOCUMENT
from govkit.rules import RuleKind

SPEC = Path(__file__).resolve().parents[4] / "spec"


def _spec_file(relative: str) -> Path:
    return SPEC / relative


def _catalogue_rows() -> dict[str, str]:
    text = _spec_file("rules/fund.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*(FUND-[A-Z0-9-]+)\s*\|\s*(\w+)\s*\|", text, flags=re.MULTILINE))


def test_ids_match_the_rules_file() -> None:
    assert {rule.id for rule in RULES} == set(_catalogue_rows())
    assert len(RULES) == 56


def test_kinds_refine_the_rules_file() -> None:
    # declared and deadline stay as catalogued; computed may be refined to calculation/procedure
    for rule_id, kind in _catalogue_rows().items():
        ours = RULES[rule_id].kind
        if kind in ("declared", "deadline"):
            assert ours.value == kind, rule_id
        else:
            assert ours in (RuleKind.COMPUTED, RuleKind.CALCULATION, RuleKind.PROCEDURE), rule_id


def test_every_parameter_a_rule_names_exists() -> None:
    paths = {d.path for d in PARAMETERS}
    for rule in RULES:
        assert set(rule.parameters) <= paths, rule.id


def test_version_is_set() -> None:
    assert RULES_VERSION


_CHAPTERS = "一二三四五六七八九十"


def _section(text: str, heading: str, next_heading: str | None) -> str:
    start = text.index(heading)
    end = text.find(next_heading, start + 1) if next_heading else -1
    return text[start : end if end != -1 else None]


def test_clauses_use_the_documents_own_numbering() -> None:
    """Each clause's chapter 一、, section （x） and item N. exist where the citation says."""
    text = _spec_file("policy/fund-wzb-2021-73.md").read_text(encoding="utf-8")
    body = "\n" + text[text.index("一、总体要求") :]
    pattern = re.compile(
        r"^(?P<ch>[一二三四五六七八])(?:（(?P<sec>[一二三四五六七八九])）)?(?P<item>\d)?"
    )
    for rule in RULES:
        assert rule.clause.startswith(f"{DOCUMENT} "), rule.id
        ref = rule.clause.removeprefix(f"{DOCUMENT} ")
        m = pattern.match(ref)
        assert m, (rule.id, ref)
        ch = m["ch"]
        nxt = _CHAPTERS[_CHAPTERS.index(ch) + 1]
        chapter = _section(body, f"\n{ch}、", f"\n{nxt}、" if f"\n{nxt}、" in body else None)
        if m["sec"]:
            sec = m["sec"]
            following = _CHAPTERS[_CHAPTERS.index(sec) + 1]
            section = _section(chapter, f"（{sec}）", f"\n（{following}）")
            if m["item"]:
                assert re.search(rf"(^|\n|。|；){m['item']}\s*\.", section), (rule.id, ref)
