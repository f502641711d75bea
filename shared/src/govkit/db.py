"""Database access per service: one async engine on the service's own role and schema.

The session dependency commits when the endpoint returns and rolls back on any error, before the
response is sent (`scope="function"`), so a client never sees success for a write that did not
commit. Use cases take the session and never commit themselves.

Connections are not pinged on every checkout (a ping is a round trip — with asyncpg three: BEGIN,
`;`, ROLLBACK — on every request). A connection the server dropped fails its first statement;
SQLAlchemy then discards it and every older pooled connection, and the next request reconnects.
`pool_recycle` retires connections before idle-timeouts of firewalls or poolers cut them.

Hot paths may run statements on the session's own asyncpg connection (`driver_connection`):
same connection, same transaction, without the ORM layer's per-statement cost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import asyncpg
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
        self,
        url: str,
        schema: str,
        *,
        pool_size: int = 10,
        max_overflow: int = 10,
        pre_ping: bool = False,
        pool_recycle: int = 1800,
    ) -> None:
        self.schema = schema
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_pre_ping=pre_ping,
            pool_recycle=pool_recycle,
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

_DRIVER = "govkit.db.driver"


async def driver_connection(session: AsyncSession) -> asyncpg.Connection:
    """The asyncpg connection under `session`, inside the session's transaction.

    Statements run on it belong to the session's transaction (and savepoint): they commit or roll
    back with it. The transaction is begun here if no statement has run yet. The connection is
    remembered for the rest of the transaction, so later calls cost an attribute look-up.
    """
    sync = session.sync_session
    # A savepoint begun since (begin_nested) is only emitted by the session's own connection
    # call: the cache holds for one (transaction, savepoint) pair.
    state = (sync.get_transaction(), sync.get_nested_transaction())
    cached: tuple[tuple[Any, Any], asyncpg.Connection] | None = session.info.get(_DRIVER)
    if cached is not None:
        seen, raw = cached
        if seen[0] is state[0] and seen[1] is state[1] and raw.is_in_transaction():
            return raw
    conn = await session.connection()
    pooled = await conn.get_raw_connection()
    if not isinstance(pooled.driver_connection, asyncpg.Connection):
        raise RuntimeError("the session's driver is not asyncpg")
    raw = pooled.driver_connection
    if not raw.is_in_transaction():
        # SQLAlchemy begins lazily, with its first statement; begin now, without a statement.
        adapter = pooled.dbapi_connection
        begin = getattr(adapter, "_start_transaction", None)
        if begin is not None and getattr(adapter, "_transaction", False) is None:
            await begin()
        else:
            await session.execute(text("SELECT 1"))
    if not raw.is_in_transaction():
        raise RuntimeError("the session's connection is not in a transaction")
    session.info[_DRIVER] = ((sync.get_transaction(), sync.get_nested_transaction()), raw)
    return raw


def head_revision(migrations_dir: Path) -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    return ScriptDirectory.from_config(cfg).get_current_head()
