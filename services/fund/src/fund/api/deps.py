"""Scopes and prefix of the fund routers; OpenAPI helpers from govkit."""

from __future__ import annotations

from govkit.platform.openapi import documented, examples

PREFIX = "/fund/v1"
# fund:read lists and computes; fund:write records (applications, sub-funds, submissions);
# fund:decide takes the committee's and the office's decisions; admin maintains reference data.
READ, WRITE, DECIDE, ADMIN = "fund:read", "fund:write", "fund:decide", "admin"

__all__ = ["ADMIN", "DECIDE", "PREFIX", "READ", "WRITE", "documented", "examples"]
