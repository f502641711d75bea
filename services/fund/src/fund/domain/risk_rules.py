"""六（一）（二）（四） at application time: confirmed commitments, capital increases, priority, observer."""

from __future__ import annotations

from fund.domain import parameters as p
from fund.domain.application_facts import ZERO, ApplicationFacts, ApplicationKind
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import NOT_APPLICABLE, PASS, Evaluation, fraction
from govkit.calendar import period_end


def confirmed_commitments(ev: Evaluation, app: ApplicationFacts) -> None:
    if app.kind is not ApplicationKind.NEW_FUND:
        ev.add(
            "FUND-RISK-COMMIT-30",
            NOT_APPLICABLE,
            "增资申请，不适用新设子基金出资意向要求。",
            "A capital increase: the new-fund commitment test does not apply.",
            {"kind": app.kind},
        )
        return
    ratio = ev.dec(p.RISK_CONFIRMED_RATIO)
    # Only commitments backed by both a letter and proof of capacity are "confirmed".
    confirmed = sum((c.commitment for c in app.contributors if c.confirmed), ZERO)
    unconfirmed = [c.name for c in app.contributors if not c.confirmed]
    facts = {
        "confirmed_commitments": confirmed,
        "total_size": app.total_size,
        "confirmed_ratio": fraction(confirmed, app.total_size),
        "unconfirmed_contributors": tuple(unconfirmed),
    }
    problems_zh: list[str] = []
    problems_en: list[str] = []
    if confirmed < app.total_size * ratio:
        problems_zh.append(
            f"已确认出资意向{confirmed}元（附承诺函和出资能力证明），不足总规模的{ratio}"
        )
        problems_en.append(
            f"confirmed commitments {confirmed} (letter and proof of capacity) are below {ratio} of the size"
        )
    ev.verdict(
        "FUND-RISK-COMMIT-30",
        problems_zh,
        problems_en,
        f"已确认出资意向{confirmed}元，不低于总规模的{ratio}。",
        f"Confirmed commitments {confirmed}: at least {ratio} of the size.",
        facts,
        {p.RISK_CONFIRMED_RATIO: ratio},
    )


def capital_increase(ev: Evaluation, app: ApplicationFacts) -> None:
    inc = app.capital_increase
    if app.kind is not ApplicationKind.CAPITAL_INCREASE:
        ev.add(
            "FUND-RISK-INCREASE",
            NOT_APPLICABLE,
            "新设子基金申请，不适用增资条件。",
            "A new sub-fund: the capital-increase conditions do not apply.",
            {"kind": app.kind},
        )
        return
    if inc is None:
        raise FundDomainError(
            "FUND-RISK-INCREASE",
            "增资申请须提供子基金注册日、受理日和出资人决议情况。",
            "A capital-increase application needs the registration and acceptance dates and the contributors' resolution.",
        )
    months = ev.count(p.RISK_INCREASE_MAX_MONTHS)
    # 不超过12个月 counted like any Civil Code period: from the day after registration (arts. 201–203).
    latest = period_end(inc.registered_on, months=months)
    facts = {
        "registered_on": inc.registered_on,
        "accepted_on": inc.accepted_on,
        "latest_acceptance": latest,
        "all_contributors_resolved": inc.all_contributors_resolved,
        "at_par": inc.at_par,
        "waives_penalty_interest": inc.waives_penalty_interest,
        "shares_existing_returns": inc.shares_existing_returns,
    }
    zh: list[str] = []
    en: list[str] = []
    if inc.accepted_on < inc.registered_on:
        zh.append(f"受理日{inc.accepted_on}早于子基金注册日{inc.registered_on}，不属于增资申请")
        en.append(
            f"accepted {inc.accepted_on}, before the sub-fund was registered on {inc.registered_on}: not a capital increase"
        )
    if inc.accepted_on > latest:
        zh.append(
            f"子基金注册于{inc.registered_on}，受理日{inc.accepted_on}已超过{months}个月（最迟{latest}）"
        )
        en.append(
            f"registered {inc.registered_on}, accepted {inc.accepted_on}: more than {months} months (latest {latest})"
        )
    if not inc.all_contributors_resolved:
        zh.append("缺少现有全体出资人同意的合伙人会议决议或股东会决议")
        en.append("no resolution of all existing contributors")
    if not inc.at_par:
        zh.append("决议须同意以平价增资")
        en.append("the resolution must admit the mother fund at par")
    if not inc.waives_penalty_interest:
        zh.append("决议须豁免科技创投基金罚息")
        en.append("the resolution must waive the mother fund's late-payment interest")
    if not inc.shares_existing_returns:
        zh.append("决议须同意科技创投基金享有已投资项目收益")
        en.append("the resolution must share existing project returns with the mother fund")
    ev.verdict(
        "FUND-RISK-INCREASE",
        zh,
        en,
        f"子基金注册未超过{months}个月，全体出资人已决议平价增资、豁免罚息并共享已投项目收益。",
        f"Registered within {months} months; all contributors resolved: at par, interest waived, existing returns shared.",
        facts,
        {p.RISK_INCREASE_MAX_MONTHS: months},
    )


def priority(ev: Evaluation, app: ApplicationFacts) -> None:
    m = app.manager
    rank_max = ev.count(p.RISK_PRIORITY_RANK_MAX)
    ranked = m.sector_rank is not None and 1 <= m.sector_rank <= rank_max  # 前50名: 50th included
    facts = {"sector_rank": m.sector_rank, "wenzhou_local": m.wenzhou_local}
    grounds_zh = ([f"行业排名第{m.sector_rank}名"] if ranked else []) + (
        ["温州本土管理机构"] if m.wenzhou_local else []
    )
    grounds_en = ([f"sector rank {m.sector_rank}"] if ranked else []) + (
        ["Wenzhou-local manager"] if m.wenzhou_local else []
    )
    if grounds_zh:
        ev.add(
            "FUND-RISK-PRIORITY",
            PASS,
            "优先支持：" + "、".join(grounds_zh) + "。",
            "Priority: " + ", ".join(grounds_en) + ".",
            facts,
            {p.RISK_PRIORITY_RANK_MAX: rank_max},
        )
    else:
        # Priority is a preference, never a condition: no ground is not a failure.
        ev.add(
            "FUND-RISK-PRIORITY",
            NOT_APPLICABLE,
            f"不属于优先支持对象（行业前{rank_max}名或温州本土管理机构）。",
            f"No priority ground (sector top {rank_max} or Wenzhou-local manager).",
            facts,
            {p.RISK_PRIORITY_RANK_MAX: rank_max},
        )


def observer(ev: Evaluation, app: ApplicationFacts) -> None:
    ev.declared(
        "FUND-RISK-OBSERVER",
        app.observer_seat,
        "市基金公司委派一名代表作为子基金投资决策委员会观察员列席投委会",
        "the mother fund's manager seats an observer on the sub-fund's investment committee",
    )
