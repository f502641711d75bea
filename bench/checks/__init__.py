"""Checks benchmark: every service's rule checks per CPU-second, side by side in one run.

Each service contributes one module here, `bench/checks/<service>.py`, and the runner
(`python -m bench.checks`) finds it by itself. A module exposes:

- `workloads() -> list[tuple[str, Callable[[], object]]]`: (label, a zero-argument function that
  does one check in process). The runner times each in interleaved rounds and reports checks per
  wall-clock second and per CPU-second of the measuring thread (one core's rate).
- optionally `http_checks() -> list[HttpCheck]`: one request to the running service that does
  the same check over HTTP, measured straight to the service and through the gateway;
- optionally `TARGETS: dict[str, int]`: a workload label → its checks per CPU-second target.

A workload checks its own answer once before it is timed (raise if it is wrong): a benchmark of
a wrong answer is worthless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Workload = tuple[str, Callable[[], object]]


@dataclass(frozen=True)
class HttpCheck:
    """One check over HTTP: `POST path` with `body` to `service`, answered 200 and `passed`."""

    label: str
    service: str  # the service's package and schema name, e.g. "fund"
    path: str
    body: bytes
    scopes: tuple[str, ...]
    baseline: str  # the label of the in-process workload it is compared with
    expect: bytes = b""  # a fragment every good answer contains
    headers: dict[str, str] = field(default_factory=dict)

    def passed(self, status: int, payload: bytes) -> bool:
        return status == 200 and self.expect in payload
