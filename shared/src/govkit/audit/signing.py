"""Signed checkpoints of the audit chain's head, so a rewrite of the whole chain shows from outside.

Whoever can write the database can recompute every hash of a rewritten chain; they cannot sign
for its head without the service's Ed25519 key, which lives outside the database
(`settings.signing_key_path`). An auditor keeps checkpoints (compact JWS, EdDSA) and later asks
the service to verify that the chain still holds the checkpointed hash at that sequence.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from govkit.tokens import load_private_key, public_jwk

CHECKPOINT_TYPE = "audit-checkpoint+jwt"
ALGORITHM: Final = "EdDSA"


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an OKP key: a stable key ID derived from the key itself."""
    members = {k: jwk[k] for k in ("crv", "kty", "x")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode())
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    service: str
    sequence: int
    hash: str
    issued_at: datetime
    key_id: str
    token: str  # compact JWS over the claims below


class CheckpointSigner:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        jwk = public_jwk(key, "")
        self.key_id = jwk_thumbprint(jwk)
        jwk["kid"] = self.key_id
        self.jwk = jwk

    @classmethod
    def from_file(cls, path: Path) -> CheckpointSigner:
        return cls(load_private_key(path))

    def jwks(self) -> dict[str, Any]:
        return {"keys": [dict(self.jwk)]}

    def sign(self, service: str, sequence: int, head_hash: str) -> Checkpoint:
        now = datetime.now(UTC).replace(microsecond=0)
        claims = {
            "iss": f"wenzhou-policy/{service}",
            "sub": "audit-checkpoint",
            "service": service,
            "sequence": sequence,
            "hash": head_hash,
            "iat": int(now.timestamp()),
        }
        token = jwt.encode(
            claims,
            self._key,
            algorithm=ALGORITHM,
            headers={"kid": self.key_id, "typ": CHECKPOINT_TYPE},
        )
        return Checkpoint(service, sequence, head_hash, now, self.key_id, token)


def verify_checkpoint(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """Check a checkpoint's signature against a JWKS; returns its claims (raises if invalid)."""
    kid = jwt.get_unverified_header(token).get("kid")
    keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(jwks).keys}
    if kid not in keys:
        raise jwt.InvalidKeyError("checkpoint signed by an unknown key")
    claims: dict[str, Any] = jwt.decode(
        token,
        keys[kid],
        algorithms=[ALGORITHM],
        options={"require": ["iss", "sub", "iat"], "verify_aud": False},
    )
    if claims.get("sub") != "audit-checkpoint":
        raise jwt.InvalidTokenError("not an audit checkpoint")
    return claims
