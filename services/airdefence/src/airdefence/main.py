"""The airdefence service's app: `uvicorn --factory airdefence.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from airdefence.api import checks, duties, parties, peacetime, surveys, works
from airdefence.config import AirdefenceSettings
from airdefence.domain import PARAMETERS, RULES, RULES_VERSION
from airdefence.service.duties import recompute_on_publication
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
    {
        "name": "duties",
        "description": "维护保养、专业维修、平战转换、应急演练义务 Duties, schedules, overdue (AD-DUTIES)",
    },
    {
        "name": "county measures",
        "description": "各县（市、区）、功能区管理办法 The counties' measures (AD-COUNTY-MEASURES)",
    },
    {"name": "due items", "description": "到期事项（网关合并期限视图） Due items for merged views"},
    {"name": "parties", "description": "机构查询（网关合并视图） An organisation's works"},
]


def create_app(settings: AirdefenceSettings | None = None) -> FastAPI:
    app = create_service_app(
        ServiceSpec(
            name="airdefence",
            title_zh="温州市人防工程产权",
            title_en="Wenzhou Civil Air-Defence Works Property Rights",
            description="Ownership and registration, parking ratios, peacetime use, leases, income and maintenance duties of civil air-defence works under 温政办〔2021〕71号.",
            settings=settings or AirdefenceSettings(),
            routers=[
                checks.router,
                works.router,
                surveys.router,
                peacetime.router,
                duties.router,
                parties.router,
            ],
            migrations_dir=MIGRATIONS_DIR,
            rules=RULES,
            rules_version=RULES_VERSION,
            parameters=PARAMETERS,
            tags=TAGS,
        )
    )
    # Publishing a year recomputes the provisional due days that needed it (same transaction).
    app.state.calendar_published_hooks.append(recompute_on_publication)
    return app
