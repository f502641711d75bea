"""Run the checks benchmark: every service module's workloads side by side, then over HTTP.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.checks
    .venv/bin/python -m bench.checks --no-http          (in process only, no database)
    .venv/bin/python -m bench.checks --smoke            (tiny durations, docs not written)

The modules are found by themselves: every module of bench/checks with a `workloads()` (see
bench/checks/__init__.py). In interleaved rounds of bounded duration it times each workload in
process (one thread; checks per wall-clock second and per CPU-second of the thread), then each
module's `http_checks()` over HTTP straight to its service (uvicorn, uvloop + httptools, one
worker process: one core's worth) and through the gateway (`python -m gateway`, rate limit
off), from a closed-loop asyncio client on keep-alive connections (bench/settlement/load.py),
with each process's CPU time per check from /proc. The HTTP part needs WZ_TEST_ADMIN_URL (an
administrator's URL; `devstack test` sets it): it creates a scratch database and applies the
migrations of the services it starts.

It prints the tables and rewrites the "## Checks (bench/checks)" section of docs/BENCHMARKS.md
(`--no-docs` or `--smoke` to skip). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import pkgutil
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # python bench/checks/__main__.py
    sys.path.insert(0, str(ROOT))

from bench.checks import HttpCheck  # noqa: E402
from bench.common import (  # noqa: E402
    cpu_model,
    cpu_seconds,
    family,
    free_port,
    run_loop,
    spawn,
    stop,
    update_docs,
    wait_ready,
)
from bench.settlement.load import run_load  # noqa: E402

DOC = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Checks (bench/checks)"
DATABASE = "wz_bench_checks"
KEYS = ROOT / ".data" / "keys"
LOGS = ROOT / ".data" / "bench-checks"
BATCH = 200  # calls between clock reads


def service_modules(only: list[str] | None = None) -> list[ModuleType]:
    """Every module of this package with a `workloads()`, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if info.name.startswith("_") or (only and info.name not in only):
            continue
        module = importlib.import_module(f"bench.checks.{info.name}")
        if callable(getattr(module, "workloads", None)):
            found.append(module)
    if only and {m.__name__.rsplit(".", 1)[1] for m in found} != set(only):
        raise SystemExit(f"no such checks module among: {', '.join(only)}")
    return found


# ---- measurements -----------------------------------------------------------------------------


