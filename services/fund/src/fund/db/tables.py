"""Tables of the fund service, all in schema "fund"."""

from __future__ import annotations

from govkit.db import make_metadata

SCHEMA = "fund"
metadata = make_metadata(SCHEMA)
