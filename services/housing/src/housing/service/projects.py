"""Projects and their joint review (四（二）, HOUS-CERT): check, submit, opinions, certificate.

Stages: draft → (submit) under_review → (certificate) recognised, or → (refuse) refused;
draft or under_review → (withdraw) withdrawn. Every step takes If-Match and is audited; the
project row is locked before its version is compared, so of two steps with the same ETag one
applies and the other gets 412. A step out of order is a `rule-violation` naming HOUS-CERT.

Submitting fixes the departments whose opinion is needed (the county's list on that day) and
the plans reviewed (by construction mode); a project whose check fails cannot be submitted.
Where the county sets periods (`housing.review.opinion_working_days`,
`…decision_working_days`), the deadlines are counted in working days after the submission on
the shared calendar and tracked (due items); an opinion meets its department's deadline.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.calendar import add_working_days
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, RULE_VIOLATION, VALIDATION, ProblemError
from govkit.http.request_id import current_request_id
from govkit.http.versions import parse_if_match, require_version
from govkit.ids import lookup_hash
from govkit.platform.decisions import load_decision, store_decision
from govkit.rules import ParameterNotConfigured, ParameterSet
from govkit.store.paging import newest_first
from govkit.store.rows import created_stamp, fetch_row, first_version, name_contains, not_found
from govkit.store.steps import actor_of, audit_step, not_in_future, record_step, step_out, steps_of
from housing.api.check_schemas import HousingProjectFactsIn
from housing.api.record_schemas import (
    HousingCertificateCreate,
    HousingOpinionCreate,
    HousingProjectCreate,
)
from housing.db.tables import deadlines, project_steps, projects, review_opinions
from housing.domain import (
    CLAUSES,
    RULES,
    ConstructionMode,
    Opinion,
    certificate_decision,
    check_project,
    plans_for_review,
    required_departments,
    review_state,
)
from housing.domain.evaluation import HousingEvaluation
from housing.domain.parameters import REVIEW_DECISION_WORKING_DAYS, REVIEW_OPINION_WORKING_DAYS
from housing.domain.policy import law_date
from housing.domain.review import department_name
from housing.service import deadlines as dl
from housing.service.reference import load_registry, require_district

DRAFT, UNDER_REVIEW, RECOGNISED = "draft", "under_review", "recognised"
REFUSED, WITHDRAWN = "refused", "withdrawn"
P = projects
PREFIX = "/housing/v1"

# What each step needs and does: action → (stages it may start from, stage it leads to).
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({DRAFT}), UNDER_REVIEW),
    "give_opinion": (frozenset({UNDER_REVIEW}), UNDER_REVIEW),
    "issue_certificate": (frozenset({UNDER_REVIEW}), RECOGNISED),
    "refuse": (frozenset({UNDER_REVIEW}), REFUSED),
    "withdraw": (frozenset({DRAFT, UNDER_REVIEW}), WITHDRAWN),
}
ALLOWED = {
    DRAFT: ["update_facts", "submit", "withdraw"],
    UNDER_REVIEW: ["give_opinion", "issue_certificate", "refuse", "withdraw"],
    RECOGNISED: ["record_market_rent", "allocate", "record_title_act"],
    REFUSED: [],
    WITHDRAWN: [],
}


def _facts(body: HousingProjectFactsIn) -> dict[str, Any]:
    return body.model_dump(mode="json", include=set(HousingProjectFactsIn.model_fields))


_AUDITED = (
    "name",
    "district",
    "construction_mode",
    "land_source",
    "investor_name",
    "investor_uscc",
    "operator_name",
    "operator_uscc",
    "stage",
    "check_decision_id",
    "check_outcome",
    "submitted_on",
    "required_departments",
    "certificate_no",
    "certificate_issued_on",
    "closed_on",
    "version",
)


def _audit_view(row: Any) -> dict[str, Any]:
    values = row if isinstance(row, dict) else row._asdict()
    return {k: values.get(k) for k in _AUDITED}


async def _row(session: AsyncSession, project_id: uuid.UUID, *, lock: bool = False) -> Any:
    missing = not_found("project", "project_id", project_id)
    return await fetch_row(session, P.c.project_id, project_id, missing, lock=lock)


async def locked(session: AsyncSession, project_id: uuid.UUID) -> Any:
    return await _row(session, project_id, lock=True)


async def get(session: AsyncSession, project_id: uuid.UUID) -> Any:
    return await _row(session, project_id)


def out_of_order(row: Any, action: str) -> ProblemError:
    allowed = ", ".join(ALLOWED[row.stage]) or "nothing"
    return ProblemError(
        RULE_VIOLATION,
        f"'{action}' is not a step a project at stage '{row.stage}' can take (next: {allowed}).",
        rule_id="HOUS-CERT",
        clause=CLAUSES["HOUS-CERT"],
        stage=row.stage,
        allowed_actions=ALLOWED[row.stage],
    )


def _require_stage(row: Any, action: str) -> None:
    if row.stage not in STEPS[action][0]:
        raise out_of_order(row, action)


async def _check(
    session: AsyncSession,
    facts: HousingProjectFactsIn,
    as_of: date,
    params: ParameterSet,
    principal: Principal,
) -> Any:
    registry = await load_registry(session)
    require_district(registry, facts.district, law_date(as_of), "#/district")
    decision = check_project(facts.to_domain(), registry, params, as_of)
    await store_decision(session, decision, principal)
    return decision


def _party(prefix: str, party: Any, pii_key: bytes) -> dict[str, Any]:
    if party is None:
        return {f"{prefix}_name": None, f"{prefix}_uscc": None, f"{prefix}_uscc_hash": None}
    return {
        f"{prefix}_name": party.name,
        f"{prefix}_uscc": party.uscc,
        f"{prefix}_uscc_hash": lookup_hash(party.uscc, pii_key),
    }


async def create(
    session: AsyncSession,
    body: HousingProjectCreate,
    *,
    params: ParameterSet,
    principal: Principal,
    pii_key: bytes,
    today: date,
) -> uuid.UUID:
    as_of = body.as_of or today
    decision = await _check(session, body, as_of, params, principal)
    project_id = uuid.uuid4()
    now = datetime.now(UTC)
    values = {
        "project_id": project_id,
        "name": body.name,
        "district": body.district,
        "construction_mode": body.construction_mode.value,
        "land_source": body.land_source.value,
        **_party("investor", body.investor, pii_key),
        **_party("operator", body.operator, pii_key),
        **_party("builder", body.builder, pii_key),
        "stage": DRAFT,
        "facts": _facts(body),
        "check_decision_id": uuid.UUID(decision.decision_id),
        "check_outcome": decision.outcome.value,
        "plans": [p.value for p in plans_for_review(body.construction_mode)],
        "required_departments": None,
        **first_version(principal, current_request_id(), now),
    }
    await session.execute(sa.insert(P).values(**values))
    await audit.append(
        session,
        principal,
        None,
        "project.create",
        "project",
        project_id,
        None,
        _audit_view(values),
    )
    return project_id


async def _update(
    session: AsyncSession, row: Any, changes: dict[str, Any], action: str, principal: Principal
) -> None:
    changes = {**changes, "version": int(row.version) + 1, "updated_at": datetime.now(UTC)}
    await session.execute(sa.update(P).where(P.c.project_id == row.project_id).values(**changes))
    await audit.append(
        session,
        principal,
        None,
        f"project.{action}",
        "project",
        row.project_id,
        _audit_view(row),
        _audit_view({**row._asdict(), **changes}),
    )


async def _step(
    session: AsyncSession,
    row: Any,
    action: str,
    on: date,
    note: str,
    changes: dict[str, Any],
    principal: Principal,
) -> None:
    """Record the step and the project's new state; audited as `project.<action>`."""
    history = await steps_of(session, project_steps.c.project_id, row.project_id)
    to_stage = STEPS[action][1]
    now = datetime.now(UTC)
    rid = current_request_id()
    step = {
        "seq": len(history) + 1,
        "action": action,
        "from_stage": row.stage,
        "to_stage": to_stage,
        "on": on,
        "actor": actor_of(principal),
        "note": note,
    }
    await record_step(
        session,
        project_steps.c.project_id,
        row.project_id,
        step,
        created_stamp(principal, rid, now),
    )
    changes = {**changes, "stage": to_stage, "version": int(row.version) + 1, "updated_at": now}
    await session.execute(sa.update(P).where(P.c.project_id == row.project_id).values(**changes))
    await audit_step(
        session,
        principal,
        rid,
        "project",
        row.project_id,
        _audit_view(row),
        _audit_view({**row._asdict(), **changes}),
        step,
    )


