"""Targets (一（三）, 四（一）): worked example 5, 文成, the city total and the 2021 land share."""

from __future__ import annotations

from decimal import Decimal as D

from housing.domain import DEFAULT_PARAMETERS, DEFAULT_REGISTRY, YearFigures, evaluate_targets
from housing.domain.targets import TargetsResult


def run(year: int, *figures: YearFigures, raised: dict[int, int] | None = None) -> TargetsResult:
    districts = DEFAULT_REGISTRY.all_on(__import__("datetime").date(year, 12, 31))
    return evaluate_targets(
        year, districts, {f.district: f for f in figures}, raised or {}, DEFAULT_PARAMETERS
    )


def row(result: TargetsResult, code: str):  # type: ignore[no-untyped-def]
    return next(r for r in result.rows if r.district.code == code)


def test_worked_example_5_lucheng_2022_30_percent_passes_2999_fails() -> None:
    ok = row(run(2022, YearFigures("330302", 2022, 10_000, 3_000, 3_000)), "330302")
    assert (ok.finding.outcome.value, ok.share_percent, ok.target_share) == (
        "pass",
        D("30.00"),
        D("0.30"),
    )
    short = row(run(2022, YearFigures("330302", 2022, 10_000, 2_999, 2_999)), "330302")
    assert (short.finding.outcome.value, short.share_percent) == ("fail", D("29.99"))


def test_key_districts_15_percent() -> None:
    assert (
        row(run(2023, YearFigures("330382", 2023, 2_000, 300, 300)), "330382").finding.outcome.value
        == "pass"
    )
    assert (
        row(run(2023, YearFigures("330382", 2023, 2_000, 299, 299)), "330382").finding.outcome.value
        == "fail"
    )


def test_worked_example_5_wencheng_reported_without_a_numeric_target() -> None:
    r = row(run(2022, YearFigures("330328", 2022, 1_000, 50, 50)), "330328")
    assert r.finding.outcome.value == "not_applicable"
    assert r.target_share is None
    assert r.share_percent == D("5.00")


def test_unreported_districts_are_flagged_and_2026_has_no_numeric_target() -> None:
    result = run(2022)
    assert row(result, "330303").finding.outcome.value == "warn"
    later = row(run(2026, YearFigures("330302", 2026, 100, 1, 1)), "330302")
    assert later.finding.outcome.value == "not_applicable"


def test_city_total_131000_over_the_plan() -> None:
    in_progress = run(2023, raised={2021: 20_000, 2022: 30_000, 2023: 30_000})
    assert in_progress.city_raised == 80_000
    assert in_progress.city_finding.outcome.value == "warn"
    done = run(2025, raised={2021: 20_000, 2022: 30_000, 2023: 30_000, 2024: 30_000, 2025: 21_000})
    assert done.city_finding.outcome.value == "pass"
    short = run(2025, raised={2021: 20_000, 2022: 30_000, 2023: 30_000, 2024: 30_000, 2025: 20_999})
    assert (short.city_raised, short.city_finding.outcome.value) == (130_999, "fail")
    after = run(2026, raised={2025: 131_000, 2026: 5_000})
    assert (after.city_raised, after.city_finding.outcome.value) == (131_000, "pass")


def land(code: str, residential: str, affordable: str) -> YearFigures:
    return YearFigures(code, 2021, 1_000, 300, 300, D(residential), D(affordable))


def test_2021_land_supply_in_the_city_proper_at_least_10_percent() -> None:
    codes = ("330302", "330303", "330304", "330305")
    exact = [land(c, "250000", "25000") for c in codes]
    assert run(2021, *exact).land_finding.outcome.value == "pass"
    short = [*exact[:3], land("330305", "250000", "24999.99")]
    assert run(2021, *short).land_finding.outcome.value == "fail"
    missing = run(2021, *exact[:3])
    assert missing.land_finding.outcome.value == "warn"
    assert run(2022, *exact).land_finding.outcome.value == "not_applicable"
