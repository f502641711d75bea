"""Settlement benchmark: settlements per second straight to the medical service and through the
gateway, beside the ceiling of plain single-row transactional INSERTs into the same PostgreSQL,
and the time `simulate` takes for 10,000 claims.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.settlement

Needs WZ_TEST_ADMIN_URL (an administrator's URL; `devstack test` sets it for the embedded
server). In one run it creates a scratch database, applies the medical migrations, starts the
service (uvicorn, uvloop + httptools) and the gateway (`python -m gateway`) on loopback ports,
imports the persons through the import API, then measures, in interleaved rounds of bounded
duration, with the same number of concurrent connections:

- settlements/s: `POST /medical/v1/settlements`, every request a new claim with its own
  Idempotency-Key, settled by resident ID — idempotency record, row lock on the person-year
  totals, settlement, decision and audit record all in one transaction per request;
- the same through the gateway (a row marked unavailable if the gateway does not start);
- the ceiling: asyncpg, BEGIN; INSERT one row; COMMIT, per connection in a loop;
- `POST /medical/v1/simulate` with 10,000 claims, timed at the client (best of three).

Afterwards it checks that every person-year's totals equal the sum of its stored settlements and
that the audit chain verifies, prints a table and rewrites the "## Settlement (bench/settlement)"
section of docs/BENCHMARKS.md (`--no-docs` to skip). Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:  # python bench/settlement/__main__.py
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    CLK_TCK,
    cpu_model,
    cpu_seconds,
    family,
    free_port,
    run_loop,
    spawn,
    stop,
    ticks,
    update_docs,
    wait_ready,
)
from bench.settlement.load import LoadResult, run_load  # noqa: E402

DOC = ROOT / "docs" / "BENCHMARKS.md"
SECTION = "## Settlement (bench/settlement)"
DATABASE = "wz_bench_settlement"
KEYS = ROOT / ".data" / "keys"
LOGS = ROOT / ".data" / "bench-settlement"
P = "/medical/v1"
REGIONS = ("330302", "330303", "330304", "330381")
PARAMETERS = {
    "medical.critical_illness.deductible": "20000",
    "medical.critical_illness.ratio": "0.60",
    "medical.critical_illness.annual_cap": "400000",
}


def resident_ids(n: int, seed: int = 78) -> list[str]:
    from stdnum.cn import ric

    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        day = f"{rng.randrange(1993, 2005)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        body = f"{rng.choice(REGIONS)}{day}{rng.randrange(1000):03d}"
        out.add(body + ric.calc_check_digit(body + "0"))
    return sorted(out)


@dataclass
class Row:
    name: str
    results: list[LoadResult] = field(default_factory=list)
    note: str = ""
    cpu_ms: dict[str, list[float]] = field(default_factory=dict)  # per settlement, by process

    def add_cpu(self, before: dict[str, float], after: dict[str, float], done: int) -> None:
        for name in after:
            used = (after[name] - before[name]) * 1000 / max(done, 1)
            self.cpu_ms.setdefault(name, []).append(used)

    def cpu(self, name: str) -> str:
        values = self.cpu_ms.get(name)
        return f"{statistics.median(values):.1f}" if values else "—"

    @property
    def rates(self) -> list[float]:
        return [r.rate for r in self.results]

    def median(self) -> float:
        return statistics.median(self.rates) if self.results else float("nan")

    def p99(self) -> float:
        return statistics.median(r.p(0.99) for r in self.results) if self.results else float("nan")

    def p50(self) -> float:
        return statistics.median(r.p(0.50) for r in self.results) if self.results else float("nan")

    def errors(self) -> int:
        return sum(r.failures + (sum(r.statuses.values()) - r.ok) for r in self.results)


# ---- CPU accounting (Linux /proc) --------------------------------------------------------------


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def cpu_snapshot(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds used so far by each group of processes (postgres: every server process)."""
    out = cpu_seconds(groups)
    out["postgres"] = sum(ticks(p) for p in _postgres_pids()) / CLK_TCK
    return out


# ---- set-up -----------------------------------------------------------------------------------


