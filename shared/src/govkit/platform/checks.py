"""Stateless checks over HTTP: POST the facts, get the Decision; nothing is stored.

A check is an evaluation a client may repeat at will, so its Decision is answered unstored:
`stored: false`, no `decision_id`, `warned_rules` beside `failed_rules`, and the what-if
`parameter_overrides` it was computed with (applied to a copy of the parameters in force, never
to the baseline). Decisions that change state are stored by their use case instead.

    post_check(router, "/checks/tenant", TenantCheck, svc.tenant, scope="housing:read",
               name="check_tenant", summary=…, responses=…)
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
from govkit.rules import Decision, Outcome, ParameterSet

# No postponed annotations here: the body's model must be in the signature FastAPI reads.

Body = TypeVar("Body", bound=BaseModel)
_WARN = Outcome.WARN


def unstored_decision(
    decision: Decision, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The Decision as a check answers it: no decision_id or trace, `stored: false`."""
    body = decision.as_dict()
    del body["decision_id"], body["trace"]
    body["stored"] = False
    body["warned_rules"] = [f.rule_id for f in decision.findings if f.outcome is _WARN]
    body["parameter_overrides"] = dict(overrides or {})
    return body


def scenario(params: ParameterSet, overrides: Mapping[str, Any]) -> ParameterSet:
    """The parameters in force, or a what-if copy (422 naming any unknown or ill-typed value)."""
    return apply_overrides(params, overrides) if overrides else params


@contextmanager
def what_if(overrides: Mapping[str, Any]) -> Iterator[None]:
    """What-if values of the right type can still leave a rule without an answer (a divisor of
    0, a list of the wrong items): that is the request's fault, a 422, not a 500."""
    try:
        yield
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


def post_check(
    router: APIRouter,
    path: str,
    model: type[Body],
    compute: Callable[[Body, ParameterSet], dict[str, Any]],
    *,
    scope: str,
    **operation: Any,
) -> None:
    """Route POST `path` (scope `scope`): a `model` body, with its OpenAPI examples, in;
    `compute(body, parameters in force)` out as JSON. `operation` holds the route's `name`
    (its operation ID), summary, description and documented responses."""

    async def endpoint(
        body: Annotated[model, examples(model)],  # type: ignore[valid-type]
        params: ParametersDep,
        _: Principal = requires(scope),
    ) -> Response:
        return json_response(compute(body, params))

    router.post(path, **operation)(endpoint)
