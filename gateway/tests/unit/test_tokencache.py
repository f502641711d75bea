"""Cached token verification: hits skip Ed25519, never past exp, bounded, failures not cached."""

import time
from collections.abc import Callable
from pathlib import Path

import jwt
import pytest

from gateway.tokencache import CachingTokenVerifier
from govkit.http.auth import TokenVerifier
from govkit.tokens import mint


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def verifier(jwks_path: Path, clock: Callable[[], float], **kw: object) -> CachingTokenVerifier:
    return CachingTokenVerifier(
        issuer="wenzhou-policy-dev",
        audience="wenzhou-policy",
        jwks_path=jwks_path,
        clock=clock,
        **kw,  # type: ignore[arg-type]
    )


def test_hit_skips_verification(jwks_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    v = verifier(jwks_path, Clock())
    token = mint(jwks_path.parent, ["fund:read"], client_id="c1")
    first = v.verify(token)
    assert first.client_id == "c1"
    assert first.has("fund:read")
    calls = []
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: calls.append(1))
    assert v.verify(token) is first
    assert calls == []


def test_entry_lives_until_ttl_or_exp_whichever_is_first(
    jwks_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    v = verifier(jwks_path, clock, ttl=60)
    calls: list[str] = []
    real = TokenVerifier.verify
    monkeypatch.setattr(TokenVerifier, "verify", lambda self, t: calls.append(t) or real(self, t))

    long_lived = mint(jwks_path.parent, ["fund:read"], ttl=3600)
    v.verify(long_lived)
    clock.now += 59
    v.verify(long_lived)
    assert len(calls) == 1
    clock.now += 2  # past the cache's ttl: verified again
    v.verify(long_lived)
    assert len(calls) == 2

    clock.now = time.time()
    short_lived = mint(jwks_path.parent, ["fund:read"], ttl=10)
    v.verify(short_lived)
    assert v._cache[short_lived][1] <= time.time() + 10  # capped by exp, not by ttl
    clock.now += 11
    # The verifier's own check uses the real clock (the token is still valid there); the
    # cache, past exp on its clock, must not answer from memory nor keep the entry.
    v.verify(short_lived)
    assert calls.count(short_lived) == 2
    assert short_lived not in v._cache


def test_invalid_tokens_are_not_cached(jwks_path: Path) -> None:
    v = verifier(jwks_path, Clock())
    token = mint(jwks_path.parent, ["fund:read"])
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for _ in range(2):
        with pytest.raises(jwt.PyJWTError):
            v.verify(forged)
    assert len(v) == 0


def test_bounded(jwks_path: Path) -> None:
    v = verifier(jwks_path, Clock(), max_entries=2)
    tokens = [mint(jwks_path.parent, ["fund:read"], client_id=f"c{i}") for i in range(3)]
    for t in tokens:
        v.verify(t)
    assert len(v) == 2
    assert tokens[0] not in v._cache
