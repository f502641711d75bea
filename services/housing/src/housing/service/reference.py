"""Reference data use cases: the districts (versions, the registry the rules read) and the
yearly figures the targets are assessed on. Both append-only and audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.http.auth import Principal
from govkit.http.problem import NOT_FOUND, VALIDATION, ProblemError
from govkit.http.request_id import current_request_id
from govkit.rules import ParameterNotConfigured, ParameterSet
from govkit.store.rows import created_stamp
from housing.db.tables import district_figures, districts
from housing.domain import District, DistrictRegistry, Tier, YearFigures
from housing.domain.targets import SHARE_PATH, TargetEvaluation


def _district(row: Any) -> District:
    return District(
        row.code, row.name, Tier(row.tier), row.effective_from, row.effective_to, row.source
    )


async def load_registry(session: AsyncSession) -> DistrictRegistry:
    """Every district version; a later row with the same code and first day supersedes."""
    rows = (await session.execute(sa.select(districts).order_by(districts.c.id))).all()
    latest: dict[tuple[str, date], District] = {}
    for row in rows:
        latest[(row.code, row.effective_from)] = _district(row)
    return DistrictRegistry(latest.values())


def require_district(registry: DistrictRegistry, code: str, day: date, pointer: str) -> District:
    """The district in force on `day`, or a 422 pointing at the field that named it."""
    found = registry.on(code, day)
    if found is None:
        raise ProblemError(
            VALIDATION,
            f"{code} is not a district code in force on {day.isoformat()}.",
            errors=[
                {
                    "in": "body",
                    "pointer": pointer,
                    "detail": f"unknown district code {code} (GET /housing/v1/districts lists them)",
                    "type": "unknown_district",
                }
            ],
        )
    return found


def target_share(params: ParameterSet, district: District, year: int) -> str | None:
    """The district's numeric target share for `year` as a decimal string, if it has one."""
    path = SHARE_PATH.get(district.tier)
    if path is None:
        return None
    ev = TargetEvaluation(params, date(year, 12, 31), district.code)
    try:
        return str(ev.dec(path))
    except ParameterNotConfigured:
        return None


def district_view(d: District, params: ParameterSet, on: date) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "tier": d.tier.value,
        "key_development": d.tier.key_development,
        "target_share": target_share(params, d, on.year),
        "effective_from": d.effective_from,
        "effective_to": d.effective_to,
        "source": d.source,
    }


async def list_districts(
    session: AsyncSession, params: ParameterSet, on: date
) -> list[dict[str, Any]]:
    registry = await load_registry(session)
    return [district_view(d, params, on) for d in registry.all_on(on)]


async def district_history(
    session: AsyncSession, code: str, params: ParameterSet, on: date
) -> dict[str, Any]:
    registry = await load_registry(session)
    versions = registry.versions(code)
    if not versions:
        raise ProblemError(NOT_FOUND, f"No district {code}.", code=code)
    current = registry.on(code, on)
    return {
        "code": code,
        "on": on,
        "in_force": district_view(current, params, on) if current else None,
        "versions": [district_view(v, params, v.effective_from) for v in versions],
    }


async def set_district(
    session: AsyncSession,
    code: str,
    values: dict[str, Any],
    *,
    params: ParameterSet,
    principal: Principal,
) -> dict[str, Any]:
    """Record a district version from `effective_from` (superseding one from the same day)."""
    await session.execute(
        sa.text("SELECT pg_advisory_xact_lock(hashtextextended('housing.districts', 0))")
    )
    registry = await load_registry(session)
    before = next(
        (v for v in registry.versions(code) if v.effective_from == values["effective_from"]), None
    )
    now = datetime.now(UTC)
    row = {"code": code, **values}
    await session.execute(
        sa.insert(districts).values(**row, **created_stamp(principal, current_request_id(), now))
    )
    await audit.append(
        session,
        principal,
        None,
        "district.set",
        "district",
        code,
        district_view(before, params, before.effective_from) if before else None,
        row,
    )
    return await district_history(session, code, params, values["effective_from"])


