"""Dependencies of the medical routers, as `Annotated` aliases; OpenAPI helpers from govkit."""

from __future__ import annotations

from govkit.identity import PiiKeyDep
from govkit.platform.openapi import documented, examples

PREFIX = "/medical/v1"
READ, WRITE, SETTLE, ADMIN = "medical:read", "medical:write", "medical:settle", "admin"


__all__ = ["ADMIN", "PREFIX", "READ", "SETTLE", "WRITE", "PiiKeyDep", "documented", "examples"]
