"""Stateless checks: the domain evaluators over a request, as JSON bodies; nothing is stored."""

from __future__ import annotations

from typing import Any

from airdefence.api.check_schemas import (
    AirDefenceIncomeUseCheck,
    AirDefenceLeaseFeeCheck,
    AirDefenceOwnershipCheck,
    AirDefenceParkingCheck,
    AirDefenceSameQualityCheck,
)
from airdefence.domain import (
    check_lease_fee,
    check_ownership,
    check_parking,
    check_same_quality,
    income_use,
    income_use_finding,
)
from airdefence.domain.evaluation import AirDefenceEvaluation
from govkit.calendar import today_shanghai
from govkit.platform.computations import decision_body, scenario, what_if
from govkit.rules import ParameterSet


def ownership(body: AirDefenceOwnershipCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_ownership(
            body.to_domain(), used, body.as_of or today_shanghai(), body.county
        )
    return decision_body(decision, body.parameter_overrides)


def parking(body: AirDefenceParkingCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    with what_if(body.parameter_overrides):
        decision = check_parking(
            body.to_domain(), used, body.as_of or today_shanghai(), body.county
        )
    return decision_body(decision, body.parameter_overrides)


def same_quality(body: AirDefenceSameQualityCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    decision = check_same_quality(
        body.air_defence_area.to_domain(),
        body.non_air_defence_area.to_domain(),
        used,
        body.as_of or today_shanghai(),
    )
    return decision_body(decision, body.parameter_overrides)


def lease_fee(body: AirDefenceLeaseFeeCheck, params: ParameterSet) -> dict[str, Any]:
    used = scenario(params, body.parameter_overrides)
    decision = check_lease_fee(
        body.property_service_fee_payer, used, body.as_of or today_shanghai()
    )
    return decision_body(decision, body.parameter_overrides)


def income_use_check(body: AirDefenceIncomeUseCheck, params: ParameterSet) -> dict[str, Any]:
    """A listed use passes; any other is the 422 rule-violation the ledger would give."""
    used = scenario(params, body.parameter_overrides)
    use = income_use(body.purpose)
    ev = AirDefenceEvaluation(used, body.as_of or today_shanghai())
    income_use_finding(ev, use)
    decision = ev.decision("airdefence.income_use", {"purpose": use.value})
    return decision_body(decision, body.parameter_overrides)
