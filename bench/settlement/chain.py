"""How fast one schema's audit chain can be appended to, with the lock taken at the append or at
commit: the chain alone, without HTTP or the rest of a settlement.

    .venv/bin/python -m devstack test -- .venv/bin/python -m bench.settlement.chain

Builds the scratch database like `bench.settlement` (medical schema, migrations at head), then
runs `--connections` asyncpg connections in a loop of transactions, each: BEGIN; one audit
record; `--tail` more round trips (what a request still does after its append: storing its
answer, returning to the event loop…); COMMIT. Two ways, interleaved, `--rounds` each:

- at the append: the chain lock and the link as `audit.append` takes them (lock, then the INSERT
  that reads the head), so the lock is held through the tail and the commit's flush;
- at commit: the record into `audit_pending` as `audit.append_at_commit` does; the deferred
  trigger links it during COMMIT, so the lock is held for the link and the flush only.

Prints records per second, and the time of a durable one-row commit on the same server (the
flush every link waits for). Diagnostic only; the database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import orjson  # noqa: E402

from govkit.audit.chain import AuditRecord, ChainedRecord, ChainVerifier, canonical_head  # noqa: E402
from govkit.audit.linking import PENDING_INSERT  # noqa: E402
from govkit.audit.store import _APPEND, _LOCK  # noqa: E402

AFTER = {"layers": {"basic": "15000.00", "assistance": "22400.00"}, "claim_id": "B1"}


def parameters(n: int) -> tuple[object, ...]:
    head = canonical_head(
        actor_client="bench-chain",
        actor_user=None,
        request_id=f"r{n}",
        action="settlement.create",
        entity_type="settlement",
        entity_id=f"s{n}",
        before=None,
        after=AFTER,
    )
    return ("bench-chain", None, f"r{n}", "settlement.create", "settlement", f"s{n}", None,
            orjson.dumps(AFTER).decode(), head)  # fmt: skip


async def run(url: str, mode: str, connections: int, seconds: float, tail: int) -> float:
    pool = await asyncpg.create_pool(
        url, min_size=connections, max_size=connections,
        server_settings={"search_path": "medical"},
    )  # fmt: skip
    done = 0
    stop = time.perf_counter() + seconds

    async def worker(w: int) -> None:
        nonlocal done
        async with pool.acquire() as con:
            n = 0
            while time.perf_counter() < stop:
                n += 1
                async with con.transaction():
                    if mode == "append":
                        await con.execute(_LOCK)
                        await con.fetchrow(_APPEND, *parameters(w * 1_000_000 + n))
                    else:
                        await con.execute(PENDING_INSERT, *parameters(w * 1_000_000 + n))
                    for _ in range(tail):
                        await con.fetchval("SELECT 1")
                done += 1

    try:
        await asyncio.gather(*(worker(w) for w in range(connections)))
    finally:
        await pool.close()
    return done / seconds


async def verify(url: str) -> str:
    """Walk the chain the two ways wrote, as `GET /audit/verify` does."""
    con = await asyncpg.connect(url)
    try:
        verifier = ChainVerifier()
        rows = await con.fetch("SELECT * FROM medical.audit_log ORDER BY sequence")
        verifier.feed(
            ChainedRecord(
                AuditRecord(
                    r["sequence"], r["occurred_at"], r["actor_client"], r["actor_user"],
                    r["request_id"], r["action"], r["entity_type"], r["entity_id"],
                    None if r["before"] is None else orjson.loads(r["before"]),
                    None if r["after"] is None else orjson.loads(r["after"]),
                ),
                r["prev_hash"],
                r["hash"],
            )
            for r in rows
        )  # fmt: skip
        result = verifier.result()
        return f"{result.checked:,} records, " + ("valid" if result.valid else f"BROKEN {result}")
    finally:
        await con.close()


async def flush_ms(url: str) -> float:
    con = await asyncpg.connect(url)
    try:
        await con.execute("CREATE TABLE IF NOT EXISTS public.bench_flush (v int)")
        t = time.perf_counter()
        for _ in range(200):
            async with con.transaction():
                await con.execute("INSERT INTO public.bench_flush VALUES (1)")
        return (time.perf_counter() - t) / 200 * 1000
    finally:
        await con.close()


async def main(args: argparse.Namespace) -> None:
    import devstack.bootstrap as bs
    from bench.settlement.__main__ import DATABASE, prepare_database

    admin = os.environ["WZ_TEST_ADMIN_URL"]
    urls = await prepare_database(admin)
    try:
        rates: dict[str, list[float]] = {"append": [], "commit": []}
        for _ in range(args.rounds):
            for mode in rates:
                rates[mode].append(
                    await run(urls.services["medical"], mode, args.connections, args.seconds,
                              args.tail)
                )  # fmt: skip
        flush = await flush_ms(urls.admin)
        chain = await verify(urls.admin)
        print(f"{args.connections} connections, {args.tail} round trip(s) after the append, "
              f"{args.rounds} × {args.seconds:g} s each; durable one-row commit {flush:.2f} ms")  # fmt: skip
        for mode, label in (("append", "lock at the append"), ("commit", "linked at commit")):
            values = ", ".join(f"{r:,.0f}" for r in rates[mode])
            print(f"{label:20s} {statistics.median(rates[mode]):8,.0f} records/s  ({values})")
        print(f"chain: {chain}")
        if "BROKEN" in chain or not all(all(r > 0 for r in v) for v in rates.values()):
            raise SystemExit(1)
    finally:
        await bs.drop_database(admin, DATABASE)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(prog="python -m bench.settlement.chain")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tail", type=int, default=2)
    ap.add_argument("--smoke", action="store_true", help="one tiny round of each mode")
    if not os.environ.get("WZ_TEST_ADMIN_URL"):
        print("run under: .venv/bin/python -m devstack test -- …", file=sys.stderr)
        raise SystemExit(2)
    options = ap.parse_args()
    if options.smoke:
        options.connections, options.seconds, options.rounds = 2, 0.2, 1
    asyncio.run(main(options))