async def _begin(
    session: AsyncSession, project_id: uuid.UUID, if_match: str | None, action: str
) -> Any:
    expected = parse_if_match(if_match)
    row = await _row(session, project_id, lock=True)
    require_version("project", row.version, expected)
    _require_stage(row, action)
    return row


async def update_facts(
    session: AsyncSession,
    project_id: uuid.UUID,
    body: HousingProjectFactsIn,
    as_of: date,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
) -> None:
    expected = parse_if_match(if_match)
    row = await _row(session, project_id, lock=True)
    require_version("project", row.version, expected)
    if row.stage != DRAFT:
        raise out_of_order(row, "update_facts")
    decision = await _check(session, body, as_of, params, principal)
    await _update(
        session,
        row,
        {
            "district": body.district,
            "construction_mode": body.construction_mode.value,
            "land_source": body.land_source.value,
            "facts": _facts(body),
            "check_decision_id": uuid.UUID(decision.decision_id),
            "check_outcome": decision.outcome.value,
            "plans": [p.value for p in plans_for_review(body.construction_mode)],
        },
        "update_facts",
        principal,
    )


def _optional_days(params: ParameterSet, path: str, on: date, county: str) -> int | None:
    ev = HousingEvaluation(params, on, county)
    try:
        return ev.count(path)
    except ParameterNotConfigured:
        return None


