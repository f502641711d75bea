"""Token bucket per client: burst, refill, Retry-After, bounded memory."""

import pytest

from gateway.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_at_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2, burst=3, clock=clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0, 0, 0]
    wait = limiter.acquire("a")
    assert wait == pytest.approx(0.5)
    assert RateLimiter.retry_after_header(wait) == "1"
    clock.now += 0.5
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") > 0


def test_clients_are_independent() -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=Clock())
    assert limiter.acquire("a") == 0
    assert limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0


def test_refill_never_exceeds_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=10, burst=2, clock=clock)
    limiter.acquire("a")
    clock.now += 3600
    assert [limiter.acquire("a") for _ in range(3)][-1] > 0


def test_memory_is_bounded_lru() -> None:
    limiter = RateLimiter(rate=1, burst=1, max_clients=2, clock=Clock())
    limiter.acquire("a")
    limiter.acquire("b")
    limiter.acquire("a")  # a is now the most recent
    limiter.acquire("c")  # evicts b
    assert set(limiter._buckets) == {"a", "c"}


def test_zero_rate_disables() -> None:
    limiter = RateLimiter(rate=0, burst=1)
    assert not limiter.enabled
    assert all(limiter.acquire("a") == 0 for _ in range(1000))
