"""Token verification with a short memory: Ed25519 + claim checks cost ~100 µs per request.

A verified token is remembered, keyed by the token string itself (the signature is part of the
key, so a forged token never matches a cached one), in a bounded LRU, until the earlier of its
`exp` and `ttl` seconds. Failures are not cached. The trade-off: a key removed from the JWKS
keeps authorising its already-seen tokens for at most `ttl` seconds at the gateway; services
re-verify every request anyway.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt

from govkit.http.auth import Principal, TokenVerifier


class CachingTokenVerifier(TokenVerifier):
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_path: Path | None = None,
        jwks_url: str | None = None,
        leeway: int = 30,
        max_entries: int = 4096,
        ttl: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            issuer=issuer, audience=audience, jwks_path=jwks_path, jwks_url=jwks_url, leeway=leeway
        )
        self.max_entries = max_entries
        self.ttl = ttl
        self._clock = clock
        self._cache: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def verify(self, token: str) -> Principal:
        now = self._clock()
        hit = self._cache.get(token)
        if hit is not None:
            if now < hit[1]:
                self._cache.move_to_end(token)
                return hit[0]
            del self._cache[token]
        principal = super().verify(token)  # raises on anything wrong
        if self.max_entries > 0 and self.ttl > 0:
            until = min(now + self.ttl, _expiry(token))
            if until > now:
                self._cache[token] = (principal, until)
                if len(self._cache) > self.max_entries:
                    self._cache.popitem(last=False)
        return principal

    def __len__(self) -> int:
        return len(self._cache)


def _expiry(token: str) -> float:
    """The `exp` claim of a token that has just been verified (so it is present and numeric)."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return float(claims["exp"])
