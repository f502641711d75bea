"""Dependencies of the medical routers, as `Annotated` aliases, and OpenAPI helpers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Request
from pydantic import BaseModel

from govkit.platform.problems import problem_doc
from govkit.settings import ServiceSettings

PREFIX = "/medical/v1"
READ, WRITE, SETTLE, ADMIN = "medical:read", "medical:write", "medical:settle", "admin"


def _pii_key(request: Request) -> bytes:
    settings: ServiceSettings = request.app.state.settings
    return settings.pii_hash_key.get_secret_value().encode()


PiiKeyDep = Annotated[bytes, Depends(_pii_key)]


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


def documented(model: type[BaseModel] | None, status: int, description: str, *problems: Any) -> Any:
    """`responses=` for an endpoint answering a Response directly: the body model and problems."""
    out: dict[int | str, dict[str, Any]] = dict(problem_doc(*problems))
    out[status] = {"description": description}
    if model is not None:
        out[status]["model"] = model
    return out
