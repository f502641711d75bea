"""The housing service's app: `uvicorn --factory housing.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from govkit.service import ServiceSpec, create_service_app
from housing.config import HousingSettings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕75号"


def create_app(settings: HousingSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="housing",
            title_zh="温州市保障性租赁住房",
            title_en="Wenzhou Affordable Rental Housing",
            description="Tenant eligibility, project recognition, unit and rent standards, leases and district targets under 温政办〔2021〕75号.",
            settings=settings or HousingSettings(),
            migrations_dir=MIGRATIONS_DIR,
        )
    )
