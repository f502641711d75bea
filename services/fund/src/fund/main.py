"""The fund service's app: `uvicorn --factory fund.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from fund.config import FundSettings
from govkit.service import ServiceSpec, create_service_app

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕73号"


def create_app(settings: FundSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="fund",
            title_zh="温州市科技创新创业投资基金",
            title_en="Wenzhou Science and Technology Venture Fund-of-Funds",
            description="Sub-fund applications checked against every rule of 温政办〔2021〕73号, the approval workflow and its deadlines, portfolio, Wenzhou reinvestment, fees and concessions.",
            settings=settings or FundSettings(),
            migrations_dir=MIGRATIONS_DIR,
        )
    )