async def prepare_database(admin: str) -> Any:
    import devstack.bootstrap as bs
    import devstack.migrate as migrate

    await bs.drop_database(admin, DATABASE)
    urls = await bs.bootstrap(admin, DATABASE)
    await asyncio.to_thread(migrate.upgrade, "medical", urls.migrator)
    conn = await asyncpg.connect(urls.admin)
    try:
        for path, value in PARAMETERS.items():
            await conn.execute(
                "INSERT INTO medical.parameter_values (path, value, effective_from, source, "
                "created_at, created_by) VALUES ($1, $2::jsonb, '2022-01-01', $3, now(), $4)",
                path,
                orjson.dumps(value).decode(),
                "bench/settlement configuration",
                "bench",
            )
        await conn.execute(
            "CREATE TABLE public.bench_ceiling (id bigserial PRIMARY KEY, person_id uuid NOT NULL, "
            "amount numeric(16,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        )
    finally:
        await conn.close()
    return urls


# ---- workloads --------------------------------------------------------------------------------


def settlement_factory(token: str, ids: list[str], run: str) -> Any:
    auth = f"Bearer {token}"
    template = {
        "hospital": "温州医科大学附属第一医院",
        "hospital_level": "tertiary",
        "setting": "inpatient",
        "total_cost": "30000.00",
        "in_policy_cost": "25000.00",
        "basic_payout": "15000.00",
        "followed_guidance": True,
        "referred": True,
    }

    def make(worker: int, n: int) -> tuple[str, str, dict[str, str], bytes]:
        key = f"{run}-{worker}-{n}"
        body = template | {
            "claim_id": f"B{key}",
            "resident_id": ids[(worker * 7919 + n * 104729) % len(ids)],
            "service_date": f"2022-{1 + n % 12:02d}-{1 + worker % 28:02d}",
        }
        headers = {
            "Authorization": auth,
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        return "POST", f"{P}/settlements", headers, orjson.dumps(body)

    return make


def created(status: int, payload: bytes) -> bool:
    return status == 201 and b'"settlement_id"' in payload


async def ceiling(
    url: str, connections: int, seconds: float, warmup: float, cpu: dict[str, dict[str, float]]
) -> LoadResult:
    """Plain single-row transactional INSERTs: BEGIN; INSERT; COMMIT, per connection.

    `cpu` receives the snapshots before and after, taken while the pool's server processes live.
    """
    pool = await asyncpg.create_pool(url, min_size=connections, max_size=connections)
    cpu["before"] = cpu_snapshot({"client": [os.getpid()]})
    result = LoadResult(seconds)
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    async def worker() -> None:
        async with pool.acquire() as con:
            while (t0 := time.perf_counter()) < stop_at:
                async with con.transaction():
                    await con.execute(
                        "INSERT INTO public.bench_ceiling (person_id, amount) VALUES ($1, $2)",
                        uuid.uuid4(),
                        12345.67,
                    )
                t1 = time.perf_counter()
                result.completed += 1
                if measure_from <= t1 <= stop_at:
                    result.statuses[201] += 1
                    result.latencies_ms.append((t1 - t0) * 1000)

    try:
        await asyncio.gather(*(worker() for _ in range(connections)))
        cpu["after"] = cpu_snapshot({"client": [os.getpid()]})
    finally:
        await pool.close()
    return result


def simulation_body(n: int) -> bytes:
    rng = random.Random(10_000)
    persons = {
        f"P{i}": {"records": [{"category": ("dibao", "tekun", "dibian")[i % 3],
                               "recognised_on": "2021-06-01"}]}
        for i in range(500)
    }  # fmt: skip
    claims = []
    for i in range(n):
        total = rng.randrange(1_000, 300_000)
        in_policy = rng.randrange(total // 2, total + 1)
        claims.append(
            {
                "claim_id": f"S{i}",
                "person": f"P{rng.randrange(500)}",
                "service_date": f"2022-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                "hospital": "温州市中心医院",
                "hospital_level": rng.choice(("primary", "secondary", "tertiary")),
                "total_cost": f"{total}.00",
                "in_policy_cost": f"{in_policy}.00",
                "basic_payout": f"{in_policy * 6 // 10}.00",
                "followed_guidance": rng.random() < 0.8,
                "referred": rng.random() < 0.8,
            }
        )
    return orjson.dumps(
        {
            "persons": persons,
            "claims": claims,
            "parameter_overrides": {"medical.assistance.ratio": "0.85"},
        }
    )


# ---- checks -----------------------------------------------------------------------------------


async def consistency(admin_url: str) -> tuple[int, int, int]:
    """(settlements, person-years, person-years whose totals differ from their settlements)."""
    conn = await asyncpg.connect(admin_url)
    try:
        n = await conn.fetchval("SELECT count(*) FROM medical.settlements")
        years = await conn.fetchval("SELECT count(*) FROM medical.year_totals")
        bad = await conn.fetchval(
            """
            SELECT count(*) FROM medical.year_totals t
            LEFT JOIN (
                SELECT person_id, year, count(*) AS n, sum(basic) AS basic,
                       sum(critical_illness) AS ci, sum(assistance) AS ma,
                       sum(commercial) AS cs, sum(self_pay) AS g, sum(resolution) AS h,
                       sum(final_self_pay) AS f
                FROM medical.settlements WHERE status = 'settled' GROUP BY person_id, year
            ) s USING (person_id, year)
            WHERE t.claims IS DISTINCT FROM coalesce(s.n, 0)
               OR t.basic_paid IS DISTINCT FROM coalesce(s.basic, 0)
               OR t.ci_paid IS DISTINCT FROM coalesce(s.ci, 0)
               OR t.ma_paid IS DISTINCT FROM coalesce(s.ma, 0)
               OR t.cs_paid IS DISTINCT FROM coalesce(s.cs, 0)
               OR t.self_pay_before_resolution IS DISTINCT FROM coalesce(s.g, 0)
               OR t.resolution IS DISTINCT FROM coalesce(s.h, 0)
               OR t.final_self_pay IS DISTINCT FROM coalesce(s.f, 0)
               OR t.ma_paid > 100000
            """
        )
        return int(n), int(years), int(bad)
    finally:
        await conn.close()


# ---- report -----------------------------------------------------------------------------------


def machine(admin: str) -> str:

    async def pg() -> str:
        conn = await asyncpg.connect(admin)
        try:
            version = await conn.fetchval("SHOW server_version")
            sync = await conn.fetchval("SHOW synchronous_commit")
            fsync = await conn.fetchval("SHOW fsync")
            return f"PostgreSQL {version} (fsync {fsync}, synchronous_commit {sync})"
        finally:
            await conn.close()

    return (
        f"{os.cpu_count()} CPUs ({cpu_model()}), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, {asyncio.run(pg())} on the same machine"
    )


def render(
    rows: list[Row],
    ceiling_row: Row,
    sim_seconds: list[float],
    sim_claims: int,
    checks: dict[str, str],
    args: argparse.Namespace,
    machine_line: str,
) -> str:
    ceil = ceiling_row.median()
    lines = [
        SECTION,
        "",
        "`.venv/bin/python -m devstack test -- .venv/bin/python -m bench.settlement` "
        "(bench/settlement). "
        f"Machine: {machine_line}. Service: 1 uvicorn process (uvloop, httptools) with "
        f"{args.workers} worker(s); gateway: `python -m gateway` (rate limit off). "
        f"{args.connections} concurrent keep-alive connections from one asyncio client, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s (after {args.warmup:g} s warm-up), "
        f"median shown; every settlement a new claim of one of {args.persons:,} persons (a 低保 "
        "or 特困 list imported through the import API) with its own Idempotency-Key.",
        "",
        "| path | settlements/s | vs ceiling | p50 ms | p99 ms | errors | CPU ms per "
        "settlement: service / gateway / PostgreSQL / client |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| ceiling: asyncpg BEGIN; INSERT 1 row; COMMIT | {ceil:,.0f} | 1.00x | "
        f"{ceiling_row.p50():.1f} | {ceiling_row.p99():.1f} | 0 | — / — / "
        f"{ceiling_row.cpu('postgres')} / {ceiling_row.cpu('client')} |",
    ]
    for row in rows:
        if not row.results:
            lines.append(f"| {row.name} | unavailable | — | — | — | {row.note} | — |")
            continue
        lines.append(
            f"| {row.name} | {row.median():,.0f} | {row.median() / ceil:.2f}x | "
            f"{row.p50():.1f} | {row.p99():.1f} | {row.errors()} | {row.cpu('service')} / "
            f"{row.cpu('gateway')} / {row.cpu('postgres')} / {row.cpu('client')} |"
        )
    best = min(sim_seconds)
    lines += [
        "",
        f"`POST /medical/v1/simulate`, {sim_claims:,} claims for 500 hypothetical persons with "
        "`parameter_overrides` (assistance ratio 85%), timed at the client (request and JSON "
        f"answer): best {best:.2f} s, median {statistics.median(sim_seconds):.2f} s of "
        f"{len(sim_seconds)} — {sim_claims / best:,.0f} claims/s (target ≤ 2 s: "
        f"{'met' if best <= 2 else 'NOT met'}).",
        "",
        "Targets: settlements ≥ 0.2× the ceiling with audit, idempotency and locks in force — "
        + ", ".join(
            f"{r.name.split(':')[0]} {r.median() / ceil:.2f}x "
            f"({'met' if r.median() >= 0.2 * ceil else 'NOT met'})"
            for r in rows
            if r.results
        )
        + ".",
        "",
        "After the run: " + "; ".join(f"{k}: {v}" for k, v in checks.items()) + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.settlement", description=__doc__)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=6.0, help="measured seconds per round")
    ap.add_argument("--warmup", type=float, default=1.5)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--simulate-claims", type=int, default=10_000)
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes and durations, docs not written"
    )
    args = ap.parse_args(argv)
    if args.smoke:
        args.seconds, args.warmup, args.rounds, args.connections = 0.2, 0.1, 1, 2
        args.persons, args.workers, args.simulate_claims, args.no_docs = 20, 1, 50, True

    admin = os.environ.get("WZ_TEST_ADMIN_URL")
    if not admin:
        print(
            "WZ_TEST_ADMIN_URL is not set; run: .venv/bin/python -m devstack test -- "
            ".venv/bin/python -m bench.settlement",
            file=sys.stderr,
        )
        return 2

    from govkit.tokens import ensure_keys, mint

    print("preparing the database …", flush=True)
    urls = asyncio.run(prepare_database(admin))
    jwks = ensure_keys(KEYS)
    token = mint(
        KEYS,
        ["medical:settle", "medical:write", "medical:read", "audit:read"],
        client_id="bench-settlement",
        ttl=3600,
    )
    service_port, gateway_port = free_port(), free_port()
    service_url = f"http://127.0.0.1:{service_port}"
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    env = dict(os.environ)
    env.update(
        {
            "MEDICAL_DATABASE_URL": urls.services["medical"],
            "MEDICAL_JWKS_PATH": str(jwks),
            "MEDICAL_LOG_LEVEL": "WARNING",
            "MEDICAL_DB_POOL_SIZE": str(max(10, args.connections // args.workers)),
            "MEDICAL_DB_MAX_OVERFLOW": "10",
            "GATEWAY_MEDICAL_URL": service_url,
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
                sys.executable, "-m", "uvicorn", "--factory", "medical.main:create_app",
                "--host", "127.0.0.1", "--port", str(service_port), "--workers",
                str(args.workers), "--loop", "uvloop", "--http", "httptools",
                "--no-access-log", "--log-level", "warning",
            ],
            env,
            LOGS / "medical.log",
        )  # fmt: skip
        wait_ready(service_url, service, "/readyz")
        gateway_note = ""
        try:
            gateway = spawn(
                [
                    sys.executable,
                    "-m",
                    "gateway",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(gateway_port),
                ],
                env,
                LOGS / "gateway.log",
            )
            wait_ready(gateway_url, gateway, "/healthz", timeout=30)
        except RuntimeError as exc:
            gateway_note = f"gateway did not start: {exc}"
            stop(gateway)
            gateway = None
            print(gateway_note, file=sys.stderr)

        ids = resident_ids(args.persons)
        csv = "resident_id,category,recognised_on\n" + "".join(
            f"{rid},{'tekun' if i % 10 == 0 else 'dibao'},2021-06-01\n" for i, rid in enumerate(ids)
        )
        r = httpx.post(
            f"{service_url}{P}/imports",
            content=csv.encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
            timeout=120,
        )
        if r.status_code != 201:
            raise RuntimeError(f"import failed: {r.status_code} {r.text[:300]}")
        print(f"imported {args.persons:,} persons", flush=True)

        direct = Row("straight to the service: POST /medical/v1/settlements")
        via_gateway = Row("through the gateway: POST /medical/v1/settlements", note=gateway_note)
        ceiling_row = Row("ceiling")
        for rnd in range(args.rounds):
            snapshots: dict[str, dict[str, float]] = {}
            result = run_loop(
                ceiling(urls.admin, args.connections, args.seconds, args.warmup, snapshots)
            )
            ceiling_row.results.append(result)
            ceiling_row.add_cpu(snapshots["before"], snapshots["after"], result.completed)
            print(f"round {rnd + 1}: ceiling {ceiling_row.results[-1].rate:,.0f}/s", flush=True)
            for row, base in ((direct, service_url), (via_gateway, gateway_url)):
                if row is via_gateway and gateway is None:
                    continue
                make = settlement_factory(token, ids, f"r{rnd}{'g' if row is via_gateway else 'd'}")
                groups = {"service": family(service.pid), "client": [os.getpid()]}
                if row is via_gateway and gateway is not None:
                    groups["gateway"] = [gateway.pid]
                before = cpu_snapshot(groups)
                result = run_loop(
                    run_load(
                        base,
                        make,
                        connections=args.connections,
                        seconds=args.seconds,
                        warmup=args.warmup,
                        check=created,
                    )
                )
                row.results.append(result)
                row.add_cpu(before, cpu_snapshot(groups), result.completed)
                print(
                    f"round {rnd + 1}: {row.name.split(':')[0]} {result.rate:,.0f}/s "
                    f"(statuses {dict(result.statuses)}, failures {result.failures})",
                    flush=True,
                )

        body = simulation_body(args.simulate_claims)
        sim_seconds = []
        with httpx.Client(base_url=service_url, timeout=60) as client:
            for _ in range(3):
                t0 = time.perf_counter()
                r = client.post(
                    f"{P}/simulate",
                    content=body,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                elapsed = time.perf_counter() - t0
                if r.status_code != 200 or r.json()["claims"] != args.simulate_claims:
                    raise RuntimeError(f"simulate failed: {r.status_code} {r.text[:300]}")
                sim_seconds.append(elapsed)
                print(
                    f"simulate {args.simulate_claims:,} claims: {elapsed:.2f} s "
                    f"(server {r.json()['elapsed_ms']:.0f} ms)",
                    flush=True,
                )
            verify = client.get(f"{P}/audit/verify", headers={"Authorization": f"Bearer {token}"})
        settled, years, bad = asyncio.run(consistency(urls.admin))
        checks = {
            "settlements stored": f"{settled:,}",
            "person-years whose totals differ from the sum of their settlements": f"{bad} of {years:,}",
            "audit chain": "valid"
            if verify.json().get("valid")
            else f"INVALID {verify.text[:200]}",
        }
        rows = [direct, via_gateway]
        report = render(
            rows, ceiling_row, sim_seconds, args.simulate_claims, checks, args, machine(admin)
        )
        print()
        print(report)
        if not args.no_docs:
            update_docs(DOC, SECTION, report)
            print(f"written to {DOC.relative_to(ROOT)}")
        broken = [r.name for r in rows if r.note or r.errors() or not r.median() > 0]
        if broken or ceiling_row.errors():  # a benchmark of failures has measured nothing
            print(f"errors or no answers: {'; '.join(broken) or 'ceiling'}", file=sys.stderr)
            return 1
        return 0 if bad == 0 and verify.json().get("valid") else 1
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
