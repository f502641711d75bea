"""check_application: every application-time rule over one set of facts, as one Decision."""

from __future__ import annotations

from datetime import date

from fund.domain import applicant_rules, risk_rules, subfund_rules
from fund.domain.application_facts import ApplicationFacts
from fund.domain.evaluation import Evaluation
from fund.domain.fees import fee_rate_rules
from fund.domain.transition import governed_by_these_rules
from govkit.rules import Decision, ParameterSet

SUBJECT = "fund.application"


def check_application(app: ApplicationFacts, params: ParameterSet, as_of: date) -> Decision:
    """Evaluate an application at `as_of` (the law's date) with `params` (baseline or what-if).

    A sub-fund that these rules do not govern (八) gets only the FUND-TRANSITION finding.
    """
    ev = Evaluation(params, as_of, app.region)
    if not governed_by_these_rules(ev, app.signed_on, app.opted_in_on):
        return ev.decision(SUBJECT, {"evaluated": False})
    subfund_rules.legal_form(ev, app)
    subfund_rules.size_and_share(ev, app)
    subfund_rules.term(ev, app)
    fee_rate_rules(ev, app.fees)
    subfund_rules.domicile(ev, app)
    subfund_rules.field(ev, app)
    applicant_rules.applicant(ev, app)
    applicant_rules.manager(ev, app)
    risk_rules.confirmed_commitments(ev, app)
    risk_rules.capital_increase(ev, app)
    risk_rules.priority(ev, app)
    risk_rules.observer(ev, app)
    return ev.decision(SUBJECT, {"evaluated": True})
