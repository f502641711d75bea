"""Bring the stack up: database (embedded unless DATABASE_URL), roles, migrations, keys, processes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack import bootstrap as bs
from devstack import migrate
from devstack import ports as devports
from devstack.pg import EmbeddedPostgres
from govkit.registry import registry
from govkit.tokens import ensure_keys

ROOT = migrate.ROOT
DATA = Path(os.environ.get("WZ_DATA_DIR", ROOT / ".data"))
KEYS = DATA / "keys"
SERVICE_PORTS = {s.name: s.port for s in registry().services}


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
        env[f"{p}_SIGNING_KEY_PATH"] = str(KEYS / registry()[service].signing_key_file)
        env[f"{p}_PORT"] = str(port)
        env[f"GATEWAY_{p}_URL"] = f"http://127.0.0.1:{port}"
    env["GATEWAY_JWKS_PATH"] = jwks
    env["GATEWAY_PORT"] = str(gateway_port)
    return env


class PortTaken(RuntimeError):
    pass


def check_ports_free(ports: dict[str, int]) -> None:
    taken = [
        f"{name} port {port} is in use by {devports.who(port)}"
        for name, port in ports.items()
        if not devports.port_free(port)
    ]
    if taken:
        names = ", ".join(f"{n.upper()}_PORT" for n in ports)
        raise PortTaken(
            "cannot start the stack: "
            + "; ".join(taken)
            + f". Stop it or choose other ports ({names})."
        )


class Stopping(BaseException):
    """SIGTERM: unwind from wherever the stack is (start-up included) and stop what it started."""


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
        return prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()  # looked up here: a forked child only calls it
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In a child: get SIGTERM when the process that started it dies (Linux), so no service
    outlives a killed stack."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    args: list[str]
    port: int
    proc: subprocess.Popen[bytes]
    started_at: float
    restarts: int = 0
    restart_at: float | None = None  # when a dead child is due to be started again


@dataclass
class Processes:
    """The services and the gateway as child processes: started on ports checked to be free,
    ready only when the listener on each port is the child itself, restarted with backoff when
    one dies, stopped together."""

    children: dict[str, Child] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    backoff_initial: float = 1.0
    backoff_max: float = 30.0
    # A child that stayed up this long has its backoff reset.
    stable_after: float = 60.0
    log: Callable[[str], None] = field(
        default=lambda line: print(line, file=sys.stderr, flush=True)
    )

    @property
    def procs(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: c.proc for name, c in self.children.items()}

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        out = open(self.log_dir / f"{name}.log", "ab") if self.log_dir else None  # noqa: SIM115
        try:
            return subprocess.Popen(
                args,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                # Own process group: a terminal's Ctrl-C reaches the stack, which stops the
                # children in order; they die with it all the same (_die_with_parent).
                start_new_session=True,
                preexec_fn=_die_with_parent,  # only calls prctl (looked up beforehand)
            )
        finally:
            if out is not None:
                out.close()

    def start(
        self,
        env: dict[str, str],
        ports: dict[str, int],
        gateway_port: int,
        log_dir: Path | None = None,
    ) -> None:
        self.env, self.log_dir = env, log_dir
        commands = {service: _service_command(service, port) for service, port in ports.items()}
        commands["gateway"] = [
            sys.executable,
            "-m",
            "gateway",
            "--host",
            "127.0.0.1",
            "--port",
            str(gateway_port),
        ]
        all_ports = {**ports, "gateway": gateway_port}
        check_ports_free(all_ports)
        if log_dir:
            log_dir.mkdir(parents=True, exist_ok=True)
        now = time.monotonic()
        for name, args in commands.items():
            self.children[name] = Child(name, args, all_ports[name], self._spawn(name, args), now)

    def _ready(self, child: Child, url: str) -> bool:
        try:
            r = httpx.get(url + "/readyz", timeout=1)
        except httpx.HTTPError:
            return False
        if not devports.owned_by(child.port, child.proc.pid):
            raise PortTaken(
                f"{child.name}: port {child.port} answers, but not from the process started "
                f"here ({devports.who(child.port)})"
            )
        if r.status_code != 200:
            return False
        try:
            answered = r.json().get("service")
        except ValueError:
            answered = None
        if answered != child.name:
            raise PortTaken(f"{child.name}: port {child.port} is served by {answered!r}")
        return True

    def wait_healthy(self, urls: dict[str, str], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = dict(urls)
        while pending and time.monotonic() < deadline:
            for name, url in list(pending.items()):
                child = self.children.get(name)
                if child is not None and child.proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {child.proc.returncode}")
                if child is None or self._ready(child, url):
                    del pending[name]
            time.sleep(0.2)
        if pending:
            raise RuntimeError(f"not ready after {timeout:.0f}s: {', '.join(pending)}")

    def supervise(self) -> None:
        """One pass: restart, with exponential backoff, every child that has died."""
        now = time.monotonic()
        for child in self.children.values():
            code = child.proc.poll()
            if code is None:
                if child.restarts and now - child.started_at > self.stable_after:
                    child.restarts = 0
                continue
            if child.restart_at is None:
                delay = min(self.backoff_max, self.backoff_initial * 2**child.restarts)
                child.restart_at = now + delay
                self.log(
                    f"{child.name} exited with code {code}; restarting in {delay:g} s"
                    f" (restart {child.restarts + 1})"
                )
            elif now >= child.restart_at:
                if not devports.port_free(child.port):
                    child.restart_at = now + self.backoff_initial
                    self.log(
                        f"{child.name}: port {child.port} is in use by {devports.who(child.port)}; waiting"
                    )
                    continue
                child.proc = self._spawn(child.name, child.args)
                child.started_at, child.restart_at = now, None
                child.restarts += 1
                self.log(f"{child.name} restarted (pid {child.proc.pid})")

    def stop(self) -> None:
        for child in self.children.values():
            if child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.proc.kill()
                child.proc.wait()


def _service_command(service: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        registry()[service].app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
