"""Effective-dated, cited parameters, with regional overrides and what-if copies.

A parameter's value is resolved by path, day and region (county code). Defaults come from the
policy text and live in code; a region may override a value from a date; a what-if evaluation
applies overrides to a copy, never to the baseline.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

FOREVER = date.max


@dataclass(frozen=True, slots=True)
class ParameterValue:
    path: str
    value: Any  # None = deliberately unconfigured (the text gives no figure)
    effective_from: date
    effective_to: date | None  # inclusive last day; None = open-ended
    source: str  # citation: clause, notice, or who configured it
    region: str | None = None  # county code; None = the whole city

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "value": _jsonable(self.value),
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "source": self.source,
            "region": self.region,
        }


@dataclass(frozen=True, slots=True)
class ParameterDefinition:
    path: str
    description: str
    unit: str
    default: ParameterValue


class ParameterNotConfigured(LookupError):
    """The policy gives no value and no operator has configured one: never a silent default."""

    def __init__(self, path: str, on: date, region: str | None) -> None:
        self.path, self.on, self.region = path, on, region
        where = f" for region {region}" if region else ""
        super().__init__(f"parameter {path} is not configured on {on.isoformat()}{where}")


def _jsonable(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    return value


class ParameterSet:
    """Immutable view of all parameter values; `with_*` return copies."""

    def __init__(
        self,
        definitions: Iterable[ParameterDefinition],
        values: Iterable[ParameterValue] = (),
    ) -> None:
        self._definitions = {d.path: d for d in definitions}
        self._extras = list(values)
        timeline: dict[tuple[str, str | None], list[ParameterValue]] = {}
        for d in self._definitions.values():
            timeline.setdefault((d.path, None), []).append(d.default)
        for v in self._extras:
            if v.path not in self._definitions:
                raise KeyError(f"unknown parameter {v.path}")
            timeline.setdefault((v.path, v.region), []).append(v)
        self._timeline = {
            k: sorted(vs, key=lambda v: v.effective_from) for k, vs in timeline.items()
        }
        self._starts = {k: [v.effective_from for v in vs] for k, vs in self._timeline.items()}

    @property
    def definitions(self) -> Mapping[str, ParameterDefinition]:
        return self._definitions

    def values(self) -> list[ParameterValue]:
        return [v for vs in self._timeline.values() for v in vs]

    def _lookup(self, key: tuple[str, str | None], on: date) -> ParameterValue | None:
        starts = self._starts.get(key)
        if not starts:
            return None
        # The latest value that started on or before `on` and has not ended by then: a value
        # bounded by `effective_to` (e.g. a temporary rate) gives way to the one it interrupted.
        timeline = self._timeline[key]
        for i in range(bisect.bisect_right(starts, on) - 1, -1, -1):
            v = timeline[i]
            if v.effective_to is None or on <= v.effective_to:
                return v
        return None

    def resolve(self, path: str, on: date, region: str | None = None) -> ParameterValue:
        """The value in force on `on` for `region`, falling back to the city-wide value."""
        if path not in self._definitions:
            raise KeyError(f"unknown parameter {path}")
        found = (self._lookup((path, region), on) if region else None) or self._lookup(
            (path, None), on
        )
        if found is None or found.value is None:
            raise ParameterNotConfigured(path, on, region)
        return found

    def get(self, path: str, on: date, region: str | None = None) -> Any:
        return self.resolve(path, on, region).value

    def with_values(self, values: Iterable[ParameterValue]) -> ParameterSet:
        return ParameterSet(self._definitions.values(), [*self._extra_values(), *values])

    def with_overrides(self, overrides: Mapping[str, Any], source: str = "what-if") -> ParameterSet:
        """A copy where each path takes `value` on every day (what-if / simulate)."""
        extra = []
        for path, value in overrides.items():
            if path not in self._definitions:
                raise KeyError(f"unknown parameter {path}")
            extra.append(ParameterValue(path, value, date.min, None, source))
        copy = ParameterSet(self._definitions.values(), self._extra_values())
        for v in extra:
            # Overrides win over every dated value, city-wide and regional alike.
            for key in list(copy._timeline):
                if key[0] == v.path:
                    copy._timeline[key] = [replace(v, region=key[1])]
                    copy._starts[key] = [v.effective_from]
        return copy

    def _extra_values(self) -> list[ParameterValue]:
        return list(self._extras)