async def submit(
    session: AsyncSession,
    project_id: uuid.UUID,
    on: date,
    note: str,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> list[str]:
    """Submit for the joint review; the warnings (none so far) of the step."""
    not_in_future(on, today)
    row = await _begin(session, project_id, if_match, "submit")
    if row.check_outcome == "fail":
        decision = await load_decision(session, row.check_decision_id)
        failed = decision.failed_rules if decision else []
        first = failed[0] if failed else "HOUS-CERT"
        raise ProblemError(
            RULE_VIOLATION,
            f"The project breaks {', '.join(failed)}: correct its facts before the joint review.",
            rule_id=first,
            clause=RULES[first].clause,
            failed_rules=failed,
            decision_id=str(row.check_decision_id),
        )
    departments = list(required_departments(params, on, row.district))
    await _step(
        session,
        row,
        "submit",
        on,
        note,
        {"submitted_on": on, "required_departments": departments},
        principal,
    )
    entity = f"{PREFIX}/projects/{project_id}"
    opinion_days = _optional_days(params, REVIEW_OPINION_WORKING_DAYS, on, row.district)
    if opinion_days is not None:
        due = add_working_days(on, opinion_days)
        for d in departments:
            await dl.record(
                session,
                kind="review_opinion",
                rule_id="HOUS-CERT",
                subject=f"{row.name}：{department_name(d)}联审意见（{opinion_days}个工作日）",
                due=due,
                county=row.district,
                entity=entity,
                principal=principal,
                project_id=project_id,
                department=d,
            )
    decision_days = _optional_days(params, REVIEW_DECISION_WORKING_DAYS, on, row.district)
    if decision_days is not None:
        await dl.record(
            session,
            kind="review_decision",
            rule_id="HOUS-CERT",
            subject=f"{row.name}：出具认定书或不予认定（{decision_days}个工作日）",
            due=add_working_days(on, decision_days),
            county=row.district,
            entity=entity,
            principal=principal,
            project_id=project_id,
        )
    return []


async def opinions_of(session: AsyncSession, project_id: uuid.UUID) -> list[Any]:
    return list(
        await session.execute(
            sa.select(review_opinions)
            .where(review_opinions.c.project_id == project_id)
            .order_by(review_opinions.c.given_on, review_opinions.c.created_at)
        )
    )


def _domain_opinions(rows: list[Any]) -> list[Opinion]:
    return [Opinion(r.department, r.reviewer, r.given_on, r.agrees, r.reasons) for r in rows]


async def give_opinion(
    session: AsyncSession,
    project_id: uuid.UUID,
    body: HousingOpinionCreate,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
) -> None:
    not_in_future(body.given_on, today, "#/given_on")
    row = await _begin(session, project_id, if_match, "give_opinion")
    required = row.required_departments or []
    if body.department not in required:
        raise ProblemError(
            VALIDATION,
            f"{body.department} is not part of this project's joint review.",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/department",
                    "detail": f"the review needs opinions from: {', '.join(required)}",
                    "type": "unknown_department",
                }
            ],
        )
    if body.given_on < row.submitted_on:
        raise ProblemError(
            VALIDATION,
            f"The opinion is dated before the submission ({row.submitted_on}).",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/given_on",
                    "detail": f"must not be before {row.submitted_on}",
                    "type": "value_error",
                }
            ],
        )
    now = datetime.now(UTC)
    rid = current_request_id()
    opinion = {
        "opinion_id": uuid.uuid4(),
        "project_id": project_id,
        "department": body.department,
        "reviewer": body.reviewer,
        "given_on": body.given_on,
        "agrees": body.agrees,
        "reasons": body.reasons,
    }
    await session.execute(
        sa.insert(review_opinions).values(**opinion, **created_stamp(principal, rid, now))
    )
    verdict = "同意" if body.agrees else "不同意"
    await _step(
        session,
        row,
        "give_opinion",
        body.given_on,
        f"{department_name(body.department)}（{body.reviewer}）{verdict}"
        + (f"：{body.reasons}" if body.reasons else ""),
        {},
        principal,
    )
    await dl.close(
        session,
        [
            deadlines.c.project_id == project_id,
            deadlines.c.kind == "review_opinion",
            deadlines.c.department == body.department,
        ],
        status=dl.MET,
        on=body.given_on,
        principal=principal,
    )


