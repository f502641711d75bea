"""An upstream killed under load, behind a gateway of its own with the default settings.

The gateway reaches fund through a relay of the test's own (its "network"): the fund process is
killed under load and its address refuses connections; a new fund process is started, and the
address is given back at the worst moment, just after the breaker's probe has failed, so the
whole open window stands between the service's return and its first request. Throughout, every
answer is a problem the merged document lists for the operation (502 unreachable, 503 breaker
open, 504 timeout) and the gateway stays up; within 5 s of the return every request is served.
The other upstreams are closed ports: only fund's operations are exercised.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from devstack import bootstrap as bs
from devstack import stack
from devstack.testing import TestDatabase, free_port

pytestmark = pytest.mark.stack

PROBLEM = "application/problem+json"
GATEWAY_PROBLEMS = {
    502: "upstream-unavailable",
    503: "upstream-circuit-open",
    504: "upstream-timeout",
}
RECOVERY_SECONDS = 5.0
WORKERS = 8


@dataclass(frozen=True)
class Sample:
    started: float
    ended: float
    operation: tuple[str, str]  # method, path template
    status: int | None
    content_type: str | None
    code: str | None
    error: str | None = None


class Relay:
    """A TCP address that relays every connection to `backend`, until `cut()` closes it (new
    connections refused) and resets every relayed one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()

    async def serve(self, backend: int) -> None:
        async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", backend)
            except OSError:
                writer.transport.abort()
                return
            self._open |= {writer, up_writer}

            async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
                with contextlib.suppress(OSError):
                    while data := await src.read(65536):
                        dst.write(data)
                        await dst.drain()
                for w in (writer, up_writer):  # one side ended: the other is reset
                    self._open.discard(w)
                    w.transport.abort()

            await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

        self._server = await asyncio.start_server(relay, "127.0.0.1", self.port)

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._open):
            writer.transport.abort()
        self._open.clear()


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def fund_process(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return spawn(
        [
            "-m",
            "uvicorn",
            "--factory",
            "fund.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


async def ready(client: httpx.AsyncClient, url: str, probe: str = "/readyz") -> float:
    """Waits (90 s at most) until `url` + `probe` answers 200; returns that moment (monotonic)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if (await client.get(url + probe, timeout=2)).status_code == 200:
                return time.monotonic()
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{url} not ready after 90 s")


async def breaker(client: httpx.AsyncClient, gw_url: str) -> tuple[bool, float]:
    """(fund's breaker not closed, fund requests that failed at the upstream so far)."""
    text = (await client.get(f"{gw_url}/metrics")).text
    opened = 'gateway_upstream_breaker_open{upstream="fund"} 1.0' in text
    failures = sum(
        float(n)
        for n in re.findall(
            r'gateway_proxy_refused_total\{reason="(?:unreachable|protocol_error|timeout)",'
            r'upstream="fund"\} ([0-9.e+]+)',
            text,
        )
    )
    return opened, failures


async def after_a_failed_probe(client: httpx.AsyncClient, gw_url: str) -> None:
    """Returns once the open breaker has let a probe through and the probe has failed."""
    deadline = time.monotonic() + 60
    seen: float | None = None
    while time.monotonic() < deadline:
        opened, failures = await breaker(client, gw_url)
        if opened and seen is not None and failures > seen:
            return
        if opened:
            seen = failures if seen is None else seen
        await asyncio.sleep(0.02)
    raise TimeoutError("no failed probe of the open breaker within 60 s")


def documented(doc: dict[str, Any], method: str, template: str) -> set[int]:
    return {int(s) for s in doc["paths"][template][method.lower()]["responses"] if s.isdigit()}


async def test_an_upstream_killed_under_load(
    test_database: TestDatabase, make_token: Callable[..., str]
) -> None:
    first_port, second_port, relay_port, gw_port = (free_port() for _ in range(4))
    urls = bs.StackUrls(test_database.admin, test_database.migrator, test_database.services)
    env = stack.service_env(urls, {"fund": first_port}, gw_port)
    for name in bs.SERVICES:
        env[f"GATEWAY_{name.upper()}_URL"] = f"http://127.0.0.1:{free_port()}"
    env["GATEWAY_FUND_URL"] = f"http://127.0.0.1:{relay_port}"
    for key in [k for k in env if k.startswith("GATEWAY_") and ("BREAKER" in k or "TIMEOUT" in k)]:
        del env[key]  # the defaults are what is tested
    gw_url = f"http://127.0.0.1:{gw_port}"
    relay = Relay(relay_port)
    procs = {"fund": fund_process(first_port, env)}
    procs["gateway"] = spawn(["-m", "gateway", "--host", "127.0.0.1", "--port", str(gw_port)], env)
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            await ready(client, f"http://127.0.0.1:{first_port}")
            await relay.serve(first_port)
            await ready(client, gw_url, "/healthz")
            doc = (await client.get(f"{gw_url}/openapi.json")).json()
            check = "/fund/v1/checks/application"
            content = doc["paths"][check]["post"]["requestBody"]["content"]["application/json"]
            example = next(iter(content["examples"].values()))["value"]
            calls = [("GET", "/fund/v1/rules", None), ("POST", check, example)]
            samples: list[Sample] = []
            health: list[int | None] = []
            stopping = asyncio.Event()

            async def worker(n: int) -> None:
                token = make_token("fund:read", client_id=f"fault-load-{n}")
                headers = {"Authorization": f"Bearer {token}"}
                i = n
                while not stopping.is_set():
                    method, path, body = calls[i % len(calls)]
                    i += 1
                    started = time.monotonic()
                    try:
                        r = await client.request(
                            method, gw_url + path, json=body, headers=headers, timeout=15
                        )
                    except httpx.HTTPError as exc:
                        failure = repr(exc)
                        samples.append(
                            Sample(
                                started, time.monotonic(), (method, path), None, None, None, failure
                            )
                        )
                        await asyncio.sleep(0.05)
                        continue
                    ctype = r.headers.get("content-type")
                    code = r.json().get("code") if ctype == PROBLEM else None
                    samples.append(
                        Sample(
                            started, time.monotonic(), (method, path), r.status_code, ctype, code
                        )
                    )
                    if r.status_code != 200:
                        await asyncio.sleep(0.02)  # a failing client backs off a little

            async def watch_gateway() -> None:
                while not stopping.is_set():
                    try:
                        health.append(
                            (await client.get(f"{gw_url}/healthz", timeout=5)).status_code
                        )
                    except httpx.HTTPError:
                        health.append(None)
                    await asyncio.sleep(0.2)

            tasks = [asyncio.create_task(worker(n)) for n in range(WORKERS)]
            tasks.append(asyncio.create_task(watch_gateway()))
            await asyncio.sleep(1.5)
            killed_at = time.monotonic()
            procs["fund"].kill()  # SIGKILL under load: connections die mid-request
            await relay.cut()  # and its address refuses connections
            procs["fund"].wait(10)
            procs["fund"] = fund_process(second_port, env)
            await ready(client, f"http://127.0.0.1:{second_port}")
            await after_a_failed_probe(client, gw_url)
            await relay.serve(second_port)
            back_at = time.monotonic()
            await asyncio.sleep(RECOVERY_SECONDS + 1.5)
            stopping.set()
            await asyncio.gather(*tasks)
            alive = (await client.get(f"{gw_url}/healthz")).status_code
    finally:
        await relay.cut()
        for proc in procs.values():
            stop(proc)

    assert not [s for s in samples if s.error], "every request got an answer from the gateway"
    before = [s for s in samples if s.ended < killed_at]  # answered before the kill
    assert before
    assert all(s.status == 200 for s in before), [s for s in before if s.status != 200][:10]
    failed = [s for s in samples if s.status != 200]
    assert failed, "the kill under load failed some requests"
    for s in failed:
        assert s.status in GATEWAY_PROBLEMS, s
        assert s.content_type == PROBLEM, s
        assert s.code == GATEWAY_PROBLEMS[s.status], s
        assert s.status in documented(doc, *s.operation), s
    after = [s for s in samples if s.started >= back_at + RECOVERY_SECONDS]
    assert len(after) >= WORKERS, "load went on after the recovery window"
    late = [s for s in after if s.status != 200]
    first_success = min(
        (s.ended - back_at for s in samples if s.started >= back_at and s.status == 200),
        default=float("inf"),
    )
    assert not late, (
        f"{len(late)} of {len(after)} requests failed more than {RECOVERY_SECONDS} s after fund "
        f"was back (first success after {first_success:.2f} s): "
        f"{sorted({(s.status, s.code) for s in late}, key=str)}"
    )
    assert first_success <= RECOVERY_SECONDS
    assert health
    assert all(h == 200 for h in health), health
    assert alive == 200
