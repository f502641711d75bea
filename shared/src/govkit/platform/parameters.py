"""Operator-set parameter values: storage, the cached ParameterSet, the admin API, what-if.

A service lists its `ParameterDefinition`s in `ServiceSpec.parameters`; defaults live in code.
An operator sets a value from a day (optionally to a day, optionally for one county) with
`PUT /<service>/v1/admin/parameters/{path}`; values are stored append-only in `parameter_values`
(a later row with the same path, region and `effective_from` supersedes the earlier one) and
audited. The process keeps the current `ParameterSet` (defaults + stored values) in
`app.state.parameter_state`; use cases take it through `ParametersDep`. What-if evaluations apply
`parameter_overrides` to a copy with `apply_overrides`, never to the baseline.

Values are type-checked against the definition: the default's type, or, where the text gives no
figure (default None), the unit (`CNY`, `ratio` → Decimal; `days` → int; `date`; `text`;
`terms` → an object). Money and ratios travel as decimal strings ("0.35"), never floats.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from govkit import audit
from govkit.audit.masking import jsonable
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION, ProblemError
from govkit.platform.after_commit import AfterCommitDep
from govkit.platform.problems import UNKNOWN_PARAMETER, problem_doc
from govkit.platform.tables import parameter_values
from govkit.rules import (
    ParameterDefinition,
    ParameterNotConfigured,
    ParameterSet,
    ParameterValue,
    RuleBook,
)

log = logging.getLogger("govkit.parameters")

REGION_PATTERN = r"^\d{6}$"  # county code (GB/T 2260), e.g. 330302 鹿城区

_DECIMAL_UNITS = {"cny", "yuan", "元", "万元", "ratio", "rate", "percent", "%", "share", "money"}
_INT_UNITS = {"days", "day", "working days", "months", "years", "count", "天", "个", "人", "工作日"}
_OBJECT_UNITS = {"terms", "object", "table", "mapping"}


# ---- type checking --------------------------------------------------------------------------


def value_kind(definition: ParameterDefinition) -> str:
    """decimal | int | bool | date | text | list | object | any."""
    default = definition.default.value
    if default is not None:
        return _kind_of(default)
    unit = definition.unit.strip().lower()
    if unit in _DECIMAL_UNITS:
        return "decimal"
    if unit in _INT_UNITS:
        return "int"
    if unit == "date":
        return "date"
    if unit == "text":
        return "text"
    if unit in _OBJECT_UNITS:
        return "object"
    return "any"


def _kind_of(value: Any) -> str:
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, datetime):
        return "any"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return "any"


def _no_floats(value: Any, where: str) -> Any:
    if isinstance(value, float):
        raise ValueError(f'{where}: send numbers as decimal strings (e.g. "0.35"), not floats')
    if isinstance(value, Mapping):
        return {str(k): _no_floats(v, f"{where}/{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_no_floats(v, f"{where}/{i}") for i, v in enumerate(value)]
    return value


def _coerce(kind: str, raw: Any, where: str, sample: Any = None) -> Any:
    if kind == "decimal":
        if isinstance(raw, Decimal):
            return raw
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise ValueError(f'{where}: a decimal string is required (e.g. "0.35")')
        try:
            value = Decimal(raw.strip() if isinstance(raw, str) else raw)
        except InvalidOperation:
            raise ValueError(f"{where}: {raw!r} is not a decimal number") from None
        if not value.is_finite():
            raise ValueError(f"{where}: the number must be finite")
        return value
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{where}: an integer is required")
        return raw
    if kind == "bool":
        if not isinstance(raw, bool):
            raise ValueError(f"{where}: true or false is required")
        return raw
    if kind == "date":
        if isinstance(raw, date) and not isinstance(raw, datetime):
            return raw
        if not isinstance(raw, str):
            raise ValueError(f"{where}: an ISO date (YYYY-MM-DD) is required")
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{where}: {raw!r} is not an ISO date (YYYY-MM-DD)") from None
    if kind == "text":
        if not isinstance(raw, str):
            raise ValueError(f"{where}: a string is required")
        return raw
    if kind == "list":
        if not isinstance(raw, list | tuple):
            raise ValueError(f"{where}: a list is required")
        if sample:
            item_kind = _kind_of(next(iter(sample)))
            return tuple(_coerce(item_kind, v, f"{where}/{i}") for i, v in enumerate(raw))
        return tuple(_no_floats(list(raw), where))
    if kind == "object":
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: an object is required")
        if sample:
            kinds = {k: _kind_of(v) for k, v in sample.items()}
            fallback = next(iter(kinds.values()))
            return {
                str(k): _coerce(kinds.get(k, fallback), v, f"{where}/{k}") for k, v in raw.items()
            }
        result: dict[str, Any] = _no_floats(dict(raw), where)
        return result
    return _no_floats(raw, where)


def coerce_value(definition: ParameterDefinition, raw: Any) -> Any:
    """`raw` (JSON) as the definition's type; None stays None (deliberately not configured).

    Raises ValueError with a message naming what is wrong.
    """
    if raw is None:
        return None
    default = definition.default.value
    return _coerce(value_kind(definition), raw, definition.path, default)


# ---- state ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredValue:
    """Who set a configured value, and when (kept beside the ParameterSet for the API)."""

    id: int
    created_at: datetime
    created_by: str
    created_by_user: str | None


Key = tuple[str, str | None, date]


@dataclass(frozen=True)
class ParameterState:
    """The process's current parameters: swapped whole, never mutated."""

    parameters: ParameterSet
    stored: Mapping[Key, StoredValue] = field(default_factory=dict)
    generation: int = 0  # highest parameter_values.id included

    @classmethod
    def defaults(cls, definitions: Iterable[ParameterDefinition]) -> ParameterState:
        return cls(ParameterSet(definitions))


