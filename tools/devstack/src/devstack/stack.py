"""Bring the stack up: database (embedded unless DATABASE_URL), roles, migrations, keys, processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack import bootstrap as bs
from devstack import migrate
from devstack.pg import EmbeddedPostgres
from govkit.tokens import ensure_keys

ROOT = migrate.ROOT
DATA = Path(os.environ.get("WZ_DATA_DIR", ROOT / ".data"))
KEYS = DATA / "keys"
SERVICE_PORTS = {"fund": 8001, "housing": 8002, "medical": 8003, "airdefence": 8004}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Database:
    admin_url: str
    embedded: EmbeddedPostgres | None

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()


def start_database() -> Database:
    url = os.environ.get("DATABASE_URL")
    if url:
        return Database(url, None)
    pg = EmbeddedPostgres(DATA / "pg", env_int("WZ_PG_PORT", 55432))
    pg.start()
    return Database(pg.admin_url, pg)


def prepare(admin_url: str, database: str) -> bs.StackUrls:
    urls = asyncio.run(bs.bootstrap(admin_url, database))
    for service in bs.SERVICES:
        migrate.upgrade(service, urls.migrator)
    return urls


def service_env(urls: bs.StackUrls, ports: dict[str, int], gateway_port: int) -> dict[str, str]:
    jwks = str(ensure_keys(KEYS))
    env = dict(os.environ)
    for service, port in ports.items():
        p = service.upper()
        env[f"{p}_DATABASE_URL"] = urls.services[service]
        env[f"{p}_JWKS_PATH"] = jwks
        env[f"{p}_SIGNING_KEY_PATH"] = str(KEYS / f"{service}-checkpoint-ed25519.pem")
        env[f"{p}_PORT"] = str(port)
        env[f"GATEWAY_{p}_URL"] = f"http://127.0.0.1:{port}"
    env["GATEWAY_JWKS_PATH"] = jwks
    env["GATEWAY_PORT"] = str(gateway_port)
    return env


@dataclass
class Processes:
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(
        self,
        env: dict[str, str],
        ports: dict[str, int],
        gateway_port: int,
        log_dir: Path | None = None,
    ) -> None:
        def spawn(name: str, args: list[str]) -> None:
            out = open(log_dir / f"{name}.log", "ab") if log_dir else None  # noqa: SIM115
            self.procs[name] = subprocess.Popen(
                args, env=env, stdout=out, stderr=subprocess.STDOUT if out else None
            )

        if log_dir:
            log_dir.mkdir(parents=True, exist_ok=True)
        for service, port in ports.items():
            spawn(
                service,
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    f"{service}.main:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                    "--log-level",
                    "warning",
                ],
            )
        spawn(
            "gateway",
            [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port", str(gateway_port)],
        )

    def wait_healthy(self, urls: dict[str, str], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = dict(urls)
        while pending and time.monotonic() < deadline:
            for name, url in list(pending.items()):
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {proc.returncode}")
                try:
                    if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        if pending:
            raise RuntimeError(f"not ready after {timeout:.0f}s: {', '.join(pending)}")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
