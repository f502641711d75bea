"""八: which sub-funds these rules govern, by the date their agreement was signed."""

from __future__ import annotations

from datetime import date

from fund.domain import parameters as p
from fund.domain.evaluation import FAIL, PASS, WARN, Evaluation
from fund.domain.policy import EFFECTIVE_FROM, LEGACY_DOCUMENT, PUBLISHED_ON
from govkit.calendar import period_end


def governed_by_these_rules(
    ev: Evaluation, signed_on: date | None, opted_in_on: date | None
) -> bool:
    """FUND-TRANSITION: True when the sub-fund is evaluated under 温政办〔2021〕73号."""
    legacy_through = ev.day(p.TRANSITION_LEGACY_SIGNED_THROUGH)
    facts: dict[str, object] = {"signed_on": signed_on, "opted_in_on": opted_in_on}
    if signed_on is None or signed_on >= EFFECTIVE_FROM:
        ev.add(
            "FUND-TRANSITION",
            PASS,
            "适用本办法。",
            "Governed by these rules.",
            facts,
            {"effective_from": EFFECTIVE_FROM},
        )
        return True
    if signed_on <= legacy_through:
        ev.add(
            "FUND-TRANSITION",
            WARN,
            f"{signed_on}签约，继续按{LEGACY_DOCUMENT}执行，不按本办法评估。",
            f"Signed {signed_on}: still governed by {LEGACY_DOCUMENT}; not evaluated under these rules.",
            facts,
            ev.values(p.TRANSITION_LEGACY_SIGNED_THROUGH),
        )
        return False
    months = ev.count(p.TRANSITION_OPT_IN_MONTHS)
    deadline = period_end(PUBLISHED_ON, months=months)
    facts["opt_in_deadline"] = deadline
    used = ev.values(p.TRANSITION_LEGACY_SIGNED_THROUGH, p.TRANSITION_OPT_IN_MONTHS)
    if opted_in_on is None:
        ev.add(
            "FUND-TRANSITION",
            WARN,
            f"{signed_on}签约且未选择参照本办法执行，按{LEGACY_DOCUMENT}执行。",
            f"Signed {signed_on} without opting in: governed by {LEGACY_DOCUMENT}.",
            facts,
            used,
        )
        return False
    # 发布之日起3个月内: the window opens on publication, and a supplementary agreement cannot
    # precede the agreement it supplements.
    opens = max(PUBLISHED_ON, signed_on)
    if opted_in_on < opens:
        ev.add(
            "FUND-TRANSITION",
            FAIL,
            f"补充协议{opted_in_on}签订，早于{opens}（本办法发布日或原协议签署日），选择无效，按{LEGACY_DOCUMENT}执行。",
            f"Opt-in dated {opted_in_on}, before {opens} (publication of these rules or the agreement's signing): invalid; governed by {LEGACY_DOCUMENT}.",
            facts | {"opt_in_opens": opens},
            used,
        )
        return False
    if opted_in_on > deadline:
        ev.add(
            "FUND-TRANSITION",
            FAIL,
            f"补充协议{opted_in_on}签订，晚于选择期限{deadline}，选择无效，按{LEGACY_DOCUMENT}执行。",
            f"Opt-in signed {opted_in_on}, after the deadline {deadline}: invalid; governed by {LEGACY_DOCUMENT}.",
            facts,
            used,
        )
        return False
    ev.add(
        "FUND-TRANSITION",
        PASS,
        f"{signed_on}签约，已于{opted_in_on}选择参照本办法执行。",
        f"Signed {signed_on}; opted in on {opted_in_on}: governed by these rules.",
        facts,
        used,
    )
    return True
