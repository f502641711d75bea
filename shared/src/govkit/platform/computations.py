"""Stateless computations over HTTP, for any service: POST the facts, get the evaluation as
JSON; nothing is stored.

A check is an evaluation a client may repeat at will, so its Decision is answered unstored
(`decision_body`: `stored: false`, no decision_id); a what-if (`parameter_overrides`) applies to
that evaluation only (`scenario`), and what-if values that leave a rule without an answer are
the request's fault (`what_if`: a 422, never a 500).

The body's model must be in the signature FastAPI reads, hence no postponed annotations here.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Response
from pydantic import BaseModel

from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION, ProblemError
from govkit.http.responses import json_response
from govkit.platform.openapi import examples
from govkit.platform.parameters import ParametersDep, apply_overrides
from govkit.rules import Decision, DomainError, Outcome, ParameterSet

Body = TypeVar("Body", bound=BaseModel)


def post_computation(
    router: APIRouter,
    path: str,
    model: type[Body],
    compute: Callable[[Body, ParameterSet], dict[str, Any]],
    *,
    scope: str,
    **operation: Any,
) -> None:
    """Route POST `path` (needing `scope`): a `model` body, with its OpenAPI examples, in;
    `compute(body, parameters in force)` out. `operation` holds the route's `name` (its
    operation ID), summary, description and documented responses."""

    async def endpoint(
        body: Annotated[model, examples(model)],  # type: ignore[valid-type]
        params: ParametersDep,
        _: Principal = requires(scope),
    ) -> Response:
        return json_response(compute(body, params))

    router.post(path, **operation)(endpoint)


def decision_body(decision: Decision, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The Decision as the API returns an unstored one: `stored: false`, no decision_id or
    trace, the rules that warn beside those that fail, and the what-if values applied."""
    body = decision.as_dict()
    del body["decision_id"], body["trace"]
    body["stored"] = False
    body["warned_rules"] = [f.rule_id for f in decision.findings if f.outcome is Outcome.WARN]
    body["parameter_overrides"] = dict(overrides or {})
    return body


def scenario(params: ParameterSet, overrides: Mapping[str, Any]) -> ParameterSet:
    """The parameters in force, or a what-if copy (422 naming any unknown or ill-typed value)."""
    return apply_overrides(params, overrides) if overrides else params


@contextmanager
def what_if(overrides: Mapping[str, Any]) -> Iterator[None]:
    """What-if values of the right type can still leave a rule without an answer (a divisor of
    0): that is the request's fault, a 422, not a 500."""
    try:
        yield
    except DomainError:
        raise  # the domain's own refusal names its rule
    except (ArithmeticError, TypeError, ValueError) as exc:
        if not overrides:
            raise
        raise ProblemError(
            VALIDATION,
            "The what-if parameter values leave the rules without an answer.",
            errors=[
                {
                    "in": "body",
                    "pointer": "#/parameter_overrides",
                    "detail": str(exc) or type(exc).__name__,
                    "type": "value_error",
                }
            ],
        ) from None
