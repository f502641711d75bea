"""Wiring the platform into every service app: routers, problem handlers, start-up and refresh.

At start-up the service loads the latest version of each published calendar year into the
process's calendar and builds its ParameterSet from the defaults plus the stored values. A
background task then polls a cheap fingerprint of the two (append-only) tables and reloads when
another replica has published something, so replicas converge within `refresh_seconds`.
If the database is unreachable or not migrated at start-up, the service still starts; readiness
reports `platform: not loaded` (and retries) until the load succeeds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI

from govkit.audit.api import audit_router
from govkit.db import Database
from govkit.platform.calendar_admin import calendar_router, load_published_notices, publish_notices
from govkit.platform.deadlines import deadline_router
from govkit.platform.decisions import decisions_router
from govkit.platform.parameters import (
    ParameterState,
    install_state,
    load_state,
    parameters_router,
)
from govkit.platform.problems import install_platform_problem_handlers
from govkit.platform.tables import calendar_years, parameter_values
from govkit.rules import ParameterDefinition

log = logging.getLogger("govkit.platform")

PLATFORM_TAGS: list[dict[str, str]] = [
    {"name": "rules", "description": "规则目录及其参数 Rules and the parameters they read"},
    {"name": "decisions", "description": "已保存的决定 Stored decisions"},
    {"name": "parameters", "description": "按日生效的参数 Effective-dated parameters"},
    {"name": "calendar", "description": "工作日历与年度节假日发布 Working-day calendar"},
    {"name": "audit", "description": "哈希链审计日志 Hash-chained audit log"},
]


def platform_routers(service: str) -> list[APIRouter]:
    return [
        decisions_router(service),
        parameters_router(service),
        deadline_router(service),  # before /calendar/{year}, which would take "deadline" as a year
        calendar_router(service),
        audit_router(service),
    ]


def install_platform(
    app: FastAPI,
    *,
    service: str,
    parameters: Sequence[ParameterDefinition],
    refresh_seconds: float,
) -> None:
    install_platform_problem_handlers(app)
    app.state.parameter_definitions = tuple(parameters)
    app.state.parameter_state = ParameterState.defaults(parameters)
    app.state.platform_loaded = False
    app.state.platform_fingerprint = None
    app.state.platform_refresh_seconds = refresh_seconds
    app.state.platform_refresher = None
    app.state.calendar_published_hooks = []  # see calendar_admin.CalendarPublishedHook
    for router in platform_routers(service):
        app.include_router(router)


_FINGERPRINT = sa.select(
    sa.select(sa.func.count()).select_from(calendar_years).scalar_subquery(),
    sa.select(sa.func.coalesce(sa.func.max(parameter_values.c.id), 0)).scalar_subquery(),
)


async def load_platform_state(app: FastAPI) -> None:
    """Load published calendar years and stored parameter values from the service's schema."""
    db: Database | None = app.state.db
    if db is None:
        return
    async with db.sessionmaker() as session:
        fingerprint = tuple((await session.execute(_FINGERPRINT)).one())
        notices = await load_published_notices(session)
        state = await load_state(session, app.state.parameter_definitions)
    publish_notices(notices)
    install_state(app, state)
    app.state.platform_fingerprint = fingerprint
    app.state.platform_loaded = True
    log.info(
        "platform state loaded",
        extra={
            "published_years": [n.year for n in notices],
            "parameter_values": len(state.stored),
        },
    )


async def refresh_platform_state(app: FastAPI) -> bool:
    """Reload when the fingerprint changed (or nothing was loaded yet); True when reloaded."""
    db: Database | None = app.state.db
    if db is None:
        return False
    if app.state.platform_loaded:
        async with db.engine.connect() as conn:
            fingerprint = tuple((await conn.execute(_FINGERPRINT)).one())
        if fingerprint == app.state.platform_fingerprint:
            return False
    await load_platform_state(app)
    return True


async def _refresher(app: FastAPI, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await refresh_platform_state(app)
        except Exception as exc:  # keep polling; readiness shows a failed first load
            log.warning("platform refresh failed: %s", type(exc).__name__)


async def start_platform(app: FastAPI) -> None:
    if app.state.db is None:
        return
    try:
        await load_platform_state(app)
    except Exception as exc:  # not migrated yet, or the database is down: readiness reports it
        log.error("platform state not loaded at start-up: %s", exc)
    interval = app.state.platform_refresh_seconds
    if interval and interval > 0:
        app.state.platform_refresher = asyncio.create_task(
            _refresher(app, interval), name="govkit-platform-refresh"
        )


async def stop_platform(app: FastAPI) -> None:
    task: asyncio.Task[Any] | None = app.state.platform_refresher
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        app.state.platform_refresher = None


async def platform_readiness(app: FastAPI) -> str:
    """'ok', or why the published calendar years and parameter values are not loaded."""
    if app.state.platform_loaded:
        return "ok"
    try:
        await load_platform_state(app)
    except Exception as exc:
        return f"not loaded: {type(exc).__name__}"
    return "ok"