def build_state(
    definitions: Sequence[ParameterDefinition], rows: Iterable[sa.Row[Any]]
) -> ParameterState:
    """Defaults + stored rows (in id order: a later row supersedes an earlier one's key)."""
    by_path = {d.path: d for d in definitions}
    latest: dict[Key, tuple[ParameterValue, StoredValue]] = {}
    generation = 0
    for row in rows:
        generation = max(generation, row.id)
        definition = by_path.get(row.path)
        if definition is None:
            log.warning("stored value for unknown parameter %s ignored", row.path)
            continue
        try:
            value = coerce_value(definition, row.value)
        except ValueError as exc:
            log.error("stored value %s of %s no longer type-checks: %s", row.id, row.path, exc)
            continue
        key: Key = (row.path, row.region, row.effective_from)
        latest[key] = (
            ParameterValue(
                row.path, value, row.effective_from, row.effective_to, row.source, row.region
            ),
            StoredValue(row.id, row.created_at, row.created_by, row.created_by_user),
        )
    return ParameterState(
        ParameterSet(definitions, [v for v, _ in latest.values()]),
        {k: s for k, (_, s) in latest.items()},
        generation,
    )


async def load_state(
    session: AsyncSession, definitions: Sequence[ParameterDefinition]
) -> ParameterState:
    rows = (
        await session.execute(sa.select(parameter_values).order_by(parameter_values.c.id))
    ).all()
    return build_state(definitions, rows)


def install_state(app: Any, state: ParameterState) -> None:
    """Swap in `state` unless a newer one is already installed."""
    current: ParameterState | None = getattr(app.state, "parameter_state", None)
    if current is None or state.generation >= current.generation:
        app.state.parameter_state = state


async def current_parameters(request: Request) -> ParameterSet:  # async: no thread hop
    state: ParameterState = request.app.state.parameter_state
    return state.parameters


ParametersDep = Annotated[ParameterSet, Depends(current_parameters)]


# ---- what-if --------------------------------------------------------------------------------


