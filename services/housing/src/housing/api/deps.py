"""Scopes and prefix of the housing routers; OpenAPI helpers from govkit."""

from __future__ import annotations

from govkit.identity import PiiKeyDep
from govkit.platform.openapi import documented, examples

PREFIX = "/housing/v1"
# housing:read lists and checks; housing:write records applications, projects, market rents,
# leases, title acts and integrity records; housing:review gives the joint review's opinions
# and issues or refuses the certificate; admin maintains districts, yearly figures, parameters.
READ, WRITE, REVIEW, ADMIN = "housing:read", "housing:write", "housing:review", "admin"

__all__ = ["ADMIN", "PREFIX", "READ", "REVIEW", "WRITE", "PiiKeyDep", "documented", "examples"]