async def issue_certificate(
    session: AsyncSession,
    project_id: uuid.UUID,
    body: HousingCertificateCreate,
    *,
    if_match: str | None,
    params: ParameterSet,
    principal: Principal,
    today: date,
) -> None:
    not_in_future(body.issued_on, today, "#/issued_on")
    row = await _begin(session, project_id, if_match, "issue_certificate")
    rows = await opinions_of(session, project_id)
    state = review_state(row.required_departments or [], _domain_opinions(rows))
    plans = plans_for_review(ConstructionMode(row.construction_mode))
    decision = certificate_decision(
        state,
        plans,
        number=body.number,
        issued_on=body.issued_on,
        params=params,
        county=row.district,
    )
    if not state.complete:
        finding = decision.findings[0]
        raise ProblemError(
            RULE_VIOLATION,
            finding.message_en,
            rule_id="HOUS-CERT",
            clause=CLAUSES["HOUS-CERT"],
            message_zh=finding.message_zh,
            message_en=finding.message_en,
            required_departments=list(state.required),
            missing_opinions=list(state.missing),
            disagreeing=list(state.disagreed),
        )
    latest = max((r.given_on for r in rows), default=row.submitted_on)
    if body.issued_on < latest:
        raise ProblemError(
            VALIDATION,
            f"The certificate is dated before the last opinion ({latest}).",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/issued_on",
                    "detail": f"must not be before {latest}",
                    "type": "value_error",
                }
            ],
        )
    taken = (
        await session.execute(sa.select(P.c.project_id).where(P.c.certificate_no == body.number))
    ).scalar_one_or_none()
    if taken is not None:
        raise ProblemError(
            CONFLICT, f"Certificate {body.number} is issued already.", project_id=str(taken)
        )
    await store_decision(session, decision, principal)
    try:
        async with session.begin_nested():
            await _step(
                session,
                row,
                "issue_certificate",
                body.issued_on,
                f"认定书{body.number}",
                {
                    "certificate_no": body.number,
                    "certificate_issued_on": body.issued_on,
                    "certificate_decision_id": uuid.UUID(decision.decision_id),
                },
                principal,
            )
    except IntegrityError:
        raise ProblemError(CONFLICT, f"Certificate {body.number} is issued already.") from None
    c = deadlines.c
    await dl.close(
        session,
        [c.project_id == project_id, c.kind == "review_decision"],
        status=dl.MET,
        on=body.issued_on,
        principal=principal,
    )
    await dl.close(
        session,
        [c.project_id == project_id],
        status=dl.CANCELLED,
        on=body.issued_on,
        principal=principal,
        note="certificate issued",
    )


