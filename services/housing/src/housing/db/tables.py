"""Tables of the housing service, all in schema "housing"."""

from __future__ import annotations

from govkit.db import make_metadata

SCHEMA = "housing"
metadata = make_metadata(SCHEMA)
