"""Dependencies of the medical routers, as `Annotated` aliases; OpenAPI helpers from govkit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from govkit.platform.openapi import documented, examples
from govkit.settings import ServiceSettings

PREFIX = "/medical/v1"
READ, WRITE, SETTLE, ADMIN = "medical:read", "medical:write", "medical:settle", "admin"


async def _pii_key(request: Request) -> bytes:  # async: FastAPI runs plain defs in a thread
    settings: ServiceSettings = request.app.state.settings
    return settings.pii_hash_key.get_secret_value().encode()


PiiKeyDep = Annotated[bytes, Depends(_pii_key)]

__all__ = ["ADMIN", "PREFIX", "READ", "SETTLE", "WRITE", "PiiKeyDep", "documented", "examples"]