def timed_loop(fn: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(calls per wall-clock second, calls per CPU-second of this thread) over about `seconds`.

    The second is the per-core figure: it holds when other work shares the cores, which only
    stretches the wall clock.
    """
    for _ in range(BATCH):
        fn()  # warm caches (parameter snapshots, pydantic validators)
    calls, start, cpu_start = 0, time.perf_counter(), time.thread_time()
    end = start + seconds
    while True:
        for _ in range(BATCH):
            fn()
        calls += BATCH
        if (now := time.perf_counter()) >= end:
            break
    cpu = max(time.thread_time() - cpu_start, 1e-9)
    return calls / (now - start), calls / cpu


@dataclass
class InProcess:
    label: str
    fn: Callable[[], object]
    target: int | None = None
    wall: list[float] = field(default_factory=list)
    core: list[float] = field(default_factory=list)

    def per_core(self) -> float:
        return statistics.median(self.core)


@dataclass
class OverHttp:
    check: HttpCheck
    via: str  # "service" or "gateway"
    rates: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    cpu_us: dict[str, list[float]] = field(default_factory=dict)  # per check, by process
    errors: int = 0
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.check.label} — {'straight to the service' if self.via == 'service' else 'through the gateway'}"

    def median(self) -> float:
        return statistics.median(self.rates) if self.rates else float("nan")

    def cpu(self, process: str) -> float | None:
        values = self.cpu_us.get(process)
        return statistics.median(values) if values else None


# ---- the services over HTTP -------------------------------------------------------------------


class Stack:
    """The services the HTTP checks need, each one uvicorn worker, and a gateway in front."""

    def __init__(self, admin: str, services: list[str], scopes: set[str]) -> None:
        self.admin, self.services, self.scopes = admin, services, scopes
        self.procs: dict[str, Any] = {}
        self.urls: dict[str, str] = {}
        self.gateway_note = ""
        self.token = ""

    def start(self) -> None:
        import devstack.bootstrap as bs
        import devstack.migrate as migrate
        from govkit.tokens import ensure_keys, mint

        asyncio.run(bs.drop_database(self.admin, DATABASE))
        urls = asyncio.run(bs.bootstrap(self.admin, DATABASE))
        for service in self.services:
            migrate.upgrade(service, urls.migrator)
        jwks = ensure_keys(KEYS)
        self.token = mint(KEYS, sorted(self.scopes), client_id="bench-checks", ttl=3600)
        env = dict(os.environ)
        ports = {s: free_port() for s in self.services}
        for service, port in ports.items():
            p = service.upper()
            env.update(
                {
                    f"{p}_DATABASE_URL": urls.services[service],
                    f"{p}_JWKS_PATH": str(jwks),
                    f"{p}_LOG_LEVEL": "WARNING",
                    f"GATEWAY_{p}_URL": f"http://127.0.0.1:{port}",
                }
            )
        env.update(
            {
                "GATEWAY_JWKS_PATH": str(jwks),
                "GATEWAY_RATE_LIMIT_PER_SECOND": "0",
                "GATEWAY_ACCESS_LOG": "off",
                "GATEWAY_LOG_LEVEL": "WARNING",
            }
        )
        for service, port in ports.items():
            url = f"http://127.0.0.1:{port}"
            self.procs[service] = spawn(
                [
                    sys.executable, "-m", "uvicorn", "--factory", f"{service}.main:create_app",
                    "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
                    "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                    "--log-level", "warning",
                ],
                env,
                LOGS / f"{service}.log",
            )  # fmt: skip
            wait_ready(url, self.procs[service], "/readyz")
            self.urls[service] = url
        gateway_port = free_port()
        url = f"http://127.0.0.1:{gateway_port}"
        try:
            self.procs["gateway"] = spawn(
                [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port",
                 str(gateway_port)],
                env,
                LOGS / "gateway.log",
            )  # fmt: skip
            wait_ready(url, self.procs["gateway"], "/healthz", timeout=30)
            self.urls["gateway"] = url
        except RuntimeError as exc:
            self.gateway_note = f"gateway did not start: {exc}"
            stop(self.procs.pop("gateway", None))
            print(self.gateway_note, file=sys.stderr)

    def headers(self, check: HttpCheck) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            **check.headers,
        }

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            stop(proc)
        try:
            import devstack.bootstrap as bs

            asyncio.run(bs.drop_database(self.admin, DATABASE))
        except Exception as exc:  # leave it; the next run drops it first
            print(f"could not drop {DATABASE}: {exc}", file=sys.stderr)


def measure_http(row: OverHttp, stack: Stack, args: argparse.Namespace) -> None:
    check = row.check
    base = stack.urls[check.service if row.via == "service" else "gateway"]
    headers = stack.headers(check)

    def make(worker: int, n: int) -> tuple[str, str, dict[str, str], bytes]:
        return "POST", check.path, headers, check.body

    groups = {"service": family(stack.procs[check.service].pid), "client": [os.getpid()]}
    if row.via == "gateway":
        groups["gateway"] = [stack.procs["gateway"].pid]
    before = cpu_seconds(groups)
    result = run_loop(
        run_load(
            base,
            make,
            connections=args.connections,
            seconds=args.seconds,
            warmup=args.warmup,
            check=check.passed,
        )
    )
    after = cpu_seconds(groups)
    done = max(result.completed, 1)
    for name in after:
        row.cpu_us.setdefault(name, []).append((after[name] - before[name]) * 1e6 / done)
    row.rates.append(result.rate)
    row.p50.append(result.p(0.5))
    row.p99.append(result.p(0.99))
    row.errors += result.failures + sum(n for s, n in result.statuses.items() if s != 200)
    print(
        f"  {row.name}: {result.rate:,.0f}/s (statuses {dict(result.statuses)}, "
        f"failures {result.failures})",
        flush=True,
    )


# ---- report -----------------------------------------------------------------------------------


def machine() -> str:
    return (
        f"nproc {os.cpu_count()} ({cpu_model()}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def _us(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "—"


def render(
    modules: list[ModuleType],
    local: list[InProcess],
    remote: list[OverHttp],
    args: argparse.Namespace,
) -> str:
    by_label = {w.label: w for w in local}
    names = ", ".join(f"`bench/checks/{m.__name__.rsplit('.', 1)[1]}.py`" for m in modules)
    lines = [
        SECTION,
        "",
        "`.venv/bin/python -m devstack test -- .venv/bin/python -m bench.checks` "
        f"(bench/checks; modules {names}). Machine: {machine()}. In process: one thread, "
        f'{args.rounds} interleaved rounds of {args.seconds:g} s per workload, median; "per '
        "CPU-second\" divides by the thread's CPU time, so it is one core's rate even when other "
        "work shares the cores.",
        "",
        "| workload (in process) | checks/s | checks per CPU-second (one core) | CPU µs per check "
        "| target per core |",
        "|---|---:|---:|---:|---:|",
    ]
    for w in local:
        per_core = w.per_core()
        target = (
            f"{w.target:,}: {'met' if per_core >= w.target else 'NOT met'}" if w.target else "—"
        )
        lines.append(
            f"| {w.label} | {statistics.median(w.wall):,.0f} | {per_core:,.0f} | "
            f"{1e6 / per_core:,.1f} | {target} |"
        )
    if remote:
        lines += [
            "",
            "Over HTTP: each service = 1 uvicorn worker (uvloop, httptools), gateway = `python -m "
            f"gateway` (rate limit off), {args.connections} keep-alive connections from one "
            f"asyncio client on the same cores, {args.rounds} interleaved rounds of "
            f"{args.seconds:g} s after {args.warmup:g} s warm-up, median; every answer checked; "
            "per CPU-second = per second of the service process's CPU.",
            "",
            "| check over HTTP | checks/s | checks per service CPU-second | vs in process | "
            "p50 ms | p99 ms | errors | CPU µs per check: service / gateway / client |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in remote:
            if not row.rates:
                lines.append(f"| {row.name} | unavailable | — | — | — | — | {row.note} | — |")
                continue
            service = row.cpu("service")
            core = 1e6 / service if service else float("nan")
            base = by_label[row.check.baseline].per_core()
            lines.append(
                f"| {row.name} | {row.median():,.0f} | {core:,.0f} | {core / base:.2f}x | "
                f"{statistics.median(row.p50):.1f} | {statistics.median(row.p99):.1f} | "
                f"{row.errors} | {_us(service)} / {_us(row.cpu('gateway'))} / "
                f"{_us(row.cpu('client'))} |"
            )
    lines += ["", *summary(local, remote), ""]
    return "\n".join(lines)


def summary(local: list[InProcess], remote: list[OverHttp]) -> list[str]:
    """Sentences from this run's numbers only."""
    out = []
    for w in local:
        if w.target:
            per_core = w.per_core()
            verdict = "met" if per_core >= w.target else "NOT met"
            out.append(
                f"**{w.label}: {per_core:,.0f} checks per CPU-second, one core** (target ≥ "
                f"{w.target:,}: {verdict})."
            )
    pairs: dict[str, dict[str, OverHttp]] = {}
    for row in remote:
        pairs.setdefault(row.check.label, {})[row.via] = row
    for label, rows in pairs.items():
        direct, via = rows.get("service"), rows.get("gateway")
        if direct and direct.rates and via and via.rates:
            out.append(
                f"{label}: {direct.median():,.0f}/s straight to the service, "
                f"{via.median():,.0f}/s through the gateway (gateway / straight: "
                f"{via.median() / direct.median():.2f}×)."
            )
        elif direct and direct.rates:
            out.append(f"{label}: {direct.median():,.0f}/s straight to the service; gateway "
                       f"unavailable ({via.note if via else 'not run'}).")  # fmt: skip
    return [" ".join(out)] if out else []


# ---- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.checks", description=__doc__)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=5.0, help="measured seconds per round")
    ap.add_argument("--warmup", type=float, default=1.0, help="HTTP warm-up per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="+", metavar="MODULE", help="these modules only (e.g. fund)")
    ap.add_argument("--no-http", action="store_true", help="in process only")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    ap.add_argument(
        "--smoke", action="store_true", help="tiny durations, one round, docs not written"
    )
    args = ap.parse_args(argv)
    if args.smoke:
        args.seconds, args.warmup, args.rounds, args.connections = 0.05, 0.1, 1, 2
        args.no_docs = True

    modules = service_modules(args.only)
    local: list[InProcess] = []
    remote: list[OverHttp] = []
    for module in modules:
        targets = getattr(module, "TARGETS", {})
        local += [InProcess(label, fn, targets.get(label)) for label, fn in module.workloads()]
        if not args.no_http and hasattr(module, "http_checks"):
            for check in module.http_checks():
                remote += [OverHttp(check, "service"), OverHttp(check, "gateway")]
    labels = {w.label for w in local}
    for row in remote:
        if row.check.baseline not in labels:
            raise SystemExit(f"{row.check.label}: no in-process workload {row.check.baseline!r}")

    stack = None
    if remote:
        admin = os.environ.get("WZ_TEST_ADMIN_URL")
        if not admin:
            print(
                "WZ_TEST_ADMIN_URL is not set (the HTTP checks need a database); run: "
                ".venv/bin/python -m devstack test -- .venv/bin/python -m bench.checks, "
                "or add --no-http",
                file=sys.stderr,
            )
            return 2
        services = sorted({row.check.service for row in remote})
        scopes = {s for row in remote for s in row.check.scopes}
        stack = Stack(admin, services, scopes)
    try:
        if stack is not None:
            print("starting the services …", flush=True)
            stack.start()
            for row in remote:
                if row.via == "gateway" and "gateway" not in stack.urls:
                    row.note = stack.gateway_note
                    continue
                check, base = row.check, stack.urls[row.check.service]
                if row.via == "service":  # one answer checked before any timing
                    r = httpx.post(
                        base + check.path, content=check.body, headers=stack.headers(check)
                    )
                    if not check.passed(r.status_code, r.content):
                        raise RuntimeError(f"{check.label}: {r.status_code} {r.text[:500]}")
        for rnd in range(args.rounds):
            print(f"round {rnd + 1}:", flush=True)
            for w in local:
                wall, core = timed_loop(w.fn, args.seconds)
                w.wall.append(wall)
                w.core.append(core)
                print(f"  {w.label}: {wall:,.0f}/s ({core:,.0f} per CPU-second)", flush=True)
            for row in remote:
                if stack is not None and not row.note:
                    measure_http(row, stack, args)
        report = render(modules, local, remote, args)
        print()
        print(report)
        if not args.no_docs:
            update_docs(DOC, SECTION, report)
            print(f"written to {DOC.relative_to(ROOT)}")
        broken = [r.name for r in remote if r.errors or not r.median() > 0]
        if broken:  # a benchmark that measured failures has measured nothing
            print(f"errors or no answers: {'; '.join(broken)}", file=sys.stderr)
            return 1
        return 0
    finally:
        if stack is not None:
            stack.stop()


if __name__ == "__main__":
    raise SystemExit(main())
