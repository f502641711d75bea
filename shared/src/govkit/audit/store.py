"""The audit table of a service's schema: appends in the caller's transaction, reads, verification.

Appends are serialised by a transaction-scoped advisory lock on the schema's chain, taken in the
same transaction as the state change being audited: the next sequence number and the previous
hash are read under the lock, so the chain is gapless (a rolled-back append frees its number) and
never forks. The service's database role may only INSERT and SELECT this table.

An append is two statements on the session's asyncpg connection: the lock, then one INSERT that
reads the head (its snapshot is taken after the lock was granted, so it sees the last committed
record), takes the time, and completes the hash in SQL from the canonical JSON the caller sends
up to the sequence number (`chain.canonical_head`). The hash is the same SHA-256 of the same
bytes as ever; the returned link is checked against Python's own computation, so a database
that formatted anything differently would fail the append rather than store a broken link.

The session's `search_path` is the service schema (see `govkit.db.Database`), so the table is
named without a schema.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from govkit.audit.chain import (
    GENESIS_HASH,
    AuditRecord,
    ChainedRecord,
    ChainVerifier,
    Verification,
    canonical_head,
    canonical_tail,
)
from govkit.audit.linking import PENDING_INSERT, hash_sql, lock_key
from govkit.audit.masking import mask_pii, mask_text
from govkit.db import NAMING_CONVENTION, driver_connection
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id

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


# One chain per schema; current_schema() is the service schema (search_path).
_LOCK = f"SELECT pg_advisory_xact_lock({lock_key('current_schema()')})"
# $9 is the canonical JSON up to the sequence number (see `govkit.audit.linking`).
_APPEND = f"""
WITH head AS (
    SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1
), link AS (
    SELECT coalesce((SELECT sequence FROM head), 0) + 1 AS sequence,
           coalesce((SELECT hash FROM head), '{GENESIS_HASH}') AS prev_hash,
           clock_timestamp() AS occurred_at
)
INSERT INTO audit_log (sequence, occurred_at, actor_client, actor_user, request_id, action,
                       entity_type, entity_id, before, after, prev_hash, hash)
SELECT sequence, occurred_at, $1, $2, $3, $4, $5, $6, $7::text::json, $8::text::json, prev_hash,
       {hash_sql("prev_hash", "$9::bytea", "sequence", "occurred_at")}
FROM link
RETURNING sequence, occurred_at, prev_hash, hash
"""  # noqa: S608 (constants only)
_HAS_PENDING = "SELECT to_regclass('audit_pending') IS NOT NULL"
# Whether a connection's schema links at commit, asked once per pooled connection.
_links_at_commit: weakref.WeakKeyDictionary[asyncpg.Connection, bool] = weakref.WeakKeyDictionary()


def _json_text(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A record's masked content and its canonical JSON up to the sequence number."""

    actor_client: str
    actor_user: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    before: Any
    after: Any
    head: bytes

    @classmethod
    def of(
        cls,
        principal: Principal | None,
        request_id: str | None,
        action: str,
        entity_type: str,
        entity_id: object,
        before: Any,
        after: Any,
    ) -> _Prepared:
        actor_client = principal.client_id if principal else SYSTEM_ACTOR
        actor_user = principal.user if principal else None
        request_id = request_id if request_id is not None else current_request_id()
        masked_id = mask_entity_id(entity_id)
        masked_before, masked_after = mask_pii(before), mask_pii(after)
        head = canonical_head(
            actor_client=actor_client,
            actor_user=actor_user,
            request_id=request_id,
            action=action,
            entity_type=entity_type,
            entity_id=masked_id,
            before=masked_before,
            after=masked_after,
        )
        return cls(
            actor_client,
            actor_user,
            request_id,
            action,
            entity_type,
            masked_id,
            masked_before,
            masked_after,
            head,
        )

    def parameters(self) -> tuple[Any, ...]:
        """$1…$9 of `_APPEND` and of `linking.PENDING_INSERT`."""
        return (
            self.actor_client,
            self.actor_user,
            self.request_id,
            self.action,
            self.entity_type,
            self.entity_id,
            _json_text(self.before),
            _json_text(self.after),
            self.head,
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
    return mask_text(str(entity_id))


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
        r = _Prepared.of(principal, request_id, action, entity_type, entity_id, before, after)
        conn = await driver_connection(self.session)
        await conn.execute(_LOCK)
        row = await conn.fetchrow(_APPEND, *r.parameters())
        assert row is not None
        sequence, moment = row["sequence"], row["occurred_at"].astimezone(UTC)
        prev_hash = row["prev_hash"]
        expected = hashlib.sha256(
            prev_hash.encode("ascii") + r.head + canonical_tail(sequence, moment)
        ).hexdigest()
        if row["hash"] != expected:  # rolls the transaction back: no broken link is stored
            raise RuntimeError(f"audit record {sequence}: the database computed another hash")
        return AuditEntry(
            sequence=sequence,
            time=moment,
            actor_client=r.actor_client,
            actor_user=r.actor_user,
            request_id=r.request_id,
            action=action,
            entity_type=entity_type,
            entity_id=r.entity_id,
            before=r.before,
            after=r.after,
            prev_hash=prev_hash,
            hash=expected,
        )

    async def append_at_commit(
        self,
        principal: Principal | None,
        request_id: str | None,
        action: str,
        entity_type: str,
        entity_id: object,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Append one record, linked into the chain as the session's transaction commits.

        Same record, same hash as `append`, in the same transaction; the difference is when the
        chain lock is taken (see `govkit.audit.linking`). Linked at once — as `append` does —
        where the schema is not migrated for it, or inside a savepoint (whose release is not a
        commit: tests that roll back afterwards, for one).
        """
        conn = await driver_connection(self.session)
        linked_at_commit = _links_at_commit.get(conn)
        if linked_at_commit is None:
            linked_at_commit = bool(await conn.fetchval(_HAS_PENDING))
            _links_at_commit[conn] = linked_at_commit
        if not linked_at_commit or self.session.in_nested_transaction():
            await self.append(principal, request_id, action, entity_type, entity_id, before, after)
            return
        r = _Prepared.of(principal, request_id, action, entity_type, entity_id, before, after)
        await conn.execute(PENDING_INSERT, *r.parameters())

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


async def append_at_commit(
    session: AsyncSession,
    principal: Principal | None,
    request_id: str | None,
    action: str,
    entity_type: str,
    entity_id: object,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append an audit record in `session`'s transaction, linked into the chain at its commit.

    For hot paths whose caller needs no sequence number or hash back: the schema's chain lock is
    then held only while the commit links the record and flushes, not for the rest of the
    request. Falls back to `append` where the schema has no `audit_pending` table (see
    `govkit.audit.linking`).
    """
    await AuditLog(session).append_at_commit(
        principal, request_id, action, entity_type, entity_id, before, after
    )
