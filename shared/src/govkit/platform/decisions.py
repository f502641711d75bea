"""Stored decisions: what was decided, on which day's law, by which rules and parameters.

A use case that decides (and so changes state) calls `store_decision(session, decision,
principal)` in its transaction; the decision is stored (identity numbers masked) and audited.
`GET /<service>/v1/decisions/{decision_id}` returns it with its findings, `as_of`, rules version,
parameters used and trace.

The insert runs on the session's asyncpg connection with the JSON encoded by orjson (decisions
are stored on every settlement; the ORM's statement building and stdlib JSON cost ~1 ms).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.audit.masking import jsonable, mask_pii
from govkit.db import SessionDep, driver_connection
from govkit.http.auth import Principal, requires
from govkit.http.problem import NOT_FOUND, ProblemError
from govkit.http.request_id import current_request_id
from govkit.platform.problems import problem_doc
from govkit.platform.tables import decisions
from govkit.rules import Decision


class FindingOut(BaseModel):
    rule_id: str
    clause: str = Field(description="条款 The clause the rule encodes")
    outcome: str = Field(description="pass, fail, warn, declared or not_applicable")
    message_zh: str
    message_en: str
    facts: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)


class DecisionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "decision_id": "6f1c2a9e-3b8e-4d0a-9a57-0c1d2e3f4a5b",
                    "subject": "medical.settlement",
                    "outcome": "pass",
                    "failed_rules": [],
                    "as_of": "2026-03-01",
                    "rules_version": "2026.1",
                    "findings": [
                        {
                            "rule_id": "MED-ASSIST-RATIO",
                            "clause": "温政办〔2022〕1号 三（三）9",
                            "outcome": "pass",
                            "message_zh": "救助比例80%",
                            "message_en": "assistance ratio 80%",
                            "facts": {},
                            "parameters": {"medical.assistance.ratio": "0.80"},
                        }
                    ],
                    "parameters_used": {"medical.assistance.ratio": "0.80"},
                    "trace": [],
                    "warnings": [],
                    "result": {},
                    "created_at": "2026-03-01T02:00:00Z",
                    "created_by": "front-end",
                }
            ]
        }
    )

    decision_id: uuid.UUID
    subject: str
    outcome: str
    failed_rules: list[str]
    as_of: date = Field(description="适用法律的日期 The day the law was applied at")
    rules_version: str
    findings: list[FindingOut]
    parameters_used: dict[str, Any] = Field(
        description="Parameters used, with their values, effective dates and citations"
    )
    trace: list[Any]
    warnings: list[Any]
    result: dict[str, Any]
    created_at: datetime
    created_by: str
    request_id: str | None = None


_INSERT = (
    "INSERT INTO decisions (decision_id, subject, outcome, as_of, rules_version, findings, "
    "parameters_used, trace, warnings, result, created_at, created_by, created_by_user, "
    "request_id) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8::text::jsonb, "
    "$9::text::jsonb, $10::text::jsonb, $11, $12, $13, $14)"
)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def store_decision(
    session: AsyncSession,
    decision: Decision,
    principal: Principal | None,
    *,
    audited: bool = True,
) -> uuid.UUID:
    """Store `decision` in the session's transaction (and audit it unless `audited=False`)."""
    try:
        decision_id = uuid.UUID(str(decision.decision_id))
    except ValueError:
        raise ValueError(f"decision_id must be a UUID, got {decision.decision_id!r}") from None
    data = decision.as_dict()
    conn = await driver_connection(session)
    await conn.execute(
        _INSERT,
        decision_id,
        decision.subject,
        decision.outcome.value,
        decision.as_of,
        decision.rules_version,
        _json(mask_pii(data["findings"])),
        _json(jsonable(data["parameters_used"])),
        _json(mask_pii(data["trace"])),
        _json(mask_pii(data["warnings"])),
        _json(mask_pii(data["result"])),
        datetime.now(UTC),
        principal.client_id if principal else audit.SYSTEM_ACTOR,
        principal.user if principal else None,
        current_request_id(),
    )
    if audited:
        await audit.append(
            session,
            principal,
            None,
            "decision.record",
            "decision",
            decision_id,
            None,
            {
                "subject": decision.subject,
                "outcome": decision.outcome.value,
                "failed_rules": decision.failed_rules,
                "as_of": decision.as_of,
                "rules_version": decision.rules_version,
            },
        )
    return decision_id


async def load_decision(session: AsyncSession, decision_id: uuid.UUID) -> DecisionOut | None:
    row = (
        await session.execute(sa.select(decisions).where(decisions.c.decision_id == decision_id))
    ).first()
    if row is None:
        return None
    findings = [FindingOut.model_validate(f) for f in row.findings]
    return DecisionOut(
        decision_id=row.decision_id,
        subject=row.subject,
        outcome=row.outcome,
        failed_rules=[f.rule_id for f in findings if f.outcome == "fail"],
        as_of=row.as_of,
        rules_version=row.rules_version,
        findings=findings,
        parameters_used=row.parameters_used,
        trace=row.trace,
        warnings=row.warnings,
        result=row.result,
        created_at=row.created_at,
        created_by=row.created_by,
        request_id=row.request_id,
    )


def decisions_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1", tags=["decisions"])

    @router.get(
        "/decisions/{decision_id}",
        response_model=DecisionOut,
        summary="查询决定 A stored decision",
        description="已保存的决定：各规则结论、适用日期、规则版本、所用参数及计算过程。 A stored "
        "decision with its findings, as_of, rules version, parameters used and trace.",
        responses=problem_doc(NOT_FOUND),
    )
    async def get_decision(
        decision_id: Annotated[uuid.UUID, Path(description="The decision's ID")],
        session: SessionDep,
        _: Principal = requires(f"{service}:read"),
    ) -> DecisionOut:
        found = await load_decision(session, decision_id)
        if found is None:
            raise ProblemError(
                NOT_FOUND, f"No decision {decision_id} in {service}.", decision_id=str(decision_id)
            )
        return found

    return router
