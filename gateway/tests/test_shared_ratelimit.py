"""Two gateway processes share one client's rate limit through Redis (the machine's server on
127.0.0.1:6379, keys under a prefix of this test's own, removed afterwards); without Redis each
process keeps its own buckets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from devstack.testing import free_port

REDIS = ("127.0.0.1", 6379)
BURST = 4


def _redis_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(REDIS) == 0


@contextmanager
def gateways(jwks: Path, n: int, **settings: str) -> Iterator[list[str]]:
    env = dict(os.environ)
    env.update(
        {
            "GATEWAY_JWKS_PATH": str(jwks),
            "GATEWAY_ENVIRONMENT": "test",
            "GATEWAY_ACCESS_LOG": "off",
            "GATEWAY_LOG_LEVEL": "WARNING",
            # A tenth of a token per second: no refill worth one request during the test.
            "GATEWAY_RATE_LIMIT_PER_SECOND": "0.1",
            "GATEWAY_RATE_LIMIT_BURST": str(BURST),
            **{k.upper(): v for k, v in settings.items()},
        }
    )
    for name in ("fund", "housing", "medical", "airdefence"):  # closed ports: /overview says so
        env[f"GATEWAY_{name.upper()}_URL"] = f"http://127.0.0.1:{free_port()}"
    procs, urls = [], []
    try:
        for _ in range(n):
            port = free_port()
            procs.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                    [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(url)
                time.sleep(0.1)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)


def _statuses(urls: list[str], token: str, n: int) -> list[int]:
    """n requests of one client, alternating between the gateways."""
    headers = {"Authorization": f"Bearer {token}"}
    return [
        httpx.get(f"{urls[i % len(urls)]}/overview", headers=headers, timeout=10).status_code
        for i in range(n)
    ]


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    if not _redis_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"wz-test-ratelimit:{uuid.uuid4().hex}:"
    yield prefix
    import redis

    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_one_client_limit_holds_across_two_gateway_processes(
    jwks_path: Path, make_token: Callable[..., str], redis_prefix: str
) -> None:
    alice = make_token("fund:read", client_id=f"alice-{uuid.uuid4().hex[:6]}")
    bob = make_token("fund:read", client_id=f"bob-{uuid.uuid4().hex[:6]}")
    with gateways(
        jwks_path,
        2,
        gateway_redis_url="redis://127.0.0.1:6379/0",
        gateway_rate_limit_prefix=redis_prefix,
    ) as urls:
        statuses = _statuses(urls, alice, 2 * BURST)
        # One bucket for both processes: the burst is spent once, then every request is refused.
        assert statuses == [200] * BURST + [429] * BURST
        # Another client has a bucket of its own.
        assert _statuses(urls, bob, 2) == [200, 200]
        ready = httpx.get(f"{urls[0]}/readyz").json()
        assert ready["rate_limits"] == {"store": "redis", "ok": True, "error": None}
    import redis

    stored = redis.Redis(*REDIS).hget(redis_prefix + alice_id(alice), "tokens")
    assert stored is not None
    assert float(stored) < 1


def alice_id(token: str) -> str:
    import jwt

    return str(jwt.decode(token, options={"verify_signature": False})["client_id"])


def test_without_redis_each_process_limits_on_its_own(
    jwks_path: Path, make_token: Callable[..., str]
) -> None:
    token = make_token("fund:read", client_id=f"carol-{uuid.uuid4().hex[:6]}")
    with gateways(jwks_path, 2) as urls:
        statuses = _statuses(urls, token, 2 * BURST + 2)
    # Each process spends its own burst: twice the requests pass.
    assert statuses.count(200) == 2 * BURST
    assert statuses[-2:] == [429, 429]


def test_an_unreachable_redis_degrades_to_per_process_limits(
    jwks_path: Path, make_token: Callable[..., str]
) -> None:
    token = make_token("fund:read", client_id=f"dave-{uuid.uuid4().hex[:6]}")
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with gateways(jwks_path, 1, gateway_redis_url=dead) as urls:
        assert _statuses(urls, token, BURST + 1) == [200] * BURST + [429]
        ready = httpx.get(f"{urls[0]}/readyz")
        assert ready.status_code == 503  # no upstream answers here; the limiter's state is shown
        assert ready.json()["rate_limits"]["store"] == "redis"
        assert ready.json()["rate_limits"]["ok"] is False
