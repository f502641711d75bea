"""Scopes and prefix of the air-defence routers; OpenAPI helpers from govkit.

airdefence:read lists and checks; airdefence:write keeps the works register, surveys, leases,
the income ledger and the duties' records; airdefence:register takes the registration
authority's acts (handover, registration, transfer); admin maintains parameters and the
counties' measures register; audit:read reads the audit log.
"""

from __future__ import annotations

from govkit.platform.openapi import documented, examples

PREFIX = "/airdefence/v1"
READ, WRITE, REGISTER, ADMIN = (
    "airdefence:read",
    "airdefence:write",
    "airdefence:register",
    "admin",
)

__all__ = ["ADMIN", "PREFIX", "READ", "REGISTER", "WRITE", "documented", "examples"]
