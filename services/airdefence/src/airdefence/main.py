"""The airdefence service's app: `uvicorn --factory airdefence.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from airdefence.config import AirdefenceSettings
from govkit.service import ServiceSpec, create_service_app

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕71号"


def create_app(settings: AirdefenceSettings | None = None) -> FastAPI:
    return create_service_app(
        ServiceSpec(
            name="airdefence",
            title_zh="温州市人防工程产权",
            title_en="Wenzhou Civil Air-Defence Works Property Rights",
            description="Ownership and registration, parking ratios, peacetime use, leases, income and maintenance duties of civil air-defence works under 温政办〔2021〕71号.",
            settings=settings or AirdefenceSettings(),
            migrations_dir=MIGRATIONS_DIR,
        )
    )
