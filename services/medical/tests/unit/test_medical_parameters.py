from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from govkit.rules import ParameterNotConfigured, ParameterSet, ParameterValue
from medical.domain import PARAMETERS, default_parameters
from medical.domain import parameters as p
from medical.domain.policy import EFFECTIVE_FROM, POLICY


def test_every_default_is_effective_from_the_policy_start_and_cited() -> None:
    for d in PARAMETERS:
        assert d.default.effective_from == EFFECTIVE_FROM == date(2022, 1, 1)
        assert d.default.effective_to is None  # stays in force until replaced
        assert d.default.source.startswith(POLICY)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (p.CI_NEEDY_DEDUCTIBLE_REDUCTION, Decimal("0.50")),
        (p.CI_NEEDY_RATIO_FLOOR, Decimal("0.80")),
        (p.MA_RATIO, Decimal("0.80")),
        (p.MA_RATIO_FLOOR, Decimal("0.80")),
        (p.MA_ANNUAL_LIMIT, Decimal("100000")),
        (p.HIGH_COST_THRESHOLD, Decimal("50000")),
        (p.ENROL_SUBSIDY_RATIO, Decimal("1")),
        (p.POLICY_VALID_UNTIL, date(2025, 12, 31)),
    ],
)
def test_text_figures(path: str, value: object) -> None:
    assert default_parameters().get(path, date(2023, 6, 1)) == value


@pytest.mark.parametrize(
    "path",
    [
        p.CI_DEDUCTIBLE,
        p.CI_RATIO,
        p.CI_ANNUAL_CAP,
        p.COMMERCIAL_TERMS,
        p.BASIC_TERMS,
        p.RISK_SELF_PAY_THRESHOLD,
        p.SELFPAY_SHARE_MAX,
        p.ENROL_INDIVIDUAL_PREMIUM,
    ],
)
def test_figures_the_text_does_not_give_are_unconfigured(path: str) -> None:
    with pytest.raises(ParameterNotConfigured):
        default_parameters().resolve(path, date(2022, 6, 1))


def test_a_county_overrides_from_a_date(configure: Callable[..., ParameterSet]) -> None:
    params = configure().with_values(
        [ParameterValue(p.MA_RATIO, Decimal("0.90"), date(2023, 1, 1), None, "瑞安市", "330381")]
    )
    assert params.get(p.MA_RATIO, date(2023, 1, 1), "330381") == Decimal("0.90")
    assert params.get(p.MA_RATIO, date(2022, 12, 31), "330381") == Decimal("0.80")
    assert params.get(p.MA_RATIO, date(2023, 1, 1), "330302") == Decimal("0.80")
