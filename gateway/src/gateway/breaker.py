"""A circuit breaker per upstream: after N consecutive failures, fail fast for a while.

While open, requests are refused at once (503 with Retry-After) instead of each waiting for a
connect timeout. After `open_seconds` one probe request is let through (half-open): success
closes the breaker, failure opens it again. A probe that never reports (its caller vanished) is
forgotten after `probe_seconds`, so the breaker cannot stick half-open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class State(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        *,
        failures: int = 5,
        open_seconds: float = 2.0,
        probe_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[State, State], None] | None = None,
    ) -> None:
        self.threshold = failures
        self.open_seconds = open_seconds
        self.probe_seconds = probe_seconds
        self._clock = clock
        self._on_change = on_change
        self._state = State.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_at: float | None = None

    @property
    def state(self) -> State:
        if self._state is State.OPEN and self._clock() - self._opened_at >= self.open_seconds:
            self._set(State.HALF_OPEN)
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def allow(self) -> bool:
        """May a request go to the upstream now? In half-open, only one probe at a time."""
        if self._state is State.CLOSED:  # the hot path: one comparison
            return True
        state = self.state
        if state is State.OPEN:
            return False
        now = self._clock()
        if self._probe_at is not None and now - self._probe_at < self.probe_seconds:
            return False
        self._probe_at = now
        return True

    def retry_after(self) -> float:
        """Seconds until a probe may pass (0 when closed)."""
        if self._state is State.CLOSED:
            return 0.0
        return max(0.0, self.open_seconds - (self._clock() - self._opened_at))

    def record_success(self) -> None:
        self._failures = 0
        self._probe_at = None
        if self._state is not State.CLOSED:
            self._set(State.CLOSED)

    def record_failure(self) -> None:
        self._failures += 1
        self._probe_at = None
        if self._state is State.HALF_OPEN or (
            self._state is State.CLOSED and self._failures >= self.threshold
        ):
            self._opened_at = self._clock()
            self._set(State.OPEN)

    def _set(self, state: State) -> None:
        old, self._state = self._state, state
        if old is not state and self._on_change is not None:
            self._on_change(old, state)
