"""The four upstream services: base URL, timeouts and circuit breaker of each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx

from gateway.breaker import CircuitBreaker, State
from gateway.config import SERVICES, GatewaySettings, Timeouts


@dataclass
class Upstream:
    name: str
    url: str  # base URL, no trailing slash
    timeouts: Timeouts
    breaker: CircuitBreaker

    def httpx_timeout(self, pool: float) -> httpx.Timeout:
        t = self.timeouts
        return httpx.Timeout(connect=t.connect, read=t.read, write=t.read, pool=pool)


class Upstreams:
    def __init__(
        self,
        settings: GatewaySettings,
        on_breaker_change: Callable[[str, State, State], None] | None = None,
    ) -> None:
        def notify(name: str) -> Callable[[State, State], None] | None:
            if on_breaker_change is None:
                return None
            return lambda old, new: on_breaker_change(name, old, new)

        self.by_name: dict[str, Upstream] = {
            name: Upstream(
                name=name,
                url=settings.upstream_url(name),
                timeouts=settings.timeouts(name),
                breaker=CircuitBreaker(
                    failures=settings.breaker_failures,
                    open_seconds=settings.breaker_open_seconds,
                    probe_seconds=settings.timeouts(name).read + settings.timeouts(name).connect,
                    on_change=notify(name),
                ),
            )
            for name in SERVICES
        }

    def __iter__(self) -> Iterator[Upstream]:
        return iter(self.by_name.values())

    def __getitem__(self, name: str) -> Upstream:
        return self.by_name[name]

    def get(self, name: str) -> Upstream | None:
        return self.by_name.get(name)
