"""Bearer-token authentication: OAuth2 client-credentials JWTs verified against a JWKS.

Services and the gateway verify tokens themselves. Scopes are per service and action
(`fund:read`, `fund:write`, `medical:settle`, `audit:read`, `admin`, ...).

`CachingTokenVerifier` remembers verified tokens for a short while: a client sends the same
token with every request until it expires, and Ed25519 plus the claim checks cost ~0.1–0.3 ms.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from govkit.http.problem import FORBIDDEN, UNAUTHENTICATED, ProblemError

ALGORITHMS = ["EdDSA", "ES256", "RS256"]


@dataclass(frozen=True, slots=True)
class Principal:
    client_id: str
    user: str | None
    scopes: frozenset[str]
    token_id: str | None = None

    def has(self, scope: str) -> bool:
        return scope in self.scopes


class TokenVerifier:
    """Verifies signature, expiry, issuer and audience; keys come from a JWKS file or URL."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_path: Path | None = None,
        jwks_url: str | None = None,
        leeway: int = 30,
    ) -> None:
        if not (jwks_path or jwks_url):
            raise ValueError("a JWKS path or URL is required to verify tokens")
        self.issuer, self.audience, self.leeway = issuer, audience, leeway
        self._path = jwks_path
        self._client = (
            jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None
        )
        self._keys: dict[str, Any] = {}
        self._loaded_at = 0.0
        if jwks_path:
            self._load_file()

    def _load_file(self) -> None:
        assert self._path is not None
        data = json.loads(self._path.read_text())
        self._keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(data).keys if k.key_id}
        self._loaded_at = time.monotonic()

    def _key_for(self, token: str) -> Any:
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in ALGORITHMS:
            raise jwt.InvalidAlgorithmError("algorithm not allowed")
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token)
        kid = header.get("kid")
        if kid not in self._keys and time.monotonic() - self._loaded_at > 5:
            self._load_file()  # keys may have been rotated on disk
        if kid not in self._keys:
            raise jwt.InvalidKeyError("unknown key id")
        return self._keys[kid]

    def verify(self, token: str) -> Principal:
        key = self._key_for(token)
        claims = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            audience=self.audience,
            issuer=self.issuer,
            leeway=self.leeway,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
        scope = claims.get("scope", "")
        if not isinstance(scope, str):
            raise jwt.InvalidTokenError("scope must be a space-separated string")
        return Principal(
            client_id=str(claims.get("client_id") or claims["sub"]),
            user=claims.get("user"),
            scopes=frozenset(scope.split()),
            token_id=claims.get("jti"),
        )


class CachingTokenVerifier(TokenVerifier):
    """A verifier with a short memory, keyed by the token string itself.

    The signature is part of the key, so a forged token never matches a cached one. Entries live
    in a bounded LRU until the earlier of the token's `exp` and `ttl` seconds; failures are not
    cached. The trade-off: a key removed from the JWKS keeps authorising its already-seen tokens
    for at most `ttl` seconds.
    """

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
            until = min(now + self.ttl, token_expiry(token))
            if until > now:
                self._cache[token] = (principal, until)
                if len(self._cache) > self.max_entries:
                    self._cache.popitem(last=False)
        return principal

    def __len__(self) -> int:
        return len(self._cache)


def token_expiry(token: str) -> float:
    """The `exp` claim of a token that has just been verified (so it is present and numeric)."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return float(claims["exp"])


_bearer = HTTPBearer(auto_error=False, description="OAuth2 client-credentials access token (JWT)")


def _unauthenticated(detail: str) -> ProblemError:
    return ProblemError(
        UNAUTHENTICATED, detail, headers={"WWW-Authenticate": 'Bearer realm="wenzhou-policy"'}
    )


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthenticated("A bearer token is required.")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        principal = verifier.verify(credentials.credentials)
    except jwt.ExpiredSignatureError:
        raise _unauthenticated("The token has expired.") from None
    except (jwt.PyJWTError, ValueError, KeyError):
        raise _unauthenticated("The token is not valid.") from None
    request.state.principal = principal
    return principal


async def current_principal(
    request: Request,
    security_scopes: SecurityScopes,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        principal = authenticate(request, credentials)
    missing = [s for s in security_scopes.scopes if s not in principal.scopes]
    if missing:
        raise ProblemError(
            FORBIDDEN,
            f"This operation requires scope {' '.join(missing)}.",
            required_scopes=security_scopes.scopes,
        )
    return principal


def requires(*scopes: str) -> Any:
    """`Security(...)` dependency that authenticates and checks every listed scope."""
    return Security(current_principal, scopes=list(scopes))


AuthenticatedPrincipal = Annotated[Principal, Security(current_principal)]
