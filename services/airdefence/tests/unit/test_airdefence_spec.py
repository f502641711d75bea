"""The catalogue against the project's own copy of the rules and the policy text (spec/): every
catalogued rule served with its kind, every clause cited by the document's own numbering, every
parameter's quoted words found in the section it cites."""

from __future__ import annotations

import re
from pathlib import Path

from airdefence.domain import PARAMETERS, RULES
from airdefence.domain.policy import DOCUMENT

SPEC = Path(__file__).resolve().parents[4] / "spec"
POLICY_TEXT = (SPEC / "policy" / "airdefence-wzb-2021-71.md").read_text(encoding="utf-8")
CHAPTERS = "一二三四五六七八九十"


def _catalogue() -> dict[str, str]:
    text = (SPEC / "rules" / "airdefence.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*(AD-[A-Z-]+)\s*\|\s*(\w+)\s*\|", text, flags=re.MULTILINE))


def _section(ref: str) -> str:
    """The text of 四（二）: chapter 四、 then its section （二）, up to the next."""
    m = re.fullmatch(r"(?P<ch>[一二三四五六七八九])、?（(?P<sec>[一二三四五六七八九])）", ref)
    assert m, ref
    body = POLICY_TEXT[POLICY_TEXT.index("一、指导思想") :]
    ch, sec = m["ch"], m["sec"]
    start = body.index(f"\n{ch}、")
    nxt = body.find(f"\n{CHAPTERS[CHAPTERS.index(ch) + 1]}、", start + 1)
    chapter = body[start : nxt if nxt != -1 else None]
    s = chapter.index(f"（{sec}）")
    e = chapter.find(f"（{CHAPTERS[CHAPTERS.index(sec) + 1]}）", s + 1)
    return chapter[s : e if e != -1 else None]


def test_every_catalogued_rule_with_its_kind() -> None:
    rows = _catalogue()
    assert len(rows) == 14
    assert {r.id: r.kind.value for r in RULES} == rows


KEY_WORDS = {
    "AD-OWN-STATE": "无偿归国家所有",
    "AD-OWN-COLLECTIVE": "暂不移交及确权",
    "AD-PARK-RATIO": "不低于防空地下室建筑面积的25%",
    "AD-PARK-PUBLIC": "各类公共泊位不得设置在人防区域",
    "AD-SAME-QUALITY": "同品质设计、验收、交付",
    "AD-SURVEY": "竣工测绘成果",
    "AD-REG-ACCEPTANCE": "竣工验收合格后",
    "AD-REG-SUBJECT": "完成无偿移交后",
    "AD-DUTIES": "日常维护保养、专业维修、平战转换、应急演练",
    "AD-LEASE-FEE": "物业服务费由承租人承担",
    "AD-PARK-PRIORITY": "首先满足地下室所在小区业主的停车需要",
    "AD-INCOME-USE": "经营收益统筹用于",
    "AD-TRANSFER": "破产清算、转移登记",
    "AD-COUNTY-MEASURES": "在2021年12月底前",
}


def test_each_clause_holds_its_rule() -> None:
    for rule in RULES:
        assert rule.clause.startswith(f"{DOCUMENT} "), rule.id
        section = _section(rule.clause.removeprefix(f"{DOCUMENT} "))
        assert KEY_WORDS[rule.id] in section, rule.id


def test_each_parameter_quotes_the_section_it_cites() -> None:
    for d in PARAMETERS:
        source = d.default.source
        m = re.fullmatch(rf"{DOCUMENT} (?P<ref>\S+?)「(?P<quote>[^」]+)」", source)
        assert m, source
        quote = re.sub(r"（原文[^）]*）$", "", m["quote"])  # our note on what the text lacks
        assert quote in _section(m["ref"]), d.path
