"""Fund checks benchmark: application checks per second in process, over HTTP straight to the fund
service and through the gateway, measured side by side in one run.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.fund_checks

Needs WZ_TEST_ADMIN_URL (an administrator's URL; `devstack test` sets it for the embedded
server). In one run it creates a scratch database, applies the fund migrations, starts the fund
service (uvicorn, uvloop + httptools, one worker process: one core's worth) and the gateway
(`python -m gateway`), then measures in interleaved rounds of bounded duration:

- in process: `fund.domain.check_application` on the worked-example application (the domain's
  `EXAMPLE_APPLICATION`), one thread — the figure the ≥ 10,000/s per core target is about;
- in process, the endpoint's own work: the JSON body parsed and validated into the request
  model, checked, and the Decision encoded (no HTTP, no token);
- over HTTP: `POST /fund/v1/checks/application` with that application, straight to the service
  and through the gateway, from a closed-loop asyncio client on keep-alive connections
  (bench/settlement/load.py); CPU time per check of each process from /proc.

It prints a table with the ratios and rewrites the "## Fund checks (bench/fund_checks)" section
of docs/BENCHMARKS.md (`--no-docs` to skip). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # python bench/fund_checks/__main__.py
    sys.path.insert(0, str(ROOT))

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
from bench.settlement.load import LoadResult, run_load  # noqa: E402

DOC = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Fund checks (bench/fund_checks)"
DATABASE = "wz_bench_fund_checks"
KEYS = ROOT / ".data" / "keys"
LOGS = ROOT / ".data" / "bench-fund-checks"
PATH = "/fund/v1/checks/application"
TARGET_PER_CORE = 10_000


# ---- processes and CPU ------------------------------------------------------------------------


async def prepare_database(admin: str) -> Any:
    import devstack.bootstrap as bs
    import devstack.migrate as migrate

    await bs.drop_database(admin, DATABASE)
    urls = await bs.bootstrap(admin, DATABASE)
    await asyncio.to_thread(migrate.upgrade, "fund", urls.migrator)
    return urls


# ---- measurements -----------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    rates: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    cpu_us: dict[str, list[float]] = field(default_factory=dict)  # per check, by process
    errors: int = 0
    note: str = ""

    def median(self) -> float:
        return statistics.median(self.rates) if self.rates else float("nan")

    def cpu(self, name: str) -> float | None:
        values = self.cpu_us.get(name)
        return statistics.median(values) if values else None


def timed_loop(fn: Callable[[], object], seconds: float) -> tuple[float, float]:
    """(calls per wall-clock second, calls per CPU-second of this thread) over about `seconds`.

    The second is the per-core figure: it holds when other work shares the cores, which only
    stretches the wall clock. Batches of 200 calls between clock reads.
    """
    for _ in range(200):
        fn()  # warm caches (parameter snapshots, pydantic validators)
    calls, start, cpu_start = 0, time.perf_counter(), time.thread_time()
    end = start + seconds
    while (now := time.perf_counter()) < end:
        for _ in range(200):
            fn()
        calls += 200
    cpu = time.thread_time() - cpu_start
    return calls / (now - start), calls / cpu


def in_process_calls() -> tuple[Callable[[], object], Callable[[], object], bytes]:
    """(the domain check, the endpoint's own work, the request body)."""
    from fund.api.check_schemas import EXAMPLE_APPLICATION, ApplicationCheck
    from fund.domain import check_application
    from fund.domain.examples import EXAMPLE_APPLICATION as FACTS
    from fund.domain.examples import EXAMPLE_AS_OF
    from fund.domain.parameters import DEFAULT_PARAMETERS
    from fund.service import checks

    body = orjson.dumps({**EXAMPLE_APPLICATION, "as_of": EXAMPLE_AS_OF.isoformat()})
    first = check_application(FACTS, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    if first.outcome.value != "pass":
        raise RuntimeError(f"the example application does not pass: {first.failed_rules}")

    def domain() -> object:
        return check_application(FACTS, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)

    def endpoint_work() -> object:
        request = ApplicationCheck.model_validate_json(body)
        return checks.json_response(checks.application(request, DEFAULT_PARAMETERS)).body

    return domain, endpoint_work, body


def check_factory(token: str, body: bytes) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def make(worker: int, n: int) -> tuple[str, str, dict[str, str], bytes]:
        return "POST", PATH, headers, body

    return make


def passed(status: int, payload: bytes) -> bool:
    return status == 200 and b'"outcome":"pass"' in payload


# ---- report -----------------------------------------------------------------------------------


def machine() -> str:
    return (
        f"nproc {os.cpu_count()} ({cpu_model()}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def _us(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "—"


def render(
    domain: list[tuple[float, float]],
    endpoint: list[tuple[float, float]],
    rows: list[Row],
    args: argparse.Namespace,
) -> str:
    wall = statistics.median(r[0] for r in domain)
    per_core = statistics.median(r[1] for r in domain)
    work_wall = statistics.median(r[0] for r in endpoint)
    work_core = statistics.median(r[1] for r in endpoint)
    lines = [
        SECTION,
        "",
        "`.venv/bin/python -m devstack test -- .venv/bin/python -m bench.fund_checks` "
        f"(bench/fund_checks). Machine: {machine()}. The worked-example application "
        "(`fund.domain.examples.EXAMPLE_APPLICATION`: every one of the 23 application rules "
        f"evaluated, all pass). In process: one thread, {args.rounds} rounds of "
        f'{args.seconds:g} s, median; "per CPU-second" divides by the thread\'s CPU time, so it '
        "is one core's rate even when other work shares the cores. Over HTTP: fund service = 1 "
        "uvicorn worker (uvloop, httptools), gateway = `python -m gateway` (rate limit off), "
        f"{args.connections} keep-alive connections from one asyncio client on the same cores, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s after {args.warmup:g} s "
        "warm-up, median; every answer checked (200, outcome pass); per CPU-second = per "
        "second of the service process's CPU.",
        "",
        "| path | checks/s | checks per CPU-second (one core) | vs in-process domain | p50 ms | "
        "p99 ms | errors | CPU µs per check: service / gateway / client |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| in process: `check_application` (domain) | {wall:,.0f} | {per_core:,.0f} | 1.00x | "
        f"— | — | 0 | {1e6 / per_core:,.0f} / — / — |",
        "| in process: body → request model → check → JSON (the endpoint's own work) | "
        f"{work_wall:,.0f} | {work_core:,.0f} | {work_core / per_core:.2f}x | — | — | 0 | "
        f"{1e6 / work_core:,.0f} / — / — |",
    ]
    for row in rows:
        if not row.rates:
            lines.append(f"| {row.name} | unavailable | — | — | — | — | {row.note} | — |")
            continue
        service = row.cpu("service")
        core = 1e6 / service if service else float("nan")
        lines.append(
            f"| {row.name} | {row.median():,.0f} | {core:,.0f} | {core / per_core:.2f}x | "
            f"{statistics.median(row.p50):.1f} | {statistics.median(row.p99):.1f} | "
            f"{row.errors} | {_us(service)} / {_us(row.cpu('gateway'))} / "
            f"{_us(row.cpu('client'))} |"
        )
    direct = rows[0].median() if rows and rows[0].rates else float("nan")
    gateway = rows[1].median() if len(rows) > 1 and rows[1].rates else float("nan")
    met = "met" if per_core >= TARGET_PER_CORE else "NOT met"
    lines += [
        "",
        f"**In process: {per_core:,.0f} checks per CPU-second, one core** ({wall:,.0f}/s by the "
        f"wall clock; target ≥ {TARGET_PER_CORE:,}/s per core: {met}). Over HTTP straight to "
        f"the service: {direct:,.0f}/s; through the gateway: {gateway:,.0f}/s "
        f"(gateway / straight: {gateway / direct:.2f}×).",
        "",
    ]
    return "\n".join(lines)


# ---- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.fund_checks", description=__doc__)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=5.0, help="measured seconds per round")
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    args = ap.parse_args(argv)

    admin = os.environ.get("WZ_TEST_ADMIN_URL")
    if not admin:
        print(
            "WZ_TEST_ADMIN_URL is not set; run: .venv/bin/python -m devstack test -- "
            ".venv/bin/python -m bench.fund_checks",
            file=sys.stderr,
        )
        return 2

    from govkit.tokens import ensure_keys, mint

    domain_call, endpoint_call, body = in_process_calls()
    print("preparing the database …", flush=True)
    urls = asyncio.run(prepare_database(admin))
    jwks = ensure_keys(KEYS)
    token = mint(KEYS, ["fund:read"], client_id="bench-fund-checks", ttl=3600)
    service_port, gateway_port = free_port(), free_port()
    service_url = f"http://127.0.0.1:{service_port}"
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    env = dict(os.environ)
    env.update(
        {
            "FUND_DATABASE_URL": urls.services["fund"],
            "FUND_JWKS_PATH": str(jwks),
            "FUND_LOG_LEVEL": "WARNING",
            "GATEWAY_FUND_URL": service_url,
            "GATEWAY_JWKS_PATH": str(jwks),
            "GATEWAY_RATE_LIMIT_PER_SECOND": "0",
            "GATEWAY_ACCESS_LOG": "off",
            "GATEWAY_LOG_LEVEL": "WARNING",
        }
    )
    service = gateway = None
    try:
        service = spawn(
            [
                sys.executable, "-m", "uvicorn", "--factory", "fund.main:create_app",
                "--host", "127.0.0.1", "--port", str(service_port), "--workers", "1",
                "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                "--log-level", "warning",
            ],
            env,
            LOGS / "fund.log",
        )  # fmt: skip
        wait_ready(service_url, service, "/readyz")
        gateway_note = ""
        try:
            gateway = spawn(
                [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port",
                 str(gateway_port)],
                env,
                LOGS / "gateway.log",
            )  # fmt: skip
            wait_ready(gateway_url, gateway, "/healthz", timeout=30)
        except RuntimeError as exc:
            gateway_note = f"gateway did not start: {exc}"
            stop(gateway)
            gateway = None
            print(gateway_note, file=sys.stderr)

        r = httpx.post(
            service_url + PATH,
            content=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        if not passed(r.status_code, r.content):
            raise RuntimeError(f"the check does not answer as expected: {r.status_code} {r.text}")

        domain: list[tuple[float, float]] = []
        endpoint: list[tuple[float, float]] = []
        direct = Row("over HTTP straight to the service")
        via_gateway = Row("over HTTP through the gateway", note=gateway_note)
        make = check_factory(token, body)
        for rnd in range(args.rounds):
            domain.append(timed_loop(domain_call, args.seconds))
            endpoint.append(timed_loop(endpoint_call, args.seconds))
            print(
                f"round {rnd + 1}: in process {domain[-1][0]:,.0f}/s "
                f"({domain[-1][1]:,.0f} per CPU-second), endpoint work {endpoint[-1][0]:,.0f}/s "
                f"({endpoint[-1][1]:,.0f} per CPU-second)",
                flush=True,
            )
            for row, base in ((direct, service_url), (via_gateway, gateway_url)):
                if row is via_gateway and gateway is None:
                    continue
                groups = {"service": family(service.pid), "client": [os.getpid()]}
                if row is via_gateway and gateway is not None:
                    groups["gateway"] = [gateway.pid]
                before = cpu_seconds(groups)
                result: LoadResult = run_loop(
                    run_load(
                        base,
                        make,
                        connections=args.connections,
                        seconds=args.seconds,
                        warmup=args.warmup,
                        check=passed,
                    )
                )
                after = cpu_seconds(groups)
                done = max(result.completed, 1)
                for name in after:
                    row.cpu_us.setdefault(name, []).append(
                        (after[name] - before[name]) * 1e6 / done
                    )
                row.rates.append(result.rate)
                row.p50.append(result.p(0.5))
                row.p99.append(result.p(0.99))
                row.errors += result.failures + sum(
                    n for s, n in result.statuses.items() if s != 200
                )
                print(
                    f"round {rnd + 1}: {row.name} {result.rate:,.0f}/s "
                    f"(statuses {dict(result.statuses)}, failures {result.failures})",
                    flush=True,
                )

        report = render(domain, endpoint, [direct, via_gateway], args)
        print()
        print(report)
        if not args.no_docs:
            update_docs(DOC, SECTION, report)
            print(f"written to {DOC.relative_to(ROOT)}")
        return 0
    finally:
        stop(gateway)
        stop(service)
        try:
            import devstack.bootstrap as bs

            asyncio.run(bs.drop_database(admin, DATABASE))
        except Exception as exc:  # leave it; the next run drops it first
            print(f"could not drop {DATABASE}: {exc}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
