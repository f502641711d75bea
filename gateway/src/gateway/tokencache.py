"""Token verification with a short memory: the gateway's verifier.

The cache lives in `govkit.http.auth` (the services use it too); see `CachingTokenVerifier` there
for what is cached and for how long.
"""

from __future__ import annotations

from govkit.http.auth import CachingTokenVerifier

__all__ = ["CachingTokenVerifier"]
