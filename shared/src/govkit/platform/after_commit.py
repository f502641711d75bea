"""Run in-process side effects only once the request's transaction has committed.

Publishing a calendar year to the process's calendar or swapping the cached parameter set must
not happen for a write that then fails to commit. The factory installs `after_commit_scope` as an
app-wide, function-scoped dependency: being solved before any route dependency, it exits after the
session dependency has committed, and only when nothing raised (a failed commit raises). The
callbacks run before the response is sent, so the client that made the change sees its effect.

    async def publish(..., after_commit: AfterCommitDep, session: SessionDep):
        ...write and audit...
        after_commit.add(lambda: publish_year(notice))
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

log = logging.getLogger("govkit.after_commit")

Callback = Callable[[], None] | Callable[[], Awaitable[None]]


class AfterCommit:
    def __init__(self) -> None:
        self._callbacks: list[Callback] = []

    def add(self, callback: Callback) -> None:
        self._callbacks.append(callback)

    async def run(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                result = callback()
                if inspect.isawaitable(result):
                    await result
            except Exception:  # the data is committed; a failed side effect must not hide that
                log.exception("after-commit callback failed")


async def after_commit_scope(request: Request) -> AsyncIterator[AfterCommit]:
    hooks = AfterCommit()
    yield hooks  # an exception (endpoint or commit) propagates here: the callbacks are dropped
    await hooks.run()


AfterCommitDep = Annotated[AfterCommit, Depends(after_commit_scope, scope="function")]
# The factory passes this to FastAPI(dependencies=...) so it wraps every route's session.
AFTER_COMMIT_DEPENDENCY = Depends(after_commit_scope, scope="function")
