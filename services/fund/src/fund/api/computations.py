"""Stateless computations over HTTP: POST the facts, get the evaluation as JSON; nothing stored.

The checks and the calculators differ only in path, body model, function and documentation,
so their routes are made by `govkit.platform.checks.post_check` (scope fund:read).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter
from pydantic import BaseModel

from fund.api.deps import READ
from govkit.platform.checks import post_check
from govkit.rules import ParameterSet

Body = TypeVar("Body", bound=BaseModel)


def post_computation(
    router: APIRouter,
    path: str,
    model: type[Body],
    compute: Callable[[Body, ParameterSet], dict[str, Any]],
    **operation: Any,
) -> None:
    """Route POST `path` (scope fund:read): a `model` body, with its OpenAPI examples, in;
    `compute(body, parameters in force)` out. `operation` holds the route's `name` (its
    operation ID), summary, description and documented responses."""
    post_check(router, path, model, compute, scope=READ, **operation)
