"""OpenAPI helpers for service routers: request-body examples and documented responses."""

from __future__ import annotations

from typing import Any

from fastapi import Body
from pydantic import BaseModel

from govkit.http.problem import ProblemType
from govkit.platform.problems import problem_doc


def examples(model: type[BaseModel]) -> Any:
    """`Body(...)` carrying the model's examples as OpenAPI media-type examples."""
    extra = model.model_config.get("json_schema_extra")
    found = extra.get("examples") if isinstance(extra, dict) else None
    values = found if isinstance(found, list) else []
    return Body(
        openapi_examples={
            f"example_{i + 1}": {"summary": f"{model.__name__} example {i + 1}", "value": v}
            for i, v in enumerate(values)
        }
    )


def documented(
    model: type[BaseModel] | None, status: int, description: str, *problems: ProblemType
) -> Any:
    """`responses=` for an endpoint answering a Response directly: the body model and problems."""
    out: dict[int | str, dict[str, Any]] = dict(problem_doc(*problems))
    out[status] = {"description": description}
    if model is not None:
        out[status]["model"] = model
    return out
