"""Parameters: defaults from the text, cited and dated; what-if and regional values; speed paths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from fund.domain import DEFAULT_PARAMETERS, PARAMETERS, check_application
from fund.domain.evaluation import Evaluation, make_finding
from fund.domain.examples import EXAMPLE_APPLICATION, EXAMPLE_AS_OF
from fund.domain.policy import EFFECTIVE_FROM
from govkit.rules import Finding, Outcome, ParameterValue


def test_defaults_come_from_the_text() -> None:
    get = {d.path: d.default.value for d in PARAMETERS}
    assert get["fund.subfund.size_min"] == D("50000000")
    assert get["fund.subfund.mother_ratio_max"] == D("0.40")
    assert get["fund.subfund.term.max_years"] == 8
    assert get["fund.subfund.reinvest.multiple"] == D("1.5")
    assert (get["fund.subfund.stage.early_multiple"], get["fund.subfund.stage.all_multiple"]) == (
        D("0.5"),
        D(1),
    )
    assert (
        get["fund.subfund.fee.investment_period_max_rate"],
        get["fund.subfund.fee.exit_period_max_rate"],
    ) == (D("0.025"), D("0.01"))
    assert [
        get[f"fund.mgmt_fee.rate.{r}"] for r in ("excellent", "good", "qualified", "below_standard")
    ] == [D("0.01"), D("0.008"), D("0.006"), D("0.004")]


def test_every_default_is_dated_from_the_effective_date_and_cited() -> None:
    assert len({d.path for d in PARAMETERS}) == len(PARAMETERS)
    for d in PARAMETERS:
        assert d.default.effective_from == EFFECTIVE_FROM == date(2021, 12, 20), d.path
        assert d.default.source.startswith("温政办〔2021〕73号 "), d.path
        assert not isinstance(d.default.value, float), d.path


def size_finding(params: object, region: str | None = None) -> Finding:
    app = replace(EXAMPLE_APPLICATION, region=region)
    decision = check_application(app, params, EXAMPLE_AS_OF)  # type: ignore[arg-type]
    return next(f for f in decision.findings if f.rule_id == "FUND-SUB-SIZE-MIN")


def test_a_what_if_override_changes_the_outcome_but_not_the_baseline() -> None:
    what_if = DEFAULT_PARAMETERS.with_overrides({"fund.subfund.size_min": D("150000000")})
    assert size_finding(what_if).outcome is Outcome.FAIL
    assert size_finding(what_if).parameters == {"fund.subfund.size_min": D("150000000")}
    assert size_finding(DEFAULT_PARAMETERS).outcome is Outcome.PASS


def test_a_regional_value_applies_to_that_county_from_its_date() -> None:
    county = ParameterValue(
        "fund.subfund.size_min",
        D("200000000"),
        date(2024, 1, 1),
        None,
        "瑞安市人民政府（示例）",
        region="330381",
    )
    params = DEFAULT_PARAMETERS.with_values([county])
    assert size_finding(params, region="330381").outcome is Outcome.FAIL
    assert size_finding(params, region="330302").outcome is Outcome.PASS
    used = check_application(
        replace(EXAMPLE_APPLICATION, region="330381"), params, EXAMPLE_AS_OF
    ).parameters_used
    assert used["fund.subfund.size_min"]["region"] == "330381"


def test_overrides_given_as_plain_numbers_are_read_exactly() -> None:
    ev = Evaluation(
        DEFAULT_PARAMETERS.with_overrides(
            {"fund.subfund.mother_ratio_max": 0.35, "fund.subfund.term.max_years": "9"}
        ),
        EXAMPLE_AS_OF,
    )
    assert ev.dec("fund.subfund.mother_ratio_max") == D("0.35")
    assert ev.count("fund.subfund.term.max_years") == 9


def test_the_fast_finding_equals_the_constructed_one() -> None:
    args = ("FUND-SUB-SIZE-MIN", "clause", Outcome.PASS, "中文", "English", {"a": 1}, {"p": D(1)})
    fast = make_finding(*args)
    assert type(fast) is Finding
    assert fast == Finding(*args)
    assert fast.as_dict() == Finding(*args).as_dict()


def test_parameters_used_are_plain_fresh_dicts() -> None:
    first = check_application(EXAMPLE_APPLICATION, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    used = first.parameters_used["fund.subfund.size_min"]
    assert type(used) is dict
    used["value"] = "tampered"  # a caller's copy: the next decision is unaffected
    again = check_application(EXAMPLE_APPLICATION, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    assert again.parameters_used["fund.subfund.size_min"]["value"] == "50000000"
    assert again.decision_id != first.decision_id
