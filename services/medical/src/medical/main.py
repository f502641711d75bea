"""The medical service's app: `uvicorn --factory medical.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from govkit.service import ServiceSpec, create_service_app
from medical.config import MedicalSettings

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕78号"


def create_app(settings: MedicalSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="medical",
            title_zh="温州市困难群众医疗保障",
            title_en="Wenzhou Medical-Insurance Relief for the Needy",
            description="Enrolment subsidies and one-stop settlement through basic insurance, critical-illness insurance, medical assistance, commercial insurance and high-cost resolution under 温政办〔2021〕78号.",
            settings=settings or MedicalSettings(),
            migrations_dir=MIGRATIONS_DIR,
        )
    )
