"""Reinvestment, fee and concession calculators."""

from __future__ import annotations

from fastapi import APIRouter

from fund.api.deps import PREFIX

router = APIRouter(prefix=PREFIX, tags=["calculators"])
