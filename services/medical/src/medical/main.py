"""The medical service's app: `uvicorn --factory medical.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from govkit.service import ServiceSpec, create_service_app
from medical.api import imports, persons, rules, settlements
from medical.api.imports import IMPORT_MEDIA_TYPES
from medical.config import MedicalSettings
from medical.domain import PARAMETERS, RULES, RULES_VERSION

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕78号"

TAGS = [
    {"name": "settlements", "description": "一站式结算、冲销、年度汇总 Settlement, reversal, year"},
    {"name": "simulation", "description": "假设试算（不保存） What-if runs that store nothing"},
    {"name": "register", "description": "困难群众登记 The needy register"},
    {"name": "imports", "description": "民政名单导入 Civil-affairs list imports"},
    {"name": "service-rules", "description": "先诊疗后付费、特殊病种、预警、目录外费用占比"},
]


def create_app(settings: MedicalSettings | None = None) -> FastAPI:
    app = create_service_app(
        ServiceSpec(
            name="medical",
            title_zh="温州市困难群众医疗保障",
            title_en="Wenzhou Medical-Insurance Relief for the Needy",
            description="Enrolment subsidies and one-stop settlement through basic insurance, critical-illness insurance, medical assistance, commercial insurance and high-cost resolution under 温政办〔2021〕78号.",
            settings=settings or MedicalSettings(),
            routers=[settlements.router, persons.router, imports.router, rules.router],
            migrations_dir=MIGRATIONS_DIR,
            rules=RULES,
            rules_version=RULES_VERSION,
            parameters=PARAMETERS,
            extra_media_types=IMPORT_MEDIA_TYPES,
            tags=TAGS,
        )
    )
    return app
