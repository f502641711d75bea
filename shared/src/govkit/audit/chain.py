"""The audit hash chain, pure: canonical JSON, record hashes and chain verification.

Each record's `hash = SHA-256(prev_hash ‖ canonical JSON of the record)`, hex-encoded, where
`prev_hash` is the previous record's hash (64 zeros for the first record) as ASCII, and the
canonical JSON is the record's fields with keys sorted, no insignificant whitespace, UTF-8
(orjson with OPT_SORT_KEYS). `time` is UTC with microseconds and a `Z` suffix. Anyone holding the
rows can recompute the chain; a signed checkpoint of the head (see `signing`) pins it from outside.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


def format_time(moment: datetime) -> str:
    """UTC, microseconds, `Z`: the only time format that enters a hash."""
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit entry's content: everything the hash covers except `prev_hash` itself."""

    sequence: int
    time: datetime
    actor_client: str
    actor_user: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    before: Any  # JSON value (already masked)
    after: Any

    def canonical(self) -> bytes:
        return canonical_json(
            {
                "sequence": self.sequence,
                "time": format_time(self.time),
                "actor_client": self.actor_client,
                "actor_user": self.actor_user,
                "request_id": self.request_id,
                "action": self.action,
                "entity_type": self.entity_type,
                "entity_id": self.entity_id,
                "before": self.before,
                "after": self.after,
            }
        )


@dataclass(frozen=True, slots=True)
class ChainedRecord:
    """A stored entry: the record plus its link (`prev_hash`) and its `hash`."""

    record: AuditRecord
    prev_hash: str
    hash: str


def canonical_json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def canonical_head(
    *,
    actor_client: str,
    actor_user: str | None,
    request_id: str | None,
    action: str,
    entity_type: str,
    entity_id: str,
    before: Any,
    after: Any,
) -> bytes:
    """A record's canonical JSON up to its sequence number: `{"action":…,"sequence":`.

    The keys sort with `sequence` and `time` last, so the whole canonical JSON is this head, the
    sequence, `,"time":"…"}` — which lets the database complete the hash once it has assigned
    the sequence and the time (see `govkit.audit.store`).
    """
    rest = canonical_json(
        {
            "action": action,
            "actor_client": actor_client,
            "actor_user": actor_user,
            "after": after,
            "before": before,
            "entity_id": entity_id,
            "entity_type": entity_type,
            "request_id": request_id,
        }
    )
    return rest[:-1] + b',"sequence":'


def canonical_tail(sequence: int, moment: datetime) -> bytes:
    """What follows `canonical_head`: the sequence, the time and the closing brace."""
    return b"%d" % sequence + b',"time":' + orjson.dumps(format_time(moment)) + b"}"


def chain_hash(prev_hash: str, record: AuditRecord) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + record.canonical()).hexdigest()


def link(prev_hash: str, record: AuditRecord) -> ChainedRecord:
    return ChainedRecord(record, prev_hash, chain_hash(prev_hash, record))


@dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    checked: int
    first_broken_sequence: int | None
    reason: str | None
    head_sequence: int
    head_hash: str


class ChainVerifier:
    """Walks stored entries in sequence order (fed in batches) and names the first broken link.

    A link is broken when its sequence is not the next number (a deleted or inserted row), its
    `prev_hash` is not the previous entry's hash (a re-ordered or re-linked row), or its `hash`
    is not the hash of its content (an edited row).
    """

    def __init__(self, *, after_sequence: int = 0, after_hash: str = GENESIS_HASH) -> None:
        self.expected_sequence = after_sequence + 1
        self.prev_hash = after_hash
        self.checked = 0
        self.first_broken: int | None = None
        self.reason: str | None = None
        self.head_sequence = after_sequence
        self.head_hash = after_hash

    @property
    def broken(self) -> bool:
        return self.first_broken is not None

    def _break(self, sequence: int, reason: str) -> None:
        if self.first_broken is None:
            self.first_broken, self.reason = sequence, reason

    def feed(self, entries: Iterable[ChainedRecord]) -> bool:
        """Check the next entries; returns False once the chain is broken (stop feeding)."""
        for entry in entries:
            if self.broken:
                return False
            seq = entry.record.sequence
            self.checked += 1
            if seq != self.expected_sequence:
                self._break(
                    min(seq, self.expected_sequence),
                    f"sequence {self.expected_sequence} expected, found {seq}",
                )
            elif entry.prev_hash != self.prev_hash:
                self._break(seq, "prev_hash does not match the previous record's hash")
            elif chain_hash(entry.prev_hash, entry.record) != entry.hash:
                self._break(seq, "hash does not match the record's content")
            self.expected_sequence = seq + 1
            self.prev_hash = entry.hash
            self.head_sequence, self.head_hash = seq, entry.hash
        return not self.broken

    def result(self) -> Verification:
        return Verification(
            valid=not self.broken,
            checked=self.checked,
            first_broken_sequence=self.first_broken,
            reason=self.reason,
            head_sequence=self.head_sequence,
            head_hash=self.head_hash,
        )


def verify_chain(entries: Iterable[ChainedRecord]) -> Verification:
    verifier = ChainVerifier()
    verifier.feed(entries)
    return verifier.result()
