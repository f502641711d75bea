"""pytest fixtures for every service's tests (a development tool: no image installs it): a real PostgreSQL built by the real migrations.

`make test` starts the database and sets WZ_TEST_ADMIN_URL. Once per run a fresh database is
bootstrapped (roles, schemas) and every service's migrations are applied; each test then runs in
an outer transaction that is rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

import devstack.bootstrap as bs
import devstack.migrate as migrate
import devstack.stack as stack
from govkit.db import Database
from govkit.tokens import ensure_keys, mint

TEST_DATABASE = os.environ.get("WZ_TEST_DATABASE", "wz_test")
KEYS = migrate.ROOT / ".data" / "keys"


@dataclass(frozen=True)
class TestDatabase:
    __test__ = False  # not a test class, despite its name
    admin: str  # administrator, on the test database
    migrator: str
    services: dict[str, str]


def _admin_url() -> str:
    url = os.environ.get("WZ_TEST_ADMIN_URL")
    if not url:
        pytest.fail(
            "WZ_TEST_ADMIN_URL is not set: run the suite with `make test`, which starts PostgreSQL",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def test_database() -> TestDatabase:
    admin = _admin_url()
    asyncio.run(bs.drop_database(admin, TEST_DATABASE))
    urls = asyncio.run(bs.bootstrap(admin, TEST_DATABASE))
    for service in bs.SERVICES:
        migrate.upgrade(service, urls.migrator)
    return TestDatabase(urls.admin, urls.migrator, urls.services)


@pytest.fixture(scope="session")
def jwks_path() -> Path:
    return ensure_keys(KEYS)


@pytest.fixture(scope="session")
def make_token(jwks_path: Path) -> Callable[..., str]:
    def _make(*scopes: str, client_id: str = "test-client", user: str | None = None) -> str:
        return mint(jwks_path.parent, list(scopes), client_id=client_id, user=user)

    return _make


@pytest.fixture(scope="session")
def auth_headers(make_token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def _headers(*scopes: str, client_id: str = "test-client") -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(*scopes, client_id=client_id)}"}

    return _headers


class ServiceHarness:
    """An app on its real database role; `client` talks to it in process over ASGI."""

    def __init__(self, app: FastAPI, db: Database) -> None:
        self.app, self.db = app, db

    @staticmethod
    def client(app: FastAPI) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
            base_url="http://test",
        )


@pytest.fixture
def service_app_factory(test_database: TestDatabase, jwks_path: Path) -> Callable[..., Any]:
    """`async with service_app_factory(create_app, Settings, "fund", rollback=True) as (app, client)`."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def _factory(
        create_app: Callable[..., FastAPI],
        settings_cls: Callable[..., Any],
        name: str,
        *,
        rollback: bool = True,
        **overrides: Any,
    ) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
        settings = settings_cls(
            database_url=test_database.services[name],
            jwks_path=jwks_path,
            signing_key_path=KEYS / f"{name}-checkpoint-ed25519.pem",
            environment="test",
            **overrides,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            db: Database = app.state.db
            if rollback:
                async with db.engine.connect() as conn:
                    outer = await conn.begin()
                    session = AsyncSession(
                        bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
                    )
                    app.state.session_override = session
                    try:
                        async with ServiceHarness.client(app) as client:
                            yield app, client
                    finally:
                        app.state.session_override = None
                        await session.close()
                        await outer.rollback()
            else:
                async with ServiceHarness.client(app) as client:
                    yield app, client

    return _factory


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def running_stack(test_database: TestDatabase) -> Iterator[dict[str, str]]:
    """The four services and the gateway as real processes on free ports (gateway tests)."""
    ports = {s: free_port() for s in bs.SERVICES}
    gateway = free_port()
    urls = bs.StackUrls(test_database.admin, test_database.migrator, test_database.services)
    env = stack.service_env(urls, ports, gateway)
    procs = stack.Processes()
    procs.start(env, ports, gateway)
    targets = {s: f"http://127.0.0.1:{p}" for s, p in ports.items()}
    targets["gateway"] = f"http://127.0.0.1:{gateway}"
    try:
        procs.wait_healthy(targets, timeout=90)
        yield targets
    finally:
        procs.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the database are marked `db`, so `make test-db` can select them."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "running_stack" in names:
            item.add_marker(pytest.mark.stack)
        if "test_database" in names or "service_app_factory" in names:
            item.add_marker(pytest.mark.db)
