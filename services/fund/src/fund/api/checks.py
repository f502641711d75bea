"""Stateless checks of applications, investments and company stage."""

from __future__ import annotations

from fastapi import APIRouter

from fund.api.deps import PREFIX

router = APIRouter(prefix=PREFIX, tags=["checks"])
