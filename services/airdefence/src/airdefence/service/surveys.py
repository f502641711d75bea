"""The completion survey (AD-SURVEY): the surveyed layout against the register's, every
discrepancy recorded against the works, and their resolution.

A survey is stored with the Decision it gave (AD-SURVEY, AD-PARK-RATIO and AD-PARK-PUBLIC on the
surveyed figures); each discrepancy is a row of its own, open until resolved (If-Match).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.survey_schemas import SurveyDiscrepancyResolution, WorksSurveyCreate
from airdefence.api.works_schemas import AirDefenceZoneIn
from airdefence.db.tables import discrepancies, surveys, works
from airdefence.domain import Entrance, Layout, PeacetimeUse, Zone, evaluate_survey
from airdefence.service.works import get_row, invalid, not_in_future
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.http.versions import parse_if_match, require_version
from govkit.platform.decisions import store_decision
from govkit.rules import ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import created_stamp, fetch_row, not_found


def _zones(zones: list[AirDefenceZoneIn]) -> tuple[Zone, ...]:
    return tuple(
        Zone(
            z.name,
            z.floor_area,
            z.location,
            tuple(Entrance(e.name, e.floor_area, e.location) for e in z.entrances),
        )
        for z in zones
    )


def planned_layout(row: Any) -> Layout:
    return Layout(
        basement_floor_area=row.basement_floor_area,
        net_parking_area=row.net_parking_area,
        zones=_zones([AirDefenceZoneIn.model_validate(z) for z in row.zones]),
        public_spaces_in_air_defence_area=row.public_spaces_in_air_defence_area,
    )


async def record_survey(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksSurveyCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    not_in_future(body.surveyed_on, today, "#/surveyed_on")
    row = await get_row(session, works_id, lock=True)
    surveyed = Layout(
        basement_floor_area=body.basement_floor_area,
        net_parking_area=body.net_parking_area,
        zones=_zones(body.zones),
        public_spaces_in_air_defence_area=body.public_spaces_in_air_defence_area,
    )
    decision, found = evaluate_survey(
        planned_layout(row),
        surveyed,
        PeacetimeUse(row.peacetime_use),
        params,
        body.surveyed_on,
        row.county,
    )
    decision_id = await store_decision(session, decision, principal)
    now = datetime.now(UTC)
    stamp = created_stamp(principal, request_id, now)
    survey_id = uuid.uuid4()
    await session.execute(
        sa.insert(surveys).values(
            survey_id=survey_id,
            works_id=works_id,
            surveyed_on=body.surveyed_on,
            surveyor=body.surveyor,
            report_no=body.report_no,
            basement_floor_area=body.basement_floor_area,
            net_parking_area=body.net_parking_area,
            public_spaces_in_air_defence_area=body.public_spaces_in_air_defence_area,
            zones=[z.model_dump(mode="json") for z in body.zones],
            outcome=decision.outcome.value,
            failed_rules=decision.failed_rules,
            decision_id=decision_id,
            note=body.note,
            **stamp,
        )
    )
    if found:
        await session.execute(
            sa.insert(discrepancies),
            [
                {
                    "discrepancy_id": uuid.uuid4(),
                    "works_id": works_id,
                    "survey_id": survey_id,
                    "position": i,
                    "kind": d.kind,
                    "subject": d.subject,
                    "planned": d.planned,
                    "surveyed": d.surveyed,
                    "difference": d.difference,
                    "status": "open",
                    "resolved_on": None,
                    "resolution": None,
                    "version": 1,
                    "updated_at": now,
                    **stamp,
                }
                for i, d in enumerate(found)
            ],
        )
    await audit.append(
        session,
        principal,
        request_id,
        "works.survey",
        "works",
        works_id,
        None,
        jsonable(
            {
                "survey_id": survey_id,
                "report_no": body.report_no,
                "surveyed_on": body.surveyed_on,
                "outcome": decision.outcome.value,
                "discrepancies": [d.as_dict() for d in found],
                "decision_id": decision_id,
            }
        ),
    )
    return survey_id


def discrepancy_out(r: Any) -> dict[str, Any]:
    out = {
        k: getattr(r, k)
        for k in (
            "discrepancy_id",
            "works_id",
            "survey_id",
            "kind",
            "subject",
            "planned",
            "surveyed",
            "difference",
            "status",
            "resolved_on",
            "resolution",
            "version",
            "created_at",
        )
    }
    out["difference"] = None if r.difference is None else f"{r.difference:.2f}"
    return out


async def _findings(session: AsyncSession, decision_id: uuid.UUID) -> list[Any]:
    from govkit.platform.decisions import load_decision

    decision = await load_decision(session, decision_id)
    return [] if decision is None else [f.model_dump() for f in decision.findings]


async def survey_out(session: AsyncSession, s: Any) -> dict[str, Any]:
    rows = await session.execute(
        sa.select(discrepancies)
        .where(discrepancies.c.survey_id == s.survey_id)
        .order_by(discrepancies.c.position)
    )
    return {
        "survey_id": s.survey_id,
        "works_id": s.works_id,
        "surveyed_on": s.surveyed_on,
        "surveyor": s.surveyor,
        "report_no": s.report_no,
        "outcome": s.outcome,
        "failed_rules": list(s.failed_rules),
        "decision_id": s.decision_id,
        "findings": await _findings(session, s.decision_id),
        "discrepancies": [discrepancy_out(r) for r in rows],
        "note": s.note,
        "created_at": s.created_at,
        "created_by": s.created_by,
    }


async def survey_by_id(session: AsyncSession, survey_id: uuid.UUID) -> dict[str, Any]:
    missing = not_found("survey", "survey_id", survey_id)
    row = await fetch_row(session, surveys.c.survey_id, survey_id, missing)
    return await survey_out(session, row)


async def surveys_of(session: AsyncSession, works_id: uuid.UUID) -> list[dict[str, Any]]:
    await get_row(session, works_id)
    rows = await session.execute(
        sa.select(surveys).where(surveys.c.works_id == works_id).order_by(surveys.c.seq)
    )
    return [await survey_out(session, s) for s in rows]


@dataclass(frozen=True, slots=True)
class DiscrepancyFilter:
    works_id: uuid.UUID | None = None
    county: str | None = None
    status: str | None = None
    kind: str | None = None


async def list_discrepancies(
    session: AsyncSession, f: DiscrepancyFilter, *, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    q = sa.select(discrepancies)
    if f.county is not None:
        q = q.join(works, works.c.works_id == discrepancies.c.works_id)
        cond.append(works.c.county == f.county)
    for column, value in (
        (discrepancies.c.works_id, f.works_id),
        (discrepancies.c.status, f.status),
        (discrepancies.c.kind, f.kind),
    ):
        if value is not None:
            cond.append(column == value)
    page, cursor = await seq_page(session, q.where(*cond), discrepancies.c.seq, after, limit=limit)
    return [discrepancy_out(r) for r in page], cursor


async def resolve(
    session: AsyncSession,
    discrepancy_id: uuid.UUID,
    body: SurveyDiscrepancyResolution,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    not_in_future(body.resolved_on, today, "#/resolved_on")
    expected = parse_if_match(if_match)
    missing = not_found("discrepancy", "discrepancy_id", discrepancy_id)
    row = await fetch_row(
        session, discrepancies.c.discrepancy_id, discrepancy_id, missing, lock=True
    )
    require_version("discrepancy", row.version, expected)
    if row.status != "open":
        raise ProblemError(CONFLICT, f"The discrepancy was resolved on {row.resolved_on}.")
    surveyed_on = await session.scalar(
        sa.select(surveys.c.surveyed_on).where(surveys.c.survey_id == row.survey_id)
    )
    if surveyed_on is not None and body.resolved_on < surveyed_on:
        raise invalid(
            "#/resolved_on",
            f"A discrepancy is resolved after the survey that found it ({surveyed_on}).",
        )
    now = datetime.now(UTC)
    changes = {
        "status": "resolved",
        "resolved_on": body.resolved_on,
        "resolution": body.resolution,
        "version": row.version + 1,
        "updated_at": now,
    }
    await session.execute(
        sa.update(discrepancies)
        .where(discrepancies.c.discrepancy_id == discrepancy_id)
        .values(**changes)
    )
    await audit.append(
        session,
        principal,
        request_id,
        "discrepancy.resolve",
        "discrepancy",
        discrepancy_id,
        {"status": "open"},
        jsonable({k: v for k, v in changes.items() if k != "updated_at"}),
    )
    fresh = await fetch_row(session, discrepancies.c.discrepancy_id, discrepancy_id, missing)
    return discrepancy_out(fresh)
