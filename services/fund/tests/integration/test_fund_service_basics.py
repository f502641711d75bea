"""The fund service's catalogue over HTTP: every FUND-* rule with its clause, parameters wired."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Api

RULES_MD = Path(__file__).resolve().parents[4] / "spec" / "rules" / "fund.md"


async def test_every_rule_of_the_catalogue_is_listed_with_its_clause(api: Api) -> None:
    body = await api.get("/rules")
    assert body["service"] == "fund"
    assert body["count"] == 56
    listed = {r["id"]: r for r in body["rules"]}
    assert len(listed) == 56
    assert all(r["clause"] for r in listed.values())
    assert listed["FUND-SUB-NOT-LARGEST"]["clause"]


async def test_rules_document_ids_are_all_served(api: Api) -> None:
    ids = set(re.findall(r"\bFUND-[A-Z0-9-]+[A-Z0-9]\b", RULES_MD.read_text(encoding="utf-8")))
    assert len(ids) == 56
    body = await api.get("/rules")
    assert ids == {r["id"] for r in body["rules"]}
