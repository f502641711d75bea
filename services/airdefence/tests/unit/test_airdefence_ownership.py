"""AD-OWN-STATE, AD-OWN-COLLECTIVE, AD-REG-ACCEPTANCE, AD-REG-SUBJECT: worked examples 1 and 2,
each condition on both sides."""

from __future__ import annotations

from datetime import date

import pytest

from airdefence.domain import AirDefenceDomainError, check_ownership
from airdefence.domain import examples as ex
from airdefence.domain import parameters as p
from govkit.rules import ParameterSet, ParameterValue

from .conftest import AS_OF, ownership_facts


def outcomes(decision: object) -> dict[str, str]:
    return {f.rule_id: f.outcome.value for f in decision.findings}  # type: ignore[attr-defined]


def test_example_1_state_land_with_jiejian_belongs_to_the_state_free_of_charge(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.STATE_LAND_JIEJIAN), params, AS_OF)
    assert d.result["ownership"] == "state"
    assert d.result["free_of_charge"] is True
    assert d.result["wartime_allocation"] is False
    assert outcomes(d)["AD-OWN-STATE"] == "pass"
    assert outcomes(d)["AD-OWN-COLLECTIVE"] == "not_applicable"


def test_example_1_village_self_built_on_retained_land_not_transferred_wartime_allocation(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.VILLAGE_RETAINED), params, AS_OF)
    assert d.result["ownership"] == "not_transferred"
    assert d.result["wartime_allocation"] is True
    assert d.result["registrable"] is False
    assert d.result["registrable_now"] is False
    assert d.result["registration_subject"] is None
    assert outcomes(d) == {
        "AD-OWN-STATE": "not_applicable",
        "AD-OWN-COLLECTIVE": "pass",
        "AD-REG-ACCEPTANCE": "not_applicable",
        "AD-REG-SUBJECT": "not_applicable",
    }
    collective = next(f for f in d.findings if f.rule_id == "AD-OWN-COLLECTIVE")
    assert "暂不移交及确权" in collective.message_zh
    assert "县级以上人民政府无偿调配使用" in collective.message_zh


def test_collective_land_is_not_transferred_either(params: ParameterSet) -> None:
    d = check_ownership(
        ownership_facts(ex.VILLAGE_RETAINED, land="collective", builder_category="other"),
        params,
        AS_OF,
    )
    assert d.result["ownership"] == "not_transferred"
    assert d.result["wartime_allocation"] is True


def test_works_not_built_under_jiejian_are_outside_both_ownership_rules(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.STATE_LAND_JIEJIAN, jiejian=False), params, AS_OF)
    assert d.result["ownership"] == "not_determined"
    assert outcomes(d)["AD-OWN-STATE"] == "not_applicable"
    assert outcomes(d)["AD-OWN-COLLECTIVE"] == "not_applicable"
    assert d.result["registrable"] is False


def test_land_supply_plan_must_state_state_ownership(params: ParameterSet) -> None:
    silent = check_ownership(
        ownership_facts(ex.STATE_LAND_JIEJIAN, land_supply_plan_states_state_ownership=False),
        params,
        AS_OF,
    )
    assert outcomes(silent)["AD-OWN-STATE"] == "fail"
    assert silent.result["ownership"] == "state"  # by law; the plan's omission is the failure
    assert "AD-REG-ACCEPTANCE" in silent.failed_rules
    unknown = check_ownership(
        ownership_facts(ex.STATE_LAND_JIEJIAN, land_supply_plan_states_state_ownership=None),
        params,
        AS_OF,
    )
    assert outcomes(unknown)["AD-OWN-STATE"] == "warn"


def test_example_2_public_institution_registered_to_itself(params: ParameterSet) -> None:
    d = check_ownership(ownership_facts(ex.PUBLIC_INSTITUTION), params, AS_OF)
    assert d.result["registration_subject"] == "builder"
    assert d.result["handover_required"] is False
    assert d.result["registrable_now"] is True
    assert d.outcome.value == "pass"


def test_party_government_organ_registered_to_itself(params: ParameterSet) -> None:
    d = check_ownership(
        ownership_facts(ex.PUBLIC_INSTITUTION, builder_category="party_government_organ"),
        params,
        AS_OF,
    )
    assert d.result["registration_subject"] == "builder"


def test_example_2_any_project_inside_the_enclosed_area_goes_to_the_group(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.ENCLOSED_AREA), params, AS_OF)
    assert d.result["registration_subject"] == "city_development_group"
    assert d.result["handover_required"] is False
    assert d.result["registrable_now"] is True


