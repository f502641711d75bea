"""Database access per service: one async engine on the service's own role and schema.

The session dependency commits when the endpoint returns and rolls back on any error, before the
response is sent (`scope="function"`), so a client never sees success for a write that did not
commit. Use cases take the session and never commit themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_metadata(schema: str) -> MetaData:
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def async_url(url: str) -> str:
    """Accept postgres://, postgresql:// or postgresql+asyncpg:// and use asyncpg."""
    for prefix in (
        "postgresql+asyncpg://",
        "postgresql+psycopg://",
        "postgresql://",
        "postgres://",
    ):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database URL must be a postgresql:// URL")


class Database:
    def __init__(
        self, url: str, schema: str, *, pool_size: int = 10, max_overflow: int = 10
    ) -> None:
        self.schema = schema
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=True,
            connect_args={"server_settings": {"search_path": schema, "timezone": "UTC"}},
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def migration_revision(self) -> str | None:
        async with self.engine.connect() as conn:
            row = await conn.execute(
                text(f'SELECT version_num FROM "{self.schema}".alembic_version')  # noqa: S608
            )
            return row.scalar_one_or_none()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    override = getattr(request.app.state, "session_override", None)
    if override is not None:  # tests: one outer transaction per test, rolled back afterwards
        nested = await override.begin_nested()
        try:
            yield override
            await nested.commit()
        except BaseException:
            await nested.rollback()
            raise
        return
    db: Database = request.app.state.db
    async with db.sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def head_revision(migrations_dir: Path) -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    return ScriptDirectory.from_config(cfg).get_current_head()
