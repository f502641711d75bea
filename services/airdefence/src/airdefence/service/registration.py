"""The registration authority's acts: the builder's free handover and the first registration.

Registration runs the ownership rules on the stored facts as of the registration day and is
refused, naming the rule, when they refuse it: works not transferred for now
(AD-OWN-COLLECTIVE), works this policy does not register (AD-OWN-STATE), before completion
acceptance or without the land supply plan's statement (AD-REG-ACCEPTANCE), before the free
handover or in another's name than the rules give (AD-REG-SUBJECT). The decision it rests on is
stored (GET …/decisions/{id}).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.works_schemas import WorksHandoverCreate, WorksRegistrationCreate
from airdefence.db.tables import handovers, registrations
from airdefence.domain import (
    AirDefenceDomainError,
    BuilderCategory,
    Ownership,
    RegistrationSubject,
    evaluate_ownership,
)
from airdefence.domain import parameters as p
from airdefence.service.duties import move_open_duties
from airdefence.service.works import (
    handover_of,
    locked_at_version,
    not_in_future,
    ownership_facts,
    save,
    status_of,
)
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, ProblemError
from govkit.platform.decisions import store_decision
from govkit.rules import Decision, Outcome, ParameterSet
from govkit.store.rows import created_stamp

S = RegistrationSubject


def _refuse(rule_id: str, zh: str, en: str, pointer: str | None = None, **facts: Any) -> None:
    raise AirDefenceDomainError(rule_id, zh, en, facts, pointer=pointer)


async def record_handover(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksHandoverCreate,
    *,
    if_match: str | None,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> int:
    """The builder's free handover to the designated enterprise, where AD-REG-SUBJECT requires it."""
    not_in_future(body.handed_over_on, today, "#/handed_over_on")
    before = await locked_at_version(session, works_id, if_match)
    if before["handed_over_on"] is not None:
        raise ProblemError(
            CONFLICT,
            f"The handover is recorded already ({before['handed_over_on']}).",
            handed_over_on=str(before["handed_over_on"]),
        )
    result, _ = evaluate_ownership(ownership_facts(before), params, today, before["county"])
    if result.ownership is not Ownership.STATE or not result.handover_required:
        subject = result.subject.value if result.subject else "none"
        _refuse(
            "AD-REG-SUBJECT",
            "该工程无需无偿移交：其登记主体不是属地政府确定的国有全资企业。",
            "This works takes no handover: AD-REG-SUBJECT registers it to "
            f"{subject}, not to a designated enterprise.",
            ownership=result.ownership.value,
            registration_subject=subject,
        )
    if not body.free_of_charge:
        _refuse(
            "AD-REG-SUBJECT",
            "建设单位应无偿移交。",
            "The builder hands the works over free of charge (无偿移交).",
            "#/free_of_charge",
        )
    if body.receiver.uscc == before["builder_uscc"]:
        _refuse(
            "AD-REG-SUBJECT",
            "接收方不能是建设单位本身。",
            "The receiver cannot be the builder itself.",
            "#/receiver/uscc",
        )
    now = datetime.now(UTC)
    handover = {
        "handover_id": uuid.uuid4(),
        "works_id": works_id,
        "handed_over_on": body.handed_over_on,
        "from_uscc": before["builder_uscc"],
        "from_name": before["builder_name"],
        "to_uscc": body.receiver.uscc,
        "to_name": body.receiver.name,
        "designation_document": body.designation_document,
        "free_of_charge": True,
        "note": body.note,
        **created_stamp(principal, request_id, now),
    }
    await session.execute(sa.insert(handovers).values(**handover))
    await move_open_duties(
        session,
        works_id,
        {"uscc": body.receiver.uscc, "name": body.receiver.name},
        principal=principal,
        request_id=request_id,
    )
    changes = {
        "handed_over_on": body.handed_over_on,
        "status": status_of(before["accepted_on"], body.handed_over_on, None),
    }
    return await save(
        session,
        before,
        changes,
        action="works.handover",
        principal=principal,
        request_id=request_id,
        detail={
            "handover": {k: handover[k] for k in ("to_uscc", "to_name", "designation_document")}
        },
    )


def _failed(decision: Decision, rule_id: str) -> str | None:
    for f in decision.findings:
        if f.rule_id == rule_id and f.outcome is Outcome.FAIL:
            return f.message_en
    return None


