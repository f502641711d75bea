"""The airdefence service's app: `uvicorn --factory airdefence.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from airdefence.api import checks, peacetime, surveys, works
from airdefence.config import AirdefenceSettings
from airdefence.domain import PARAMETERS, RULES, RULES_VERSION
from govkit.service import ServiceSpec, create_service_app

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕71号"

TAGS = [
    {
        "name": "checks",
        "description": "无状态规则检查 Ownership, registration, parking, quality, lease fee, income use",
    },
    {
        "name": "works",
        "description": "人防工程登记簿、竣工验收、无偿移交、首次登记 Works register, handover, registration",
    },
    {
        "name": "survey",
        "description": "竣工测绘核实与不一致记录 Completion survey and its discrepancies (AD-SURVEY)",
    },
    {
        "name": "peacetime use",
        "description": "租赁、车位分配、收益台账、破产清算与转移登记 Leases, parking, income, transfers",
    },
]


def create_app(settings: AirdefenceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="airdefence",
            title_zh="温州市人防工程产权",
            title_en="Wenzhou Civil Air-Defence Works Property Rights",
            description="Ownership and registration, parking ratios, peacetime use, leases, income and maintenance duties of civil air-defence works under 温政办〔2021〕71号.",
            settings=settings or AirdefenceSettings(),
            routers=[checks.router, works.router, surveys.router, peacetime.router],
            migrations_dir=MIGRATIONS_DIR,
            rules=RULES,
            rules_version=RULES_VERSION,
            parameters=PARAMETERS,
            tags=TAGS,
        )
    )