async def close_review(
    session: AsyncSession,
    project_id: uuid.UUID,
    action: str,
    on: date,
    note: str,
    *,
    if_match: str | None,
    principal: Principal,
    today: date,
) -> None:
    """`refuse` (the leading group) or `withdraw` (the investor): the review ends."""
    not_in_future(on, today)
    row = await _begin(session, project_id, if_match, action)
    await _step(session, row, action, on, note, {"closed_on": on}, principal)
    c = deadlines.c
    if action == "refuse":
        await dl.close(
            session,
            [c.project_id == project_id, c.kind == "review_decision"],
            status=dl.MET,
            on=on,
            principal=principal,
        )
    await dl.close(
        session,
        [c.project_id == project_id],
        status=dl.CANCELLED,
        on=on,
        principal=principal,
        note=action,
    )


# ---- views ---------------------------------------------------------------------------------


def _party_out(row: Any, prefix: str) -> dict[str, Any] | None:
    name = getattr(row, f"{prefix}_name")
    return None if name is None else {"name": name, "uscc": getattr(row, f"{prefix}_uscc")}


async def project_out(session: AsyncSession, project_id: uuid.UUID) -> dict[str, Any]:
    row = await _row(session, project_id)
    decision = await load_decision(session, row.check_decision_id)
    rows = await opinions_of(session, project_id)
    required = row.required_departments or []
    state = review_state(required, _domain_opinions(rows))
    steps = await steps_of(session, project_steps.c.project_id, project_id)
    return {
        "project_id": row.project_id,
        "name": row.name,
        "district": row.district,
        "construction_mode": row.construction_mode,
        "land_source": row.land_source,
        "investor": _party_out(row, "investor"),
        "operator": _party_out(row, "operator"),
        "builder": _party_out(row, "builder"),
        "stage": row.stage,
        "facts": row.facts,
        "check": {
            "decision_id": row.check_decision_id,
            "outcome": row.check_outcome,
            "failed_rules": decision.failed_rules if decision else [],
            "as_of": decision.as_of if decision else row.created_at.date(),
        },
        "review": {
            "plans": row.plans,
            "required_departments": row.required_departments,
            "agreed": list(state.agreed),
            "disagreed": list(state.disagreed),
            "missing_opinions": list(state.missing) if row.required_departments else [],
            "opinions": [
                {
                    "opinion_id": r.opinion_id,
                    "department": r.department,
                    "department_name": department_name(r.department),
                    "reviewer": r.reviewer,
                    "given_on": r.given_on,
                    "agrees": r.agrees,
                    "reasons": r.reasons,
                    "created_at": r.created_at,
                    "created_by": r.created_by,
                }
                for r in rows
            ],
        },
        "submitted_on": row.submitted_on,
        "certificate": (
            {
                "number": row.certificate_no,
                "issued_on": row.certificate_issued_on,
                "decision_id": row.certificate_decision_id,
            }
            if row.certificate_no
            else None
        ),
        "allowed_actions": ALLOWED[row.stage],
        "steps": [step_out(s) for s in steps],
        "deadlines": await dl.of_project(session, project_id),
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def summary(row: Any) -> dict[str, Any]:
    return {
        k: getattr(row, k)
        for k in (
            "project_id",
            "name",
            "district",
            "construction_mode",
            "stage",
            "check_outcome",
            "certificate_no",
            "created_at",
        )
    }


async def list_projects(
    session: AsyncSession,
    *,
    district: str | None,
    stage: str | None,
    construction_mode: str | None,
    name: str | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (P.c.district, district),
        (P.c.stage, stage),
        (P.c.construction_mode, construction_mode),
    ):
        if value is not None:
            cond.append(column == value)
    if name is not None:
        cond.append(name_contains(P.c.name, name))
    rows, cursor = await newest_first(session, P, cond, after, limit=limit)
    return [summary(r) for r in rows], cursor


async def of_party(session: AsyncSession, party_hash: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        sa.select(P)
        .where(
            sa.or_(
                P.c.investor_uscc_hash == party_hash,
                P.c.operator_uscc_hash == party_hash,
                P.c.builder_uscc_hash == party_hash,
            )
        )
        .order_by(P.c.created_at)
    )
    return [
        {
            "project_id": r.project_id,
            "name": r.name,
            "district": r.district,
            "stage": r.stage,
            "certificate_no": r.certificate_no,
            "roles": [
                role
                for role in ("investor", "operator", "builder")
                if getattr(r, f"{role}_uscc_hash") == party_hash
            ],
        }
        for r in rows
    ]