# ---- yearly figures ------------------------------------------------------------------------


def figures_view(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "district",
            "year",
            "version",
            "new_housing_units",
            "new_affordable_units",
            "affordable_units_raised",
            "residential_land_area",
            "affordable_land_area",
            "source",
            "created_at",
            "created_by",
        )
    }


def latest_figures() -> sa.Select[Any]:
    c = district_figures.c
    latest = (
        sa.select(c.district, c.year, sa.func.max(c.version).label("version"))
        .group_by(c.district, c.year)
        .subquery()
    )
    return sa.select(district_figures).join(
        latest,
        sa.and_(
            c.district == latest.c.district, c.year == latest.c.year, c.version == latest.c.version
        ),
    )


async def figures_of_year(session: AsyncSession, year: int) -> dict[str, Any]:
    """Each district's latest figures row for `year`, by code."""
    rows = (await session.execute(latest_figures().where(district_figures.c.year == year))).all()
    return {r.district: r for r in rows}


async def raised_by_year(session: AsyncSession) -> dict[int, int]:
    """Every district's latest raised units, summed per year."""
    sub = latest_figures().subquery()
    rows = await session.execute(
        sa.select(sub.c.year, sa.func.sum(sub.c.affordable_units_raised)).group_by(sub.c.year)
    )
    return {int(y): int(n) for y, n in rows}


def to_domain(row: Any) -> YearFigures:
    return YearFigures(
        row.district,
        row.year,
        row.new_housing_units,
        row.new_affordable_units,
        row.affordable_units_raised,
        row.residential_land_area,
        row.affordable_land_area,
    )


async def record_figures(
    session: AsyncSession,
    year: int,
    district: str,
    values: dict[str, Any],
    *,
    principal: Principal,
) -> tuple[dict[str, Any], bool]:
    """A new version of the district's figures for `year` (the same figures again add none)."""
    registry = await load_registry(session)
    require_district(registry, district, date(year, 12, 31), "#")
    await session.execute(
        sa.text("SELECT pg_advisory_xact_lock(hashtextextended('housing.figures:' || :d, :y))"),
        {"d": district, "y": year},
    )
    c = district_figures.c
    previous = (
        await session.execute(
            sa.select(district_figures)
            .where(c.district == district, c.year == year)
            .order_by(c.version.desc())
            .limit(1)
        )
    ).first()
    keys = (
        "new_housing_units",
        "new_affordable_units",
        "affordable_units_raised",
        "residential_land_area",
        "affordable_land_area",
        "source",
    )
    if previous is not None and all(getattr(previous, k) == values[k] for k in keys):
        return figures_view(previous), False
    version = previous.version + 1 if previous is not None else 1
    now = datetime.now(UTC)
    row = {"district": district, "year": year, "version": version, **values}
    await session.execute(
        sa.insert(district_figures).values(
            **row, **created_stamp(principal, current_request_id(), now)
        )
    )
    await audit.append(
        session,
        principal,
        None,
        "figures.record",
        "district_figures",
        f"{district}/{year}",
        {k: getattr(previous, k) for k in keys} if previous is not None else None,
        row,
    )
    stored = (
        await session.execute(
            sa.select(district_figures).where(
                c.district == district, c.year == year, c.version == version
            )
        )
    ).one()
    return figures_view(stored), True


async def figures_history(
    session: AsyncSession, year: int | None, district: str | None
) -> list[dict[str, Any]]:
    c = district_figures.c
    q = sa.select(district_figures)
    if year is not None:
        q = q.where(c.year == year)
    if district is not None:
        q = q.where(c.district == district)
    rows = (await session.execute(q.order_by(c.year, c.district, c.version))).all()
    return [figures_view(r) for r in rows]
