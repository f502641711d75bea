"""The fund service's app: `uvicorn --factory fund.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from fund.api import (
    applications,
    calc,
    checks,
    concessions,
    deadlines,
    reference,
    reporting,
    sub_funds,
)
from fund.config import FundSettings
from fund.domain import PARAMETERS, RULES, RULES_VERSION
from fund.service.provisional import recompute_on_publication
from govkit.service import ServiceSpec, create_service_app

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕73号"

TAGS = [
    {
        "name": "checks",
        "description": "无状态规则检查 Application, investment and company-stage checks",
    },
    {"name": "applications", "description": "子基金设立申请与审批流程 Applications and workflow"},
    {"name": "deadlines", "description": "法定期限 Statutory deadlines, due and overdue"},
    {"name": "sub-funds", "description": "子基金、出资与投资组合 Sub-funds, paid-in, portfolio"},
    {"name": "reporting", "description": "信息报送 Reporting duties and submissions"},
    {
        "name": "calculators",
        "description": "返投、管理费、让利计算 Reinvestment, fees, concessions",
    },
    {"name": "concessions", "description": "让利申请程序 Concession applications (FUND-CONC-PROC)"},
    {"name": "reference", "description": "参考数据 LPR reference data"},
]


def create_app(settings: FundSettings | None = None) -> FastAPI:
    app = create_service_app(
        ServiceSpec(
            name="fund",
            title_zh="温州市科技创新创业投资基金",
            title_en="Wenzhou Science and Technology Venture Fund-of-Funds",
            description="Sub-fund applications checked against every rule of 温政办〔2021〕73号, the approval workflow and its deadlines, portfolio, Wenzhou reinvestment, fees and concessions.",
            settings=settings or FundSettings(),
            routers=[
                checks.router,
                applications.router,
                deadlines.router,
                sub_funds.router,
                reporting.router,
                calc.router,
                concessions.router,
                reference.router,
            ],
            migrations_dir=MIGRATIONS_DIR,
            rules=RULES,
            rules_version=RULES_VERSION,
            parameters=PARAMETERS,
            tags=TAGS,
        )
    )
    # Publishing a year recomputes the provisional deadlines that needed it (same transaction).
    app.state.calendar_published_hooks.append(recompute_on_publication)
    return app
