"""The audit table of a service's schema: appends in the caller's transaction, reads, verification.

Appends are serialised by a transaction-scoped advisory lock on the schema's chain, taken in the
same transaction as the state change being audited: the next sequence number and the previous
hash are read under the lock, so the chain is gapless (a rolled-back append frees its number) and
never forks. The service's database role may only INSERT and SELECT this table.

The session's `search_path` is the service schema (see `govkit.db.Database`), so the table is
named without a schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.audit.chain import (
    GENESIS_HASH,
    AuditRecord,
    ChainedRecord,
    ChainVerifier,
    Verification,
    link,
)
from govkit.audit.masking import mask_pii
from govkit.db import NAMING_CONVENTION
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id
from govkit.ids import mask_identifiers_in_text

SYSTEM_ACTOR = "system"
VERIFY_BATCH = 2000

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_client", sa.String(200), nullable=False),
    sa.Column("actor_user", sa.String(200)),
    sa.Column("request_id", sa.String(128)),
    sa.Column("action", sa.String(100), nullable=False),
    sa.Column("entity_type", sa.String(100), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False),
    # `json`, not `jsonb`: the text is kept as written, so the hash recomputes exactly.
    sa.Column("before", sa.JSON(none_as_null=True)),
    sa.Column("after", sa.JSON(none_as_null=True)),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
)


def _lock_statement() -> sa.TextClause:
    # One chain per schema; current_schema() is the service schema (search_path).
    return sa.text(
        "SELECT pg_advisory_xact_lock(hashtextextended('govkit.audit:' || current_schema(), 0))"
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """A stored audit entry, as the API shows it."""

    sequence: int
    time: datetime
    actor_client: str
    actor_user: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    before: Any
    after: Any
    prev_hash: str
    hash: str

    def chained(self) -> ChainedRecord:
        return ChainedRecord(
            AuditRecord(
                sequence=self.sequence,
                time=self.time,
                actor_client=self.actor_client,
                actor_user=self.actor_user,
                request_id=self.request_id,
                action=self.action,
                entity_type=self.entity_type,
                entity_id=self.entity_id,
                before=self.before,
                after=self.after,
            ),
            self.prev_hash,
            self.hash,
        )


def _entry(row: sa.Row[Any]) -> AuditEntry:
    return AuditEntry(
        sequence=row.sequence,
        time=row.occurred_at.astimezone(UTC),
        actor_client=row.actor_client,
        actor_user=row.actor_user,
        request_id=row.request_id,
        action=row.action,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def mask_entity_id(entity_id: object) -> str:
    """Entity IDs may be identity numbers (a person's record): they are masked like the rest."""
    return mask_identifiers_in_text(str(entity_id))


@dataclass(frozen=True, slots=True)
class AuditFilter:
    entity_type: str | None = None
    entity_id: str | None = None
    actor: str | None = None  # client ID or user
    action: str | None = None
    time_from: datetime | None = None
    time_to: datetime | None = None  # exclusive


class AuditLog:
    """The audit table seen through one session (and so one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(
        self,
        principal: Principal | None,
        request_id: str | None,
        action: str,
        entity_type: str,
        entity_id: object,
        before: Any = None,
        after: Any = None,
    ) -> AuditEntry:
        """Append one record in the session's transaction (it commits or rolls back with it).

        `before`/`after` are snapshots of the entity (dicts, dataclasses, pydantic models…);
        identity numbers in them are masked. `request_id` None means the current request's.
        `principal` None means the service itself (`system`).
        """
        await self.session.execute(_lock_statement())
        head = (
            await self.session.execute(
                sa.select(audit_log.c.sequence, audit_log.c.hash)
                .order_by(audit_log.c.sequence.desc())
                .limit(1)
            )
        ).first()
        sequence, prev_hash = (head.sequence + 1, head.hash) if head else (1, GENESIS_HASH)
        record = AuditRecord(
            sequence=sequence,
            time=datetime.now(UTC),
            actor_client=principal.client_id if principal else SYSTEM_ACTOR,
            actor_user=principal.user if principal else None,
            request_id=request_id if request_id is not None else current_request_id(),
            action=action,
            entity_type=entity_type,
            entity_id=mask_entity_id(entity_id),
            before=mask_pii(before),
            after=mask_pii(after),
        )
        chained = link(prev_hash, record)
        entry = AuditEntry(
            sequence=record.sequence,
            time=record.time,
            actor_client=record.actor_client,
            actor_user=record.actor_user,
            request_id=record.request_id,
            action=record.action,
            entity_type=record.entity_type,
            entity_id=record.entity_id,
            before=record.before,
            after=record.after,
            prev_hash=chained.prev_hash,
            hash=chained.hash,
        )
        row = {f: getattr(entry, f) for f in entry.__slots__ if f != "time"}
        await self.session.execute(audit_log.insert().values(occurred_at=entry.time, **row))
        return entry

    async def head(self) -> tuple[int, str]:
        """(sequence, hash) of the last entry; (0, GENESIS_HASH) when the log is empty."""
        row = (
            await self.session.execute(
                sa.select(audit_log.c.sequence, audit_log.c.hash)
                .order_by(audit_log.c.sequence.desc())
                .limit(1)
            )
        ).first()
        return (row.sequence, row.hash) if row else (0, GENESIS_HASH)

    async def get(self, sequence: int) -> AuditEntry | None:
        row = (
            await self.session.execute(sa.select(audit_log).where(audit_log.c.sequence == sequence))
        ).first()
        return _entry(row) if row else None

    async def page(
        self,
        flt: AuditFilter,
        *,
        limit: int,
        after_sequence: int | None = None,
        descending: bool = True,
    ) -> list[AuditEntry]:
        """Entries matching `flt`, keyset-paged by sequence (newest first by default)."""
        q = sa.select(audit_log)
        if flt.entity_type:
            q = q.where(audit_log.c.entity_type == flt.entity_type)
        if flt.entity_id:
            q = q.where(audit_log.c.entity_id == mask_entity_id(flt.entity_id))
        if flt.actor:
            q = q.where(
                sa.or_(audit_log.c.actor_client == flt.actor, audit_log.c.actor_user == flt.actor)
            )
        if flt.action:
            q = q.where(audit_log.c.action == flt.action)
        if flt.time_from:
            q = q.where(audit_log.c.occurred_at >= flt.time_from)
        if flt.time_to:
            q = q.where(audit_log.c.occurred_at < flt.time_to)
        if after_sequence is not None:
            q = q.where(
                audit_log.c.sequence < after_sequence
                if descending
                else audit_log.c.sequence > after_sequence
            )
        order = audit_log.c.sequence.desc() if descending else audit_log.c.sequence.asc()
        rows = (await self.session.execute(q.order_by(order).limit(limit))).all()
        return [_entry(r) for r in rows]

    async def stream(self, *, batch: int = VERIFY_BATCH) -> AsyncIterator[Sequence[AuditEntry]]:
        """Every entry in sequence order, in batches (keyset paging, bounded memory)."""
        after = 0
        while True:
            rows = (
                await self.session.execute(
                    sa.select(audit_log)
                    .where(audit_log.c.sequence > after)
                    .order_by(audit_log.c.sequence)
                    .limit(batch)
                )
            ).all()
            if not rows:
                return
            entries = [_entry(r) for r in rows]
            yield entries
            after = entries[-1].sequence

    async def verify(self, *, batch: int = VERIFY_BATCH) -> Verification:
        """Walk the whole chain; names the first broken sequence, if any."""
        verifier = ChainVerifier()
        async for entries in self.stream(batch=batch):
            if not verifier.feed(e.chained() for e in entries):
                break
        return verifier.result()


async def append(
    session: AsyncSession,
    principal: Principal | None,
    request_id: str | None,
    action: str,
    entity_type: str,
    entity_id: object,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append an audit record in `session`'s transaction: call it next to the state change.

    The chain's lock is held from here until the transaction ends, so audited writes serialise
    from this point: append as the use case's last write (after its row locks), which keeps the
    serialised section short and the lock order the same everywhere (no deadlocks).

    await audit.append(session, principal, None, "application.submit", "application",
                       app_id, before=None, after=application)
    """
    return await AuditLog(session).append(
        principal, request_id, action, entity_type, entity_id, before, after
    )