async def register(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksRegistrationCreate,
    *,
    if_match: str | None,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> int:
    """First registration, when the rules allow it on the registration day and in the name
    they give."""
    not_in_future(body.registered_on, today, "#/registered_on")
    before = await locked_at_version(session, works_id, if_match)
    if before["registered_on"] is not None:
        raise ProblemError(
            CONFLICT,
            f"The works is registered already ({before['registered_on']}).",
            registered_on=str(before["registered_on"]),
        )
    result, ev = evaluate_ownership(
        ownership_facts(before), params, body.registered_on, before["county"]
    )
    if result.ownership is Ownership.NOT_TRANSFERRED:
        _refuse(
            "AD-OWN-COLLECTIVE",
            "集体所有土地及村集体留地村自建项目的人防工程暂不移交及确权。",
            "Works of projects on collective land or of villages' self-built projects on "
            "retained land are not transferred or registered for now.",
        )
    if result.ownership is Ownership.NOT_DETERMINED:
        _refuse(
            "AD-OWN-STATE",
            "本方案仅对依法结建、无偿归国家所有的人防工程办理首次登记。",
            "Only works built under the 结建 obligation, the state's free of charge, are "
            "registered under this policy.",
        )
    decision = ev.decision("airdefence.registration", result.as_dict())
    why = _failed(decision, "AD-REG-ACCEPTANCE")
    if why:
        _refuse("AD-REG-ACCEPTANCE", "不能办理首次登记。", why, "#/registered_on")
    why = _failed(decision, "AD-REG-SUBJECT")
    if why:
        _refuse("AD-REG-SUBJECT", "尚未完成无偿移交，不能登记在国有全资企业名下。", why)
    subject, warnings = await _subject_and_owner(
        session, before, body, result.subject, result.subject_candidates, ev
    )
    decision = dataclasses.replace(
        decision,
        result={**decision.result, "registration_subject": subject.value},
        warnings=(*decision.warnings, *warnings),
    )
    decision_id = await store_decision(session, decision, principal)
    now = datetime.now(UTC)
    await session.execute(
        sa.insert(registrations).values(
            registration_id=uuid.uuid4(),
            works_id=works_id,
            kind="first",
            registered_on=body.registered_on,
            certificate_no=body.certificate_no,
            owner_uscc=body.owner.uscc,
            owner_name=body.owner.name,
            subject=subject.value,
            basis=body.basis,
            decision_id=decision_id,
            **created_stamp(principal, request_id, now),
        )
    )
    await move_open_duties(
        session,
        works_id,
        {"uscc": body.owner.uscc, "name": body.owner.name},
        principal=principal,
        request_id=request_id,
    )
    changes = {
        "registered_on": body.registered_on,
        "registration_certificate": body.certificate_no,
        "owner_uscc": body.owner.uscc,
        "owner_name": body.owner.name,
        "registration_subject": subject.value,
        "status": "registered",
    }
    return await save(
        session,
        before,
        changes,
        action="works.registration",
        principal=principal,
        request_id=request_id,
        detail={"decision_id": str(decision_id)},
    )


async def _subject_and_owner(
    session: AsyncSession,
    row: dict[str, Any],
    body: WorksRegistrationCreate,
    subject: RegistrationSubject | None,
    candidates: tuple[RegistrationSubject, ...],
    ev: Any,
) -> tuple[RegistrationSubject, tuple[str, ...]]:
    """The subject applied (the rules' own, or the authority's choice where two clauses both
    apply) and the owner it names; anything else is refused naming AD-REG-SUBJECT."""
    if subject is None:  # a conflict: the authority chooses one candidate and says why
        if body.subject not in candidates:
            _refuse(
                "AD-REG-SUBJECT",
                "两项登记主体规定同时适用：须在 subject 中选定其一（builder 或 city_development_group）并说明依据。",
                "Two clauses of AD-REG-SUBJECT apply: choose `subject` (builder or "
                "city_development_group) and give the `basis`.",
                "#/subject",
            )
        if not body.basis:
            _refuse(
                "AD-REG-SUBJECT",
                "选定登记主体须说明依据。",
                "A chosen subject needs its basis.",
                "#/basis",
            )
        assert body.subject is not None
        subject = body.subject
    elif body.subject is not None and body.subject is not subject:
        _refuse(
            "AD-REG-SUBJECT",
            f"登记主体应为{subject.value}。",
            f"AD-REG-SUBJECT gives {subject.value}, not {body.subject.value}.",
            "#/subject",
        )
    warnings: tuple[str, ...] = ()
    expected: str | None
    if subject is S.BUILDER:
        expected = row["builder_uscc"]
    elif subject is S.DESIGNATED_STATE_ENTERPRISE:
        handover = await handover_of(session, row["works_id"])
        expected = handover.to_uscc if handover is not None else None
    elif row["builder_category"] == BuilderCategory.CITY_DEVELOPMENT_GROUP.value:
        expected = row["builder_uscc"]
    else:
        expected = ev.optional_text(p.CITY_DEVELOPMENT_GROUP_USCC)
        if expected is None:
            warnings = (
                "市城发集团的统一社会信用代码未配置，按登记机构所填产权人登记。 / 市城发集团's USCC "
                f"is not configured ({p.CITY_DEVELOPMENT_GROUP_USCC}): the owner is registered "
                "as the registration authority names it.",
            )
    if expected is not None and body.owner.uscc != expected:
        _refuse(
            "AD-REG-SUBJECT",
            "登记的产权人与登记主体规定不符。",
            f"AD-REG-SUBJECT registers this works to {subject.value}: the owner's code is not "
            "that party's.",
            "#/owner/uscc",
            subject=subject.value,
        )
    return subject, warnings
