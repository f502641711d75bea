"""Audit trail: a hash chain per service schema, appended in the same transaction as the change.

    from govkit import audit

    await audit.append(session, principal, None, "application.submit", "application",
                       application_id, before=None, after=snapshot)

`chain` is the pure hash chain, `masking` the PII masking of snapshots, `store` the table
(`AuditLog`), `linking` the SQL that links a record into the chain (now, or as the transaction
commits: `append_at_commit`), `signing` the signed checkpoints and `api` the endpoints every
service mounts.
"""

from govkit.audit.chain import (
    GENESIS_HASH,
    AuditRecord,
    ChainedRecord,
    ChainVerifier,
    Verification,
    canonical_json,
    chain_hash,
    verify_chain,
)
from govkit.audit.masking import jsonable, mask_pii
from govkit.audit.store import (
    SYSTEM_ACTOR,
    AuditEntry,
    AuditFilter,
    AuditLog,
    append,
    append_at_commit,
)

__all__ = [
    "GENESIS_HASH",
    "SYSTEM_ACTOR",
    "AuditEntry",
    "AuditFilter",
    "AuditLog",
    "AuditRecord",
    "ChainVerifier",
    "ChainedRecord",
    "Verification",
    "append",
    "append_at_commit",
    "canonical_json",
    "chain_hash",
    "jsonable",
    "mask_pii",
    "verify_chain",
]
