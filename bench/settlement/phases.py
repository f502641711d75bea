"""Where a settlement's time goes: the service in process, phase timers around its parts.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.settlement.phases

Builds the scratch database like `bench.settlement`, runs the app in this process (ASGI, no
sockets) and settles N claims one after another, with wall and CPU timers wrapped around the
shared pieces (token check, Idempotency-Key begin/finish, decision store, audit append) and the
medical ones. Sequential on purpose: it measures cost, not concurrency. Diagnostic only.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import functools
import os
import pstats
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

wall: collections.defaultdict[str, float] = collections.defaultdict(float)
cpu: collections.defaultdict[str, float] = collections.defaultdict(float)


def timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return await original(*args, **kwargs)
        finally:
            wall[label] += time.perf_counter() - t
            cpu[label] += time.process_time() - c

    @functools.wraps(original)
    def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            wall[label] += time.perf_counter() - t
            cpu[label] += time.process_time() - c

    setattr(owner, name, wrapper if asyncio.iscoroutinefunction(original) else sync_wrapper)


def instrument() -> None:
    import govkit.http.auth as auth
    import govkit.http.idempotency as idem
    import medical.db.repository as repo
    import medical.service.settlements as svc

    timed(auth.TokenVerifier, "verify", "govkit: token verification")
    timed(idem.Idempotency, "begin", "govkit: Idempotency-Key begin (+ session, BEGIN)")
    timed(svc, "store_decision", "govkit: store decision")
    timed(idem.Idempotency, "finish", "govkit: Idempotency-Key finish (store answer)")
    timed(svc.Written, "append_audit", "govkit: audit append (linked at commit)")
    timed(svc, "_person", "medical: person and recognitions")
    timed(repo, "lock_totals_for_claim", "medical: totals row lock")
    timed(svc, "settle", "medical: domain settle (pure)")
    timed(repo, "write_totals_and_settlement", "medical: totals + settlement write")
    timed(svc, "settle_claim", "medical: settle_claim (incl. the decision store)")


async def run(n: int, profile: str | None = None) -> None:
    from bench.settlement.__main__ import KEYS, cpu_snapshot, prepare_database, resident_ids
    from govkit.tokens import ensure_keys, mint
    from medical.config import MedicalSettings
    from medical.main import create_app

    # httpx's ASGI transport tries `import trio` on every request; without trio installed that
    # is a search of sys.path each time, which is the client's cost, not the service's.
    sys.modules.setdefault("trio", None)  # type: ignore[arg-type]
    urls = await prepare_database(os.environ["WZ_TEST_ADMIN_URL"])
    jwks = ensure_keys(KEYS)
    token = mint(KEYS, ["medical:settle", "medical:write"], client_id="bench-phases")
    auth = {"Authorization": f"Bearer {token}"}
    settings = MedicalSettings(
        database_url=urls.services["medical"], jwks_path=jwks, log_level="WARNING"
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://medical") as c:
            ids = resident_ids(200)
            csv = "resident_id,category,recognised_on\n" + "".join(
                f"{r},dibao,2021-06-01\n" for r in ids
            )
            r = await c.post(
                "/medical/v1/imports",
                content=csv.encode(),
                headers={**auth, "Content-Type": "text/csv"},
            )
            assert r.status_code == 201, r.text

            async def settle(i: int) -> None:
                body = {
                    "claim_id": f"P{i}-{uuid.uuid4().hex[:8]}",
                    "resident_id": ids[i % len(ids)],
                    "service_date": "2022-03-10",
                    "hospital": "温州医科大学附属第一医院",
                    "hospital_level": "tertiary",
                    "total_cost": "30000.00",
                    "in_policy_cost": "25000.00",
                    "basic_payout": "15000.00",
                    "followed_guidance": True,
                    "referred": True,
                }
                r = await c.post(
                    "/medical/v1/settlements",
                    json=body,
                    headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
                )
                assert r.status_code == 201, r.text

            for i in range(50):  # warm caches and the pool
                await settle(i)
            wall.clear()
            cpu.clear()
            profiler = cProfile.Profile() if profile else None
            pg_before = cpu_snapshot({})["postgres"]
            t, cp = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            for i in range(n):
                await settle(i)
            if profiler is not None:
                profiler.disable()
            total_wall, total_cpu = time.perf_counter() - t, time.process_time() - cp
            pg_cpu = cpu_snapshot({})["postgres"] - pg_before
    if profiler is not None and profile:
        profiler.dump_stats(profile)
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
    print(f"{n} sequential settlements, in process (client included in the totals)")
    print(f"{'phase':52s} {'wall ms':>8s} {'CPU ms':>8s}")
    print(f"{'whole request':52s} {total_wall / n * 1000:8.2f} {total_cpu / n * 1000:8.2f}")
    print(f"{'PostgreSQL (every server process)':52s} {'':8s} {pg_cpu / n * 1000:8.2f}")
    for label in wall:
        print(f"{label:52s} {wall[label] / n * 1000:8.2f} {cpu[label] / n * 1000:8.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.settlement.phases")
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--profile", metavar="FILE", help="cProfile the measured settlements to FILE")
    ap.add_argument("--smoke", action="store_true", help="a handful of settlements")
    args = ap.parse_args(argv)
    if args.smoke:
        args.n = 5
    if not os.environ.get("WZ_TEST_ADMIN_URL"):
        print("run under: .venv/bin/python -m devstack test -- …", file=sys.stderr)
        return 2
    if not args.profile:
        instrument()  # the profile is clearer without the phase wrappers
    asyncio.run(run(args.n, args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
