"""The county-level districts as reference data: code, name and development tier, by the day.

一（三） sorts the twelve counties (县（市、区）) into three tiers: the net-inflow districts, the
other key-development districts, and 文成 and 泰顺. Net-inflow and key districts are both "重点
发展" (三). The service stores these as effective-dated versions (seeded with the text's, from
the first day of the 14th Five-Year Plan) which an operator may supersede; the domain reads a
`DistrictRegistry` built from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from housing.domain.policy import PLAN_FROM, clause


class Tier(StrEnum):
    NET_INFLOW = "net_inflow"  # 人口净流入的区（市）
    KEY = "key"  # 其他重点发展县（市、区）
    OTHER = "other"  # 文成县、泰顺县：合理发展

    @property
    def key_development(self) -> bool:
        """重点发展: net-inflow and key districts (三)."""
        return self is not Tier.OTHER


TIER_ZH = {Tier.NET_INFLOW: "人口净流入区域", Tier.KEY: "其他重点发展区域", Tier.OTHER: "其他区域"}


@dataclass(frozen=True, slots=True)
class District:
    code: str  # GB/T 2260 county code
    name: str
    tier: Tier
    effective_from: date
    effective_to: date | None  # inclusive; None = open
    source: str

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


_SOURCE = clause("一（三）")
DEFAULT_DISTRICTS: tuple[District, ...] = tuple(
    District(code, name, tier, PLAN_FROM, None, _SOURCE)
    for code, name, tier in (
        ("330302", "鹿城区", Tier.NET_INFLOW),
        ("330303", "龙湾区", Tier.NET_INFLOW),
        ("330304", "瓯海区", Tier.NET_INFLOW),
        ("330381", "瑞安市", Tier.NET_INFLOW),
        ("330305", "洞头区", Tier.KEY),
        ("330324", "永嘉县", Tier.KEY),
        ("330326", "平阳县", Tier.KEY),
        ("330327", "苍南县", Tier.KEY),
        ("330383", "龙港市", Tier.KEY),
        ("330382", "乐清市", Tier.KEY),
        ("330328", "文成县", Tier.OTHER),
        ("330329", "泰顺县", Tier.OTHER),
    )
)


class DistrictRegistry:
    """Every version of every district; the one in force on a day, by code."""

    __slots__ = ("_by_code", "_cache")

    def __init__(self, versions: Iterable[District]) -> None:
        by_code: dict[str, list[District]] = {}
        for v in versions:
            by_code.setdefault(v.code, []).append(v)
        self._by_code: Mapping[str, tuple[District, ...]] = {
            code: tuple(sorted(vs, key=lambda v: v.effective_from)) for code, vs in by_code.items()
        }
        self._cache: dict[tuple[str, date], District | None] = {}

    def codes(self) -> list[str]:
        return sorted(self._by_code)

    def versions(self, code: str) -> tuple[District, ...]:
        return self._by_code.get(code, ())

    def on(self, code: str, day: date) -> District | None:
        """The version in force on `day` (the latest that started by then and has not ended)."""
        key = (code, day)
        if key in self._cache:
            return self._cache[key]
        found = None
        for v in reversed(self._by_code.get(code, ())):
            if v.covers(day):
                found = v
                break
        if len(self._cache) < 4096:
            self._cache[key] = found
        return found

    def all_on(self, day: date) -> list[District]:
        """Every district in force on `day`, by code."""
        return [d for d in (self.on(c, day) for c in self.codes()) if d is not None]


DEFAULT_REGISTRY = DistrictRegistry(DEFAULT_DISTRICTS)
