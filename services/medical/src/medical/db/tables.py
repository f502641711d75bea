"""Tables of the medical service, all in schema "medical"."""

from __future__ import annotations

from govkit.db import make_metadata

SCHEMA = "medical"
metadata = make_metadata(SCHEMA)
