"""Title (五（四）, 六（三）): registered, transferred and mortgaged only as a whole; a whole
transfer approved by the local government (or park committee), keeping the housing's nature and
land use, and inside an industrial project only with the production buildings; never sold, on
the market or in disguise.

A title act is checked before it is recorded: HOUS-TITLE-WHOLE, HOUS-TITLE-TRANSFER (transfers)
and HOUS-NO-SALE. Selling units, or transferring them to individuals, is a sale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import FAIL, NOT_APPLICABLE, PASS
from housing.domain.evaluation import HousingEvaluation

SUBJECT = "housing.title"


class TitleAct(StrEnum):
    REGISTRATION = "registration"  # 确权登记
    TRANSFER = "transfer"  # 转让
    MORTGAGE = "mortgage"  # 抵押
    SALE = "sale"  # 销售


ACT_ZH = {
    TitleAct.REGISTRATION: "登记",
    TitleAct.TRANSFER: "转让",
    TitleAct.MORTGAGE: "抵押",
    TitleAct.SALE: "销售",
}


class Transferee(StrEnum):
    ENTITY = "entity"  # 单位
    INDIVIDUALS = "individuals"  # 个人


@dataclass(frozen=True, slots=True)
class Approval:
    authority: str  # 属地政府（管委会）
    document_no: str
    approved_on: date


@dataclass(frozen=True, slots=True)
class TitleFacts:
    act: TitleAct
    whole: bool  # the project as a whole (整体), not part of it (分割)
    transferee: Transferee | None = None
    approval: Approval | None = None
    keeps_affordable_nature: bool | None = None
    keeps_land_use: bool | None = None
    inside_industrial_project: bool = False
    with_production_buildings: bool | None = None


def check_title(
    facts: TitleFacts, params: ParameterSet, as_of: date, region: str | None
) -> Decision:
    ev = HousingEvaluation(params, as_of, region)
    act_zh = ACT_ZH[facts.act]
    if facts.act is TitleAct.SALE:
        ev.add(
            "HOUS-TITLE-WHOLE",
            NOT_APPLICABLE,
            "销售不是登记、转让或抵押。",
            "A sale is not a registration, transfer or mortgage.",
        )
    elif facts.whole:
        ev.add(
            "HOUS-TITLE-WHOLE",
            PASS,
            f"整体{act_zh}。",
            f"The project's {facts.act.value} is whole.",
            {"act": facts.act.value, "whole": True},
        )
    else:
        ev.add(
            "HOUS-TITLE-WHOLE",
            FAIL,
            f"保障性租赁住房项目须整体确权，不得分割{act_zh}。",
            f"The project must be registered as a whole: no split {facts.act.value}.",
            {"act": facts.act.value, "whole": False},
        )
    _transfer(ev, facts)
    _no_sale(ev, facts)
    return ev.decision(SUBJECT, {"act": facts.act.value})


def _transfer(ev: HousingEvaluation, facts: TitleFacts) -> None:
    rule = "HOUS-TITLE-TRANSFER"
    if facts.act is not TitleAct.TRANSFER:
        ev.add(rule, NOT_APPLICABLE, "非转让。", "Not a transfer.")
        return
    a = facts.approval
    zh: list[str] = []
    en: list[str] = []
    if a is None:
        zh.append("整体转让须经属地政府（管委会）审核批准")
        en.append("a whole transfer needs the local government's (or park committee's) approval")
    elif a.approved_on > ev.as_of:
        zh.append(f"批准日期{a.approved_on}晚于转让日{ev.as_of}")
        en.append(f"the approval ({a.approved_on}) is dated after the transfer ({ev.as_of})")
    if facts.keeps_affordable_nature is not True:
        zh.append("转让后须保持保障性租赁住房性质不变")
        en.append("the housing must stay affordable rental housing after the transfer")
    if facts.keeps_land_use is not True:
        zh.append("转让后须保持土地用途不变")
        en.append("the land use must stay the same after the transfer")
    if facts.inside_industrial_project and facts.with_production_buildings is not True:
        zh.append("工业项目范围内建设的须与生产性厂房一并转让，不得单独转让")
        en.append("inside an industrial project it transfers only with the production buildings")
    approval = (
        {"authority": a.authority, "document_no": a.document_no, "approved_on": a.approved_on}
        if a is not None
        else None
    )
    ev.verdict(
        rule,
        zh,
        en,
        f"经{a.authority if a else ''}批准（{a.document_no if a else ''}），整体转让，性质和土地用途不变"
        + ("，与生产性厂房一并转让" if facts.inside_industrial_project else "")
        + "。",
        "Approved"
        + (f" by {a.authority} ({a.document_no})" if a else "")
        + ", nature and land use kept"
        + (", with the production buildings" if facts.inside_industrial_project else "")
        + ".",
        {
            "approval": approval,
            "keeps_affordable_nature": facts.keeps_affordable_nature,
            "keeps_land_use": facts.keeps_land_use,
            "inside_industrial_project": facts.inside_industrial_project,
            "with_production_buildings": facts.with_production_buildings,
        },
        {},
    )


def _no_sale(ev: HousingEvaluation, facts: TitleFacts) -> None:
    rule = "HOUS-NO-SALE"
    to_people = facts.transferee is Transferee.INDIVIDUALS
    if facts.act is TitleAct.SALE:
        ev.add(
            rule,
            FAIL,
            "保障性租赁住房不得上市销售。",
            "Affordable rental housing is never sold.",
            {"act": "sale"},
        )
    elif facts.act is TitleAct.TRANSFER and to_people:
        ev.add(
            rule,
            FAIL,
            "向个人转让保障性租赁住房属变相销售。",
            "A transfer to individuals is a sale in disguise.",
            {"act": "transfer", "transferee": "individuals"},
        )
    else:
        ev.add(
            rule,
            PASS,
            f"{ACT_ZH[facts.act]}不构成销售或变相销售。",
            f"The {facts.act.value} is no sale, open or disguised.",
            {"act": facts.act.value},
        )
