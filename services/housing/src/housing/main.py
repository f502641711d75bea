"""The housing service's app: `uvicorn --factory housing.main:create_app`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from govkit.http.problem import VALIDATION, problem_response
from govkit.service import ServiceSpec, create_service_app
from housing.api import checks, leases, projects, reference, tenants
from housing.api.openapi import with_success_examples
from housing.config import HousingSettings
from housing.domain import PARAMETERS, RULES, RULES_VERSION

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
POLICY = "温政办〔2021〕75号"

TAGS = [
    {"name": "checks", "description": "无状态规则检查 Tenant, project, lease and title checks"},
    {"name": "tenants", "description": "承租申请与资格审核 Tenant applications and review"},
    {
        "name": "projects",
        "description": "项目认定与联合审查、市场租金、权属 Projects, joint review",
    },
    {"name": "leases", "description": "配租、续租、退出 Allocations, renewals and exits"},
    {"name": "supervision", "description": "诚信档案 Integrity records"},
    {"name": "due-items", "description": "待办期限 Deadlines and tracked end dates"},
    {"name": "look-ups", "description": "按人、按单位查询 Look-ups for the gateway's merged views"},
    {
        "name": "reference",
        "description": "县（市、区）、年度数据与目标考核 Districts, figures, targets",
    },
]


def create_app(settings: HousingSettings | None = None) -> FastAPI:
    app = create_service_app(
        ServiceSpec(
            name="housing",
            title_zh="温州市保障性租赁住房",
            title_en="Wenzhou Affordable Rental Housing",
            description="Every rule of 温政办〔2021〕75号: tenant eligibility, project recognition "
            "with its standards and land sources, rents, leases and renewals, title, and district "
            "targets; districts as effective-dated reference data.",
            settings=settings or HousingSettings(),
            routers=[
                checks.router,
                tenants.router,
                projects.router,
                leases.router,
                reference.router,
            ],
            migrations_dir=MIGRATIONS_DIR,
            rules=RULES,
            rules_version=RULES_VERSION,
            parameters=PARAMETERS,
            tags=TAGS,
        )
    )
    with_success_examples(app)
    app.add_exception_handler(OverflowError, _date_out_of_range)
    return app


async def _date_out_of_range(request: Request, exc: Exception) -> JSONResponse:
    """A term or period computed from a client's day runs past the calendar (before year 1 or
    after 9999): the request's days are the fault, a 422, never a 500."""
    return problem_response(
        VALIDATION,
        detail="A day in the request leads to a date outside the calendar (years 1–9999).",
        request=request,
        errors=[{"in": "body", "pointer": "#", "detail": str(exc), "type": "date_out_of_range"}],
    )
