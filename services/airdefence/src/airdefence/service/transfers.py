"""Transfers of a registered works (AD-TRANSFER): the owner's bankruptcy liquidation or a
transfer of registration. The receiver becomes the owner and takes over the open duties; a
transfer of registration is recorded as a registration of its own."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from airdefence.api.peacetime_schemas import WorksTransferCreate
from airdefence.db.tables import registrations, transfers
from airdefence.domain import evaluate_transfer
from airdefence.service.duties import move_open_duties
from airdefence.service.peacetime import require_registered
from airdefence.service.works import get_row, locked_at_version, not_in_future, save
from govkit.http.auth import Principal
from govkit.platform.decisions import store_decision
from govkit.rules import ParameterSet
from govkit.store.rows import created_stamp


async def owner_since(session: AsyncSession, works_id: uuid.UUID, registered_on: date) -> date:
    """When the current owner's title began: the first registration or the last transfer."""
    last = await session.scalar(
        sa.select(sa.func.max(transfers.c.transferred_on)).where(transfers.c.works_id == works_id)
    )
    return max(registered_on, last) if last is not None else registered_on


async def transfer(
    session: AsyncSession,
    works_id: uuid.UUID,
    body: WorksTransferCreate,
    *,
    if_match: str | None,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    not_in_future(body.transferred_on, today, "#/transferred_on")
    before = await locked_at_version(session, works_id, if_match)
    row = await get_row(session, works_id)
    require_registered(row, "transfer")
    decision = evaluate_transfer(
        body.kind,
        on=body.transferred_on,
        owner_uscc=before["owner_uscc"],
        receiver_uscc=body.receiver.uscc,
        receiver_name=body.receiver.name,
        owner_since=await owner_since(session, works_id, before["registered_on"]),
        params=params,
        region=before["county"],
    )
    decision_id = await store_decision(session, decision, principal)
    now = datetime.now(UTC)
    stamp = created_stamp(principal, request_id, now)
    if body.certificate_no is not None:
        await session.execute(
            sa.insert(registrations).values(
                registration_id=uuid.uuid4(),
                works_id=works_id,
                kind="transfer",
                registered_on=body.transferred_on,
                certificate_no=body.certificate_no,
                owner_uscc=body.receiver.uscc,
                owner_name=body.receiver.name,
                subject="transfer_receiver",
                basis=body.document,
                decision_id=decision_id,
                **stamp,
            )
        )
    moved = await move_open_duties(
        session,
        works_id,
        {"uscc": body.receiver.uscc, "name": body.receiver.name},
        principal=principal,
        request_id=request_id,
    )
    transfer_id = uuid.uuid4()
    await session.execute(
        sa.insert(transfers).values(
            transfer_id=transfer_id,
            works_id=works_id,
            kind=body.kind.value,
            transferred_on=body.transferred_on,
            from_uscc=before["owner_uscc"],
            from_name=before["owner_name"],
            to_uscc=body.receiver.uscc,
            to_name=body.receiver.name,
            document=body.document,
            certificate_no=body.certificate_no,
            duties_moved=moved,
            decision_id=decision_id,
            note=body.note,
            **stamp,
        )
    )
    changes: dict[str, Any] = {"owner_uscc": body.receiver.uscc, "owner_name": body.receiver.name}
    if body.certificate_no is not None:
        changes["registration_certificate"] = body.certificate_no
    await save(
        session,
        before,
        changes,
        action="works.transfer",
        principal=principal,
        request_id=request_id,
        detail={"transfer_id": str(transfer_id), "kind": body.kind.value, "duties_moved": moved},
    )
    return transfer_id


def transfer_out(r: Any) -> dict[str, Any]:
    return {
        "transfer_id": r.transfer_id,
        "works_id": r.works_id,
        "kind": r.kind,
        "transferred_on": r.transferred_on,
        "from_owner": {"uscc": r.from_uscc, "name": r.from_name},
        "receiver": {"uscc": r.to_uscc, "name": r.to_name},
        "document": r.document,
        "certificate_no": r.certificate_no,
        "duties_moved": r.duties_moved,
        "decision_id": r.decision_id,
        "note": r.note,
        "created_at": r.created_at,
        "created_by": r.created_by,
    }


async def transfers_of(session: AsyncSession, works_id: uuid.UUID) -> list[dict[str, Any]]:
    await get_row(session, works_id)
    rows = await session.execute(
        sa.select(transfers).where(transfers.c.works_id == works_id).order_by(transfers.c.seq)
    )
    return [transfer_out(r) for r in rows]
