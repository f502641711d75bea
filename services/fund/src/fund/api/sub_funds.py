"""Sub-funds, contributors, paid-in, portfolio."""

from __future__ import annotations

from fastapi import APIRouter

from fund.api.deps import PREFIX

router = APIRouter(prefix=PREFIX, tags=["sub-funds"])