def test_the_groups_own_project_outside_the_area_goes_to_the_group(params: ParameterSet) -> None:
    d = check_ownership(
        ownership_facts(ex.PUBLIC_INSTITUTION, builder_category="city_development_group"),
        params,
        AS_OF,
    )
    assert d.result["registration_subject"] == "city_development_group"


def test_group_uscc_is_cited_when_configured(params: ParameterSet) -> None:
    configured = params.with_values(
        [
            ParameterValue(
                p.CITY_DEVELOPMENT_GROUP_USCC,
                "91330300MA2867ZX1A",
                date(2022, 1, 1),
                None,
                "test",
            )
        ]
    )
    d = check_ownership(ownership_facts(ex.ENCLOSED_AREA), configured, AS_OF)
    subject = next(f for f in d.findings if f.rule_id == "AD-REG-SUBJECT")
    assert subject.parameters == {p.CITY_DEVELOPMENT_GROUP_USCC: "91330300MA2867ZX1A"}
    assert p.CITY_DEVELOPMENT_GROUP_USCC in d.parameters_used


def test_example_2_developer_elsewhere_after_a_recorded_free_handover(
    params: ParameterSet,
) -> None:
    after = check_ownership(ownership_facts(ex.STATE_LAND_JIEJIAN), params, AS_OF)
    assert after.result["registration_subject"] == "designated_state_enterprise"
    assert after.result["handover_required"] is True
    assert after.result["handover_recorded"] is True
    assert after.result["registrable_now"] is True
    before = check_ownership(ownership_facts(ex.DEVELOPER_BEFORE_HANDOVER), params, AS_OF)
    assert before.result["registration_subject"] == "designated_state_enterprise"
    assert before.result["registrable_now"] is False
    assert before.failed_rules == ["AD-REG-SUBJECT"]


def test_a_handover_dated_after_the_evaluation_day_is_not_yet_recorded(
    params: ParameterSet,
) -> None:
    d = check_ownership(
        ownership_facts(ex.STATE_LAND_JIEJIAN, handed_over_on="2024-06-02"), params, AS_OF
    )
    assert d.result["handover_recorded"] is False
    assert "AD-REG-SUBJECT" in d.failed_rules
    on_the_day = check_ownership(
        ownership_facts(ex.STATE_LAND_JIEJIAN, handed_over_on="2024-06-01"), params, AS_OF
    )
    assert on_the_day.result["registrable_now"] is True


def test_example_2_before_completion_acceptance_registration_refused(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.BEFORE_ACCEPTANCE), params, AS_OF)
    assert "AD-REG-ACCEPTANCE" in d.failed_rules
    assert d.result["registrable_now"] is False
    # Acceptance the day after the evaluation day has not happened yet; on the day it has.
    late = check_ownership(
        ownership_facts(ex.PUBLIC_INSTITUTION, accepted_on="2024-06-02"), params, AS_OF
    )
    assert late.failed_rules == ["AD-REG-ACCEPTANCE"]
    same_day = check_ownership(
        ownership_facts(ex.PUBLIC_INSTITUTION, accepted_on="2024-06-01"), params, AS_OF
    )
    assert same_day.failed_rules == []


def test_organ_inside_the_enclosed_area_is_a_conflict_not_an_order(params: ParameterSet) -> None:
    d = check_ownership(
        ownership_facts(ex.PUBLIC_INSTITUTION, in_enclosed_area=True), params, AS_OF
    )
    subject = next(f for f in d.findings if f.rule_id == "AD-REG-SUBJECT")
    assert subject.outcome.value == "warn"
    assert d.result["registration_subject"] is None
    assert d.result["subject_candidates"] == ["builder", "city_development_group"]


def test_builder_category_contradicting_the_land_names_the_field(params: ParameterSet) -> None:
    with pytest.raises(AirDefenceDomainError) as caught:
        check_ownership(
            ownership_facts(ex.VILLAGE_RETAINED, builder_category="other"), params, AS_OF
        )
    assert caught.value.pointer == "#/builder_category"
    assert caught.value.rule_id is None


def test_before_the_policy_is_in_force_a_warning_and_the_first_days_parameters(
    params: ParameterSet,
) -> None:
    d = check_ownership(ownership_facts(ex.STATE_LAND_JIEJIAN), params, date(2021, 12, 31))
    assert d.warnings
    assert "2022-01-01" in d.warnings[0]
    assert not check_ownership(
        ownership_facts(ex.STATE_LAND_JIEJIAN), params, date(2022, 1, 1)
    ).warnings
