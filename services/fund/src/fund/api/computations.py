"""Stateless computations over HTTP: POST the facts, get the evaluation as JSON; nothing stored.

The checks and the calculators differ only in path, body model, function and documentation,
so their routes are made here. The body's model must be in the signature FastAPI reads, hence
no postponed annotations in this module.
"""

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Response
from pydantic import BaseModel

from fund.api.deps import READ, examples
from govkit.http.auth import Principal, requires
from govkit.http.responses import json_response
from govkit.platform.parameters import ParametersDep
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

    async def endpoint(
        body: Annotated[model, examples(model)],  # type: ignore[valid-type]
        params: ParametersDep,
        _: Principal = requires(READ),
    ) -> Response:
        return json_response(compute(body, params))

    router.post(path, **operation)(endpoint)