def _pointer_token(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def apply_overrides(
    parameters: ParameterSet,
    overrides: Mapping[str, Any] | None,
    *,
    pointer: str = "#/parameter_overrides",
) -> ParameterSet:
    """A copy of `parameters` where each overridden path takes its value on every day.

    The baseline is never touched. Unknown paths and ill-typed values are a 422 problem whose
    `errors[]` point into the body.
    """
    if not overrides:
        return parameters
    coerced: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for path, raw in overrides.items():
        definition = parameters.definitions.get(path)
        where = f"{pointer}/{_pointer_token(path)}"
        if definition is None:
            errors.append(
                {
                    "in": "body",
                    "pointer": where,
                    "detail": f"unknown parameter {path}",
                    "type": "unknown_parameter",
                }
            )
            continue
        try:
            coerced[path] = coerce_value(definition, raw)
        except ValueError as exc:
            errors.append(
                {"in": "body", "pointer": where, "detail": str(exc), "type": "value_error"}
            )
    if errors:
        raise ProblemError(VALIDATION, "parameter_overrides is not valid.", errors=errors)
    return parameters.with_overrides(coerced)


class WhatIf(BaseModel):
    """Mix into an evaluation request to accept what-if parameter overrides."""

    parameter_overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="假设分析：临时覆盖参数（仅用于本次计算，不改变基线） What-if: parameter values "
        "applied to this evaluation only, on every day; money and ratios as decimal strings.",
        examples=[{"medical.assistance.ratio": "0.85"}],
    )


# ---- API models ------------------------------------------------------------------------------


class ParameterValueOut(BaseModel):
    path: str
    value: Any = Field(description="JSON value; money and ratios as decimal strings; null = 未配置")
    effective_from: date
    effective_to: date | None = Field(
        None, description="Last day in force (inclusive); null = open"
    )
    region: str | None = Field(None, description="County code; null = the whole city")
    source: str = Field(description="Citation: clause, notice, or the operator's reference")
    origin: str = Field(description="`default` (the policy text, in code) or `configured`")
    created_at: datetime | None = None
    created_by: str | None = None


class ParameterOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "path": "medical.assistance.ratio",
                    "description": "Medical-assistance ratio for the needy",
                    "unit": "ratio",
                    "kind": "decimal",
                    "values": [
                        {
                            "path": "medical.assistance.ratio",
                            "value": "0.85",
                            "effective_from": "2026-01-01",
                            "effective_to": None,
                            "region": "330302",
                            "source": "鹿城区医保局〔2025〕12号",
                            "origin": "configured",
                            "created_at": "2025-12-20T02:00:00Z",
                            "created_by": "ops-console",
                        }
                    ],
                    "in_force": None,
                }
            ]
        }
    )

    path: str
    description: str
    unit: str
    kind: str = Field(description="decimal, int, bool, date, text, list, object or any")
    values: list[ParameterValueOut]
    in_force: ParameterValueOut | None = Field(
        None, description="The value in force on `on` for `region` (when `on` is given)"
    )


class ParametersOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "medical",
                    "on": "2026-03-01",
                    "region": "330302",
                    "parameters": [
                        {
                            "path": "medical.assistance.ratio",
                            "description": "Medical-assistance ratio for the needy",
                            "unit": "ratio",
                            "kind": "decimal",
                            "values": [
                                {
                                    "path": "medical.assistance.ratio",
                                    "value": "0.85",
                                    "effective_from": "2026-01-01",
                                    "effective_to": None,
                                    "region": "330302",
                                    "source": "鹿城区医保局〔2025〕12号",
                                    "origin": "configured",
                                    "created_at": "2025-12-20T02:00:00Z",
                                    "created_by": "ops-console",
                                }
                            ],
                            "in_force": None,
                        }
                    ],
                }
            ]
        }
    )

    service: str
    on: date | None
    region: str | None
    parameters: list[ParameterOut]


