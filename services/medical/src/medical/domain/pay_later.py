"""Treat first, pay later (先诊疗后付费, 三（二）6): who is admitted without a deposit."""

from __future__ import annotations

from govkit.rules import Finding, Outcome
from medical.domain.catalogue import RULES
from medical.domain.needy import NeedyStatus


def pay_later(
    status: NeedyStatus,
    *,
    inpatient: bool,
    referred_after_primary_first_visit: bool,
    designated_hospital_in_wenzhou: bool,
) -> Finding:
    """Pass: no deposit, and at discharge the person pays only the self-pay after insurance."""
    conditions = (
        (status.needy, "困难群众", "needy on the admission day"),
        (
            referred_after_primary_first_visit,
            "经基层首诊转诊",
            "referred after a first visit at primary care",
        ),
        (inpatient, "住院", "an inpatient stay"),
        (designated_hospital_in_wenzhou, "市域内定点医疗机构", "a designated hospital in Wenzhou"),
    )
    facts = {
        "needy": status.needy,
        "inpatient": inpatient,
        "referred_after_primary_first_visit": referred_after_primary_first_visit,
        "designated_hospital_in_wenzhou": designated_hospital_in_wenzhou,
    }
    missing = [(zh, en) for ok, zh, en in conditions if not ok]
    if missing:
        return RULES.finding(
            "MED-PAY-LATER",
            Outcome.FAIL,
            "不适用先诊疗后付费，缺少：" + "、".join(zh for zh, _ in missing),
            "treat-first-pay-later does not apply; missing: " + ", ".join(en for _, en in missing),
            facts,
        )
    return RULES.finding(
        "MED-PAY-LATER",
        Outcome.PASS,
        "先诊疗后付费：免住院押金，出院时只需支付医保报销后的自负医疗费用",
        "treat first, pay later: no deposit; at discharge pay only the self-pay after insurance",
        facts,
    )
