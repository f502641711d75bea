"""A small closed-loop HTTP/1.1 load generator on asyncio streams (keep-alive, loopback only).

Each of `connections` workers sends one request at a time on its own connection until the
deadline; a request is built per call (fresh Idempotency-Key and claim ID), so no two requests
are the same. Cheap enough per request that a 2-core machine is not spent on the client.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

RequestFactory = Callable[[int, int], tuple[str, str, dict[str, str], bytes]]
"""(worker, n) → (method, path, headers, body)."""


@dataclass
class LoadResult:
    seconds: float
    statuses: Counter[int] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    completed: int = 0  # every answered request, warm-up included (for CPU per request)

    @property
    def ok(self) -> int:
        return sum(n for s, n in self.statuses.items() if 200 <= s < 300)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
) -> tuple[int, bytes]:
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(head.encode("latin-1") + b"\r\n" + body)
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length = 0
    close = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        lname = name.strip().lower()
        if lname == "content-length":
            length = int(value)
        elif lname == "connection" and value.strip().lower() == "close":
            close = True
    payload = await reader.readexactly(length) if length else b""
    if close:
        raise ConnectionResetError("server closed the connection")
    return status, payload


async def run_load(
    base_url: str,
    make: RequestFactory,
    *,
    connections: int,
    seconds: float,
    warmup: float = 1.0,
    check: Callable[[int, bytes], bool] | None = None,
) -> LoadResult:
    """Run for `warmup + seconds`; only requests that finish inside the measured window count."""
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    result = LoadResult(seconds)
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds

    async def worker(w: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        n = 0
        try:
            while (t0 := time.perf_counter()) < stop:
                method, path, headers, body = make(w, n)
                n += 1
                try:
                    status, payload = await _request(
                        reader, writer, f"{host}:{port}", method, path, headers, body
                    )
                except (ConnectionError, asyncio.IncompleteReadError):
                    result.failures += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    continue
                t1 = time.perf_counter()
                result.completed += 1
                if measure_from <= t1 <= stop:
                    result.statuses[status] += 1
                    result.latencies_ms.append((t1 - t0) * 1000)
                    if check is not None and not check(status, payload):
                        result.failures += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker(w) for w in range(connections)))
    return result