class ParameterValueSet(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "value": "0.85",
                    "effective_from": "2026-01-01",
                    "effective_to": None,
                    "region": "330302",
                    "source": "鹿城区医保局〔2025〕12号",
                }
            ]
        }
    )

    value: Any = Field(
        description="The value, type-checked against the parameter (money/ratios as decimal "
        "strings); null = deliberately not configured from this day"
    )
    effective_from: date = Field(description="First day in force (Asia/Shanghai)")
    effective_to: date | None = Field(None, description="Last day in force (inclusive)")
    region: str | None = Field(
        None, pattern=REGION_PATTERN, description="County code; omit for the whole city"
    )
    source: str = Field(min_length=1, max_length=2000, description="Citation or authority")

    @model_validator(mode="after")
    def _range(self) -> ParameterValueSet:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to must not be before effective_from")
        return self


class RuleParameterOut(BaseModel):
    path: str
    description: str | None = None
    unit: str | None = None
    value: Any = None
    effective_from: date | None = None
    effective_to: date | None = None
    region: str | None = None
    source: str | None = None
    configured: bool = Field(description="false when no value is in force (参数未配置)")


def value_out(
    v: ParameterValue, state: ParameterState, defaults: Mapping[str, ParameterDefinition]
) -> ParameterValueOut:
    stored = state.stored.get((v.path, v.region, v.effective_from))
    is_default = stored is None and defaults[v.path].default is v
    return ParameterValueOut(
        path=v.path,
        value=jsonable(v.value),
        effective_from=v.effective_from,
        effective_to=v.effective_to,
        region=v.region,
        source=v.source,
        origin="default" if is_default else "configured",
        created_at=stored.created_at if stored else None,
        created_by=stored.created_by if stored else None,
    )


def _covers(v: ParameterValue, on: date) -> bool:
    return v.effective_from <= on and (v.effective_to is None or on <= v.effective_to)


def describe_parameters(
    state: ParameterState,
    *,
    path: str | None = None,
    region: str | None = None,
    on: date | None = None,
) -> list[ParameterOut]:
    params = state.parameters
    defs = params.definitions
    all_values = params.values()
    out = []
    for d in sorted(defs.values(), key=lambda d: d.path):
        if path and not (d.path == path or d.path.startswith(path + ".")):
            continue
        values = [
            v
            for v in all_values
            if v.path == d.path
            and (region is None or v.region in (None, region))
            and (on is None or _covers(v, on))
        ]
        values.sort(key=lambda v: (v.region or "", v.effective_from))
        in_force = None
        if on is not None:
            try:
                in_force = value_out(params.resolve(d.path, on, region), state, defs)
            except ParameterNotConfigured:
                in_force = None
        out.append(
            ParameterOut(
                path=d.path,
                description=d.description,
                unit=d.unit,
                kind=value_kind(d),
                values=[value_out(v, state, defs) for v in values],
                in_force=in_force,
            )
        )
    return out


def rule_parameters(
    book: RuleBook, params: ParameterSet, on: date, region: str | None
) -> dict[str, list[RuleParameterOut]]:
    """Each rule's parameters with the value in force on `on` (for GET …/rules)."""
    out: dict[str, list[RuleParameterOut]] = {}
    for rule in book:
        items = []
        for p in rule.parameters:
            d = params.definitions.get(p)
            if d is None:
                items.append(RuleParameterOut(path=p, configured=False))
                continue
            try:
                v = params.resolve(p, on, region)
            except ParameterNotConfigured:
                items.append(
                    RuleParameterOut(
                        path=p, description=d.description, unit=d.unit, configured=False
                    )
                )
                continue
            items.append(
                RuleParameterOut(
                    path=p,
                    description=d.description,
                    unit=d.unit,
                    value=jsonable(v.value),
                    effective_from=v.effective_from,
                    effective_to=v.effective_to,
                    region=v.region,
                    source=v.source,
                    configured=True,
                )
            )
        out[rule.id] = items
    return out


# ---- router ---------------------------------------------------------------------------------


