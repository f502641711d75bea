"""Tables of the airdefence service, all in schema "airdefence"."""

from __future__ import annotations

from govkit.db import make_metadata

SCHEMA = "airdefence"
metadata = make_metadata(SCHEMA)
