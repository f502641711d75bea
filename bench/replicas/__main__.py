"""Settlements with 1 and 2 service processes, side by side in one run.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.replicas

Two medical services on the same database at once: one uvicorn process, and two processes
sharing one listening socket (what two replicas behind a Service are, less the network). The
same load (every request a new claim with its own Idempotency-Key, settled by resident ID)
goes to each in interleaved rounds, so both see the same machine. It prints settlements/s of
each, their ratio, CPU per settlement of the service processes and PostgreSQL, and rewrites the
"## Replicas (bench/replicas)" section of docs/BENCHMARKS.md (`--no-docs` to skip).
Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import family, free_port, run_loop, spawn, stop, update_docs, wait_ready  # noqa: E402
from bench.settlement.__main__ import (  # noqa: E402
    KEYS,
    P,
    Row,
    _postgres_pids,
    consistency,
    cpu_snapshot,
    created,
    machine,
    prepare_database,
    resident_ids,
    settlement_factory,
)
from bench.settlement.load import run_load  # noqa: E402

DOC = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Replicas (bench/replicas)"
LOGS = ROOT / ".data" / "bench-replicas"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--warmup", type=float, default=1.5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args(argv)
    admin = os.environ.get("WZ_TEST_ADMIN_URL")
    if not admin:
        print(
            "run: .venv/bin/python -m devstack test -- .venv/bin/python -m bench.replicas",
            file=sys.stderr,
        )
        return 2

    from govkit.tokens import ensure_keys, mint

    urls = asyncio.run(prepare_database(admin))
    jwks = ensure_keys(KEYS)
    token = mint(KEYS, ["medical:settle", "medical:write", "medical:read", "audit:read"],
                 client_id="bench-replicas", ttl=3600)  # fmt: skip
    env = dict(os.environ)
    env.update(
        {
            "MEDICAL_DATABASE_URL": urls.services["medical"],
            "MEDICAL_JWKS_PATH": str(jwks),
            "MEDICAL_LOG_LEVEL": "WARNING",
            # The same pool per process as a replica would have.
            "MEDICAL_DB_POOL_SIZE": "16",
            "MEDICAL_DB_MAX_OVERFLOW": "8",
        }
    )
    services: dict[int, tuple[str, object]] = {}
    try:
        for workers in (1, 2):
            port = free_port()
            proc = spawn(
                [sys.executable, "-m", "uvicorn", "--factory", "medical.main:create_app",
                 "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                 "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                 "--log-level", "warning"],
                env,
                LOGS / f"medical-{workers}.log",
            )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            services[workers] = (url, proc)
            wait_ready(url, proc, "/readyz")
        ids = resident_ids(args.persons)
        csv = "resident_id,category,recognised_on\n" + "".join(
            f"{rid},{'tekun' if i % 10 == 0 else 'dibao'},2021-06-01\n" for i, rid in enumerate(ids)
        )
        r = httpx.post(f"{services[1][0]}{P}/imports", content=csv.encode(), timeout=120,
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"})  # fmt: skip
        if r.status_code != 201:
            raise RuntimeError(f"import failed: {r.status_code} {r.text[:300]}")
        rows = {w: Row(f"{w} service process{'es' if w > 1 else ''}") for w in (1, 2)}
        for rnd in range(args.rounds):
            order = (1, 2) if rnd % 2 == 0 else (2, 1)
            for workers in order:
                url, proc = services[workers]
                make = settlement_factory(token, ids, f"r{rnd}w{workers}")
                groups = {"service": family(proc.pid), "postgres": _postgres_pids()}
                before = cpu_snapshot(groups)
                result = run_loop(run_load(url, make, connections=args.connections,
                                           seconds=args.seconds, warmup=args.warmup, check=created))  # fmt: skip
                rows[workers].results.append(result)
                rows[workers].add_cpu(before, cpu_snapshot(groups), result.completed)
                print(f"round {rnd + 1}: {workers} process(es) {result.rate:,.0f}/s "
                      f"(statuses {dict(result.statuses)}, failures {result.failures})", flush=True)  # fmt: skip
        with httpx.Client(base_url=services[1][0], timeout=60) as client:
            verify = client.get(f"{P}/audit/verify", headers={"Authorization": f"Bearer {token}"})
        settled, years, bad = asyncio.run(consistency(urls.admin))
        valid = verify.status_code == 200 and verify.json()["valid"]
        report = render(args, rows, machine(admin), settled, years, bad, valid)
        print("\n" + report)
        if not args.no_docs:
            update_docs(DOC, SECTION, report)
        return 0 if valid and not bad else 1
    finally:
        for _, proc in services.values():
            stop(proc)  # type: ignore[arg-type]


def render(
    args: argparse.Namespace,
    rows: dict[int, Row],
    machine_line: str,
    settled: int,
    years: int,
    bad: int,
    valid: bool,
) -> str:
    one, two = rows[1], rows[2]
    ratio = two.median() / one.median() if one.median() else float("nan")
    rounds = ", ".join(
        f"{a.rate:,.0f} / {b.rate:,.0f}" for a, b in zip(one.results, two.results, strict=True)
    )
    lines = [
        SECTION,
        "",
        f"`.venv/bin/python -m devstack test -- .venv/bin/python -m bench.replicas`. Machine: {machine_line}. "
        f"Two medical services on one database at once — one uvicorn process, and two processes on one "
        f"socket (as two replicas behind a Service) — each with a pool of 16 (+8) connections; the same "
        f"load to each in {args.rounds} interleaved rounds of {args.seconds:g} s (after "
        f"{args.warmup:g} s warm-up): {args.connections} concurrent keep-alive connections, every "
        f"settlement a new claim with its own Idempotency-Key. Median shown.",
        "",
        "| service processes | settlements/s | vs 1 process | p50 ms | p99 ms | errors | CPU ms per settlement: service / PostgreSQL |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (one, two):
        lines.append(
            f"| {row.name} | {row.median():,.0f} | {row.median() / one.median():.2f}x | {row.p50():.1f} | "
            f"{row.p99():.1f} | {row.errors()} | {row.cpu('service')} / {row.cpu('postgres')} |"
        )
    verdict = (
        "grows with the second process"
        if ratio >= 1.15
        else "does not grow much with the second process"
    )
    lines += [
        "",
        f"Rounds (1 / 2 processes): {rounds}. Throughput {verdict}: {ratio:.2f}x on "
        f"{os.cpu_count()} CPUs that also run PostgreSQL and the load generator.",
        "",
        f"After the run: settlements stored: {settled:,}; person-years whose totals differ from the "
        f"sum of their settlements: {bad} of {years:,}; audit chain: {'valid' if valid else 'BROKEN'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