def parameters_router(service: str) -> APIRouter:
    router = APIRouter(prefix=f"/{service}/v1", tags=["parameters"])

    @router.get(
        "/parameters",
        response_model=ParametersOut,
        summary="参数及其生效期间 Parameters with their effective ranges and sources",
        description="每个参数的默认值（政策原文）与经办配置值，含生效起止日期与出处。"
        " Every parameter's default (from the policy text) and configured values, with effective "
        "ranges and citations. `on` keeps the values in force that day and resolves `in_force`; "
        "`region` keeps city-wide values and that county's.",
    )
    async def list_parameters(
        request: Request,
        path: Annotated[
            str | None, Query(max_length=200, description="A path, or a prefix ending a segment")
        ] = None,
        region: Annotated[
            str | None, Query(pattern=REGION_PATTERN, description="County code")
        ] = None,
        on: Annotated[date | None, Query(description="Keep values in force on this day")] = None,
        _: Principal = requires(f"{service}:read"),
    ) -> ParametersOut:
        state: ParameterState = request.app.state.parameter_state
        return ParametersOut(
            service=service,
            on=on,
            region=region,
            parameters=describe_parameters(state, path=path, region=region, on=on),
        )

    @router.put(
        "/admin/parameters/{path}",
        response_model=ParameterOut,
        summary="设置参数值 Set a parameter value from a day",
        description="按日生效、可按县（市、区）设置；写入审计日志。同一参数、地区、起始日再次设置则覆盖前值"
        "（历史保留）。 Sets a value from `effective_from` (optionally to `effective_to`, "
        "optionally for one county); audited. Setting the same path, region and start day again "
        "supersedes the earlier value (both stay on record).",
        responses=problem_doc(UNKNOWN_PARAMETER),
    )
    async def set_parameter(
        request: Request,
        body: ParameterValueSet,
        after_commit: AfterCommitDep,
        session: SessionDep,
        path: Annotated[str, Path(max_length=200, description="Parameter path")],
        principal: Principal = requires("admin"),
    ) -> ParameterOut:
        state: ParameterState = request.app.state.parameter_state
        definitions = list(state.parameters.definitions.values())
        definition = state.parameters.definitions.get(path)
        if definition is None:
            raise ProblemError(
                UNKNOWN_PARAMETER, f"{service} defines no parameter {path}.", parameter=path
            )
        try:
            value = coerce_value(definition, body.value)
        except ValueError as exc:
            raise ProblemError(
                VALIDATION,
                "The value does not fit the parameter's type.",
                errors=[
                    {"in": "body", "pointer": "#/value", "detail": str(exc), "type": "value_error"}
                ],
            ) from None
        await session.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(hashtextextended('govkit.parameters:' || current_schema(), 0))"
            )
        )
        region_match = (
            parameter_values.c.region.is_(None)
            if body.region is None
            else parameter_values.c.region == body.region
        )
        previous = (
            await session.execute(
                sa.select(parameter_values)
                .where(
                    parameter_values.c.path == path,
                    region_match,
                    parameter_values.c.effective_from == body.effective_from,
                )
                .order_by(parameter_values.c.id.desc())
                .limit(1)
            )
        ).first()
        record = {
            "path": path,
            "region": body.region,
            "value": jsonable(value),
            "effective_from": body.effective_from,
            "effective_to": body.effective_to,
            "source": body.source,
        }
        before = {k: getattr(previous, k) for k in record} if previous is not None else None
        if before != record:  # the same value again is a no-op: no new row, no audit record
            await session.execute(
                parameter_values.insert().values(
                    **record,
                    created_at=datetime.now(UTC),
                    created_by=principal.client_id,
                    created_by_user=principal.user,
                )
            )
            await audit.append(
                session, principal, None, "parameter.set", "parameter", path, before, record
            )
        new_state = await load_state(session, definitions)
        after_commit.add(lambda: install_state(request.app, new_state))
        return next(p for p in describe_parameters(new_state, path=path) if p.path == path)

    return router
