"""Circuit breaker: opens after N consecutive failures, probes once after the open period."""

from gateway.breaker import CircuitBreaker, State


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_consecutive_failures_only() -> None:
    clock = Clock()
    b = CircuitBreaker(failures=3, open_seconds=10, clock=clock)
    b.record_failure()
    b.record_failure()
    b.record_success()  # resets the count
    b.record_failure()
    b.record_failure()
    assert b.state is State.CLOSED
    assert b.allow()
    b.record_failure()
    assert b.state is State.OPEN
    assert not b.allow()
    assert b.retry_after() == 10


def test_half_open_lets_one_probe_and_closes_on_success() -> None:
    clock = Clock()
    changes: list[tuple[State, State]] = []
    b = CircuitBreaker(
        failures=1,
        open_seconds=5,
        clock=clock,
        on_change=lambda old, new: changes.append((old, new)),
    )
    b.record_failure()
    clock.now = 4.9
    assert not b.allow()
    clock.now = 5.0
    assert b.allow()  # the probe
    assert not b.allow()  # only one at a time
    b.record_success()
    assert b.state is State.CLOSED
    assert b.allow()
    assert changes == [
        (State.CLOSED, State.OPEN),
        (State.OPEN, State.HALF_OPEN),
        (State.HALF_OPEN, State.CLOSED),
    ]


def test_failed_probe_reopens_for_a_full_period() -> None:
    clock = Clock()
    b = CircuitBreaker(failures=1, open_seconds=5, clock=clock)
    b.record_failure()
    clock.now = 6
    assert b.allow()
    b.record_failure()
    assert b.state is State.OPEN
    clock.now = 10.9
    assert not b.allow()
    clock.now = 11
    assert b.allow()


def test_a_probe_that_never_reports_is_forgotten() -> None:
    clock = Clock()
    b = CircuitBreaker(failures=1, open_seconds=1, probe_seconds=3, clock=clock)
    b.record_failure()
    clock.now = 1
    assert b.allow()
    clock.now = 3.9
    assert not b.allow()
    clock.now = 4.0
    assert b.allow()
