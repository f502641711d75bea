"""`/<service>/v1/audit…`: the log (filtered, paged), chain verification, signed checkpoints."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from govkit.audit.signing import ALGORITHM, CheckpointSigner
from govkit.audit.store import AuditEntry, AuditFilter, AuditLog
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.pagination import (
    BIGINT_MAX,
    CursorQuery,
    LimitQuery,
    Page,
    decode_cursor,
    encode_cursor,
)
from govkit.http.problem import VALIDATION, ProblemError
from govkit.platform.problems import AUDIT_SIGNING_UNAVAILABLE, problem_doc

log = logging.getLogger("govkit.audit")

HASH_PATTERN = r"^[0-9a-f]{64}$"


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "sequence": 42,
                    "time": "2026-03-01T02:00:00.123456Z",
                    "actor_client": "ops-console",
                    "actor_user": "zhang.san",
                    "request_id": "3f2b9c0d4e5f",
                    "action": "parameter.set",
                    "entity_type": "parameter",
                    "entity_id": "medical.assistance.ratio",
                    "before": None,
                    "after": {"value": "0.85", "effective_from": "2026-01-01"},
                    "prev_hash": "9b…",
                    "hash": "e3…",
                }
            ]
        }
    )

    sequence: int
    time: datetime = Field(description="UTC")
    actor_client: str
    actor_user: str | None
    request_id: str | None
    action: str
    entity_type: str
    entity_id: str
    before: Any = Field(description="Snapshot before the change (identity numbers masked)")
    after: Any = Field(description="Snapshot after the change (identity numbers masked)")
    prev_hash: str
    hash: str = Field(description="SHA-256(prev_hash ‖ canonical JSON of the record), hex")

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryOut:
        return cls(
            sequence=e.sequence,
            time=e.time,
            actor_client=e.actor_client,
            actor_user=e.actor_user,
            request_id=e.request_id,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=e.entity_id,
            before=e.before,
            after=e.after,
            prev_hash=e.prev_hash,
            hash=e.hash,
        )


class ChainHead(BaseModel):
    sequence: int = Field(description="0 when the log is empty")
    hash: str = Field(description="The head's hash; 64 zeros when the log is empty")


class CheckpointMatch(BaseModel):
    sequence: int
    hash: str
    matches: bool = Field(description="The chain still holds this hash at this sequence")


class AuditVerificationOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "valid": False,
                    "checked": 17,
                    "first_broken_sequence": 17,
                    "reason": "hash does not match the record's content",
                    "head": {"sequence": 40, "hash": "e3…"},
                    "checkpoint": None,
                }
            ]
        }
    )

    valid: bool = Field(description="The chain is intact (and holds the checkpoint, if given)")
    checked: int = Field(description="Entries checked")
    first_broken_sequence: int | None = Field(description="The first entry that fails")
    reason: str | None = None
    head: ChainHead
    checkpoint: CheckpointMatch | None = None


class AuditCheckpointOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "fund",
                    "sequence": 40,
                    "hash": "e3…",
                    "issued_at": "2026-03-01T02:00:00Z",
                    "key_id": "x8Jc…",
                    "algorithm": "EdDSA",
                    "token": "eyJhbGciOiJFZERTQSIs…",
                }
            ]
        }
    )

    service: str
    sequence: int
    hash: str
    issued_at: datetime
    key_id: str = Field(description="RFC 7638 thumbprint of the signing key (`kid`)")
    algorithm: Literal["EdDSA"] = ALGORITHM
    token: str = Field(
        description="Compact JWS (EdDSA) whose claims are service, sequence, hash and iat; "
        "verify it with the key from …/audit/public-key and keep it"
    )


class PublicJwk(BaseModel):
    model_config = ConfigDict(extra="allow")
    kty: str
    crv: str
    x: str
    kid: str
    alg: str
    use: str


class PublicKeysOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "keys": [
                        {
                            "kty": "OKP",
                            "crv": "Ed25519",
                            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                            "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
                            "alg": "EdDSA",
                            "use": "sig",
                        }
                    ]
                }
            ]
        }
    )

    keys: list[PublicJwk]


def _signer(request: Request) -> CheckpointSigner:
    signer: CheckpointSigner | None = getattr(request.app.state, "audit_signer", None)
    if signer is not None:
        return signer
    path = request.app.state.settings.signing_key_path
    if path is None:
        raise ProblemError(AUDIT_SIGNING_UNAVAILABLE)
    try:
        signer = CheckpointSigner.from_file(path)
    except (OSError, ValueError) as exc:
        log.error("checkpoint key %s unusable: %s", path, exc)
        raise ProblemError(
            AUDIT_SIGNING_UNAVAILABLE, "The checkpoint key cannot be read."
        ) from None
    request.app.state.audit_signer = signer
    return signer


SignerDep = Annotated[CheckpointSigner, Depends(_signer)]


def audit_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1/audit", tags=["audit"])

    @router.get(
        "",
        response_model=Page[AuditEntryOut],
        summary="审计日志 Audit log",
        description="按实体、操作者、操作和时间筛选，游标分页（默认最新在前）。 Filter by entity, actor "
        "(client or user), action and time; cursor-paged, newest first unless `order=asc`.",
    )
    async def list_audit(
        session: SessionDep,
        entity_type: Annotated[str | None, Query(max_length=100)] = None,
        entity_id: Annotated[str | None, Query(max_length=200)] = None,
        actor: Annotated[str | None, Query(max_length=200, description="Client ID or user")] = None,
        action: Annotated[str | None, Query(max_length=100)] = None,
        time_from: Annotated[
            datetime | None, Query(alias="from", description="From this instant (inclusive)")
        ] = None,
        time_to: Annotated[
            datetime | None, Query(alias="to", description="Until this instant (exclusive)")
        ] = None,
        order: Annotated[Literal["desc", "asc"], Query(description="By sequence")] = "desc",
        cursor: CursorQuery = None,
        limit: LimitQuery = 50,
        _: Principal = requires("audit:read"),
    ) -> Page[AuditEntryOut]:
        position = decode_cursor(cursor)
        after: int | None = None
        if position is not None:
            after = position.get("s")
            if (
                not isinstance(after, int)
                or not 0 <= after <= BIGINT_MAX
                or position.get("o") != order
            ):
                raise ProblemError(VALIDATION, "The cursor is not valid for this order.")
        flt = AuditFilter(entity_type, entity_id, actor, action, time_from, time_to)
        entries = await AuditLog(session).page(
            flt, limit=limit + 1, after_sequence=after, descending=order == "desc"
        )
        more = len(entries) > limit
        entries = entries[:limit]
        return Page[AuditEntryOut](
            items=[AuditEntryOut.of(e) for e in entries],
            next_cursor=encode_cursor({"s": entries[-1].sequence, "o": order}) if more else None,
            limit=limit,
        )

    @router.get(
        "/verify",
        response_model=AuditVerificationOut,
        summary="校验审计链 Verify the audit chain",
        description="逐条重算哈希，指出第一个断开的序号；可同时核对先前取得的签名检查点。 Recomputes "
        "every hash and names the first broken sequence. With `checkpoint_sequence` and "
        "`checkpoint_hash` (from an earlier signed checkpoint) it also checks that the chain "
        "still holds them — which catches a rewrite of the whole chain.",
    )
    async def verify_audit(
        session: SessionDep,
        checkpoint_sequence: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
        checkpoint_hash: Annotated[str | None, Query(pattern=HASH_PATTERN)] = None,
        _: Principal = requires("audit:read"),
    ) -> AuditVerificationOut:
        if (checkpoint_sequence is None) != (checkpoint_hash is None):
            raise ProblemError(
                VALIDATION, "Give both checkpoint_sequence and checkpoint_hash, or neither."
            )
        store = AuditLog(session)
        result = await store.verify()
        valid, reason = result.valid, result.reason
        match = None
        if checkpoint_sequence is not None and checkpoint_hash is not None:
            entry = await store.get(checkpoint_sequence)
            matches = entry is not None and entry.hash == checkpoint_hash
            match = CheckpointMatch(
                sequence=checkpoint_sequence, hash=checkpoint_hash, matches=matches
            )
            if not matches:
                valid = False
                reason = reason or (
                    f"the chain no longer holds the checkpointed hash at sequence "
                    f"{checkpoint_sequence}: it was rewritten or truncated"
                )
        return AuditVerificationOut(
            valid=valid,
            checked=result.checked,
            first_broken_sequence=result.first_broken_sequence,
            reason=reason,
            head=ChainHead(sequence=result.head_sequence, hash=result.head_hash),
            checkpoint=match,
        )

    @router.get(
        "/checkpoint",
        response_model=AuditCheckpointOut,
        summary="签名检查点 Signed checkpoint of the chain's head",
        description="用本服务的 Ed25519 密钥签名的链头（序号与哈希）。审计方保存后，可发现整条链被重写。 "
        "The head's sequence and hash signed with this service's Ed25519 key (kept outside the "
        "database). Keep it: a later rewrite of the whole chain no longer matches it.",
        responses=problem_doc(AUDIT_SIGNING_UNAVAILABLE),
    )
    async def audit_checkpoint(
        signer: SignerDep,
        session: SessionDep,
        _: Principal = requires("audit:read"),
    ) -> AuditCheckpointOut:
        sequence, head_hash = await AuditLog(session).head()
        cp = signer.sign(service, sequence, head_hash)
        # The log line is a second witness outside the database.
        log.info(
            "audit checkpoint",
            extra={"audit_sequence": sequence, "audit_hash": head_hash, "key_id": cp.key_id},
        )
        return AuditCheckpointOut(
            service=service,
            sequence=cp.sequence,
            hash=cp.hash,
            issued_at=cp.issued_at,
            key_id=cp.key_id,
            token=cp.token,
        )

    @router.get(
        "/public-key",
        response_model=PublicKeysOut,
        summary="检查点公钥 Public key for checkpoints (JWKS)",
        description="验证审计检查点签名所用的公钥（JWKS）。 The Ed25519 public key (JWKS) that "
        "verifies this service's audit checkpoints.",
        responses=problem_doc(AUDIT_SIGNING_UNAVAILABLE),
    )
    async def audit_public_key(
        signer: SignerDep, _: Principal = requires("audit:read")
    ) -> PublicKeysOut:
        return PublicKeysOut.model_validate(signer.jwks())

    return router
