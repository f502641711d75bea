"""Creating under an `Idempotency-Key`: a retry replays the first 201 instead of writing again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Response
from pydantic import BaseModel

from govkit.http.auth import Principal
from govkit.http.idempotency import Idempotency

Create = Callable[[], Awaitable[tuple[BaseModel, dict[str, str] | None]]]


async def create_once(
    idem: Idempotency,
    principal: Principal,
    body: BaseModel,
    create: Create,
    *,
    response: Response | None = None,
) -> Response | BaseModel:
    """Answer 201 with what `create` makes (the body and its headers), or replay a retry.

    The answer is stored for replay. Given `response`, a request without a key gets the model
    itself (serialised by its route), the headers set on `response`.
    """
    replay = await idem.begin(principal, body)
    if replay is not None:
        return replay
    out, headers = await create()
    if response is not None and idem.key is None:
        response.headers.update(headers or {})
        return out
    return await idem.finish(out.model_dump(mode="json"), status_code=201, headers=headers)
