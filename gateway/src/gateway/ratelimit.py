"""Token-bucket rate limit per client, bounded in memory.

Each client (the token's client ID) has a bucket of `burst` tokens refilled at `rate` per second;
a request takes one. Buckets live in an LRU of at most `max_clients`: evicting a quiet client only
forgets that it had spent part of its burst, which errs on the client's side.
Limits are per gateway process: with N replicas a client may get up to N × rate.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.max_clients = max_clients
        self._clock = clock
        # client → (tokens, last refill time)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def acquire(self, client: str) -> float:
        """Take one token; returns 0.0 when allowed, else the seconds to wait (for Retry-After)."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        buckets = self._buckets
        entry = buckets.get(client)
        if entry is None:
            tokens = self.burst
            if len(buckets) >= self.max_clients:
                buckets.popitem(last=False)
        else:
            tokens = min(self.burst, entry[0] + (now - entry[1]) * self.rate)
            buckets.move_to_end(client)
        if tokens >= 1.0:
            buckets[client] = (tokens - 1.0, now)
            return 0.0
        buckets[client] = (tokens, now)
        return (1.0 - tokens) / self.rate

    @staticmethod
    def retry_after_header(wait: float) -> str:
        return str(max(1, math.ceil(wait)))
