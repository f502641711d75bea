"""Stateless computations over HTTP (`govkit.platform.computations`), read with scope fund:read."""

from __future__ import annotations

from functools import partial

from fund.api.deps import READ
from govkit.platform.computations import post_computation as _post_computation

post_computation = partial(_post_computation, scope=READ)
