"""The targets table: every district's share against its tier, the city total, the 2021 land
supply share — from the latest recorded figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from govkit.rules import ParameterSet
from housing.domain import evaluate_targets
from housing.domain.targets import TargetsResult
from housing.service.reference import (
    figures_of_year,
    figures_view,
    load_registry,
    raised_by_year,
    to_domain,
)


async def targets(
    session: AsyncSession, year: int, params: ParameterSet
) -> tuple[TargetsResult, dict[str, dict[str, Any]]]:
    """The evaluation of `year` and the figures rows it used, by district."""
    registry = await load_registry(session)
    rows = await figures_of_year(session, year)
    result = evaluate_targets(
        year,
        registry.all_on(date(year, 12, 31)),
        {code: to_domain(r) for code, r in rows.items()},
        await raised_by_year(session),
        params,
    )
    return result, {code: figures_view(r) for code, r in rows.items()}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def targets_view(result: TargetsResult, figures: dict[str, dict[str, Any]]) -> dict[str, Any]:
    city = result.city_finding
    return {
        "year": result.year,
        "rules_version": result.decision.rules_version,
        "districts": [
            {
                "district": r.district.code,
                "name": r.district.name,
                "tier": r.district.tier.value,
                "target_share": _text(r.target_share),
                "figures": figures.get(r.district.code),
                "share_percent": _text(r.share_percent),
                "outcome": r.finding.outcome.value,
                "finding": r.finding.as_dict(),
            }
            for r in result.rows
        ],
        "failed_districts": [
            r.district.code for r in result.rows if r.finding.outcome.value == "fail"
        ],
        "city": {
            "through_year": city.facts["through_year"],
            "raised_units": result.city_raised,
            "target_units": result.city_target,
            "progress_percent": _text(city.facts.get("progress_percent")),
            "outcome": city.outcome.value,
            "finding": city.as_dict(),
        },
        "land_supply": {
            "outcome": result.land_finding.outcome.value,
            "finding": result.land_finding.as_dict(),
        },
        "parameters_used": dict(result.decision.parameters_used),
    }
