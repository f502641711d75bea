"""The faster paths give the same bytes as the plain ones: the canonical JSON split for SQL-side
hashing, single-walk PII masking, JSON encoding for Idempotency-Key answers and fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
import pytest
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field

from govkit.audit import AuditRecord, chain_hash, jsonable, mask_pii
from govkit.audit.chain import canonical_head, canonical_tail
from govkit.audit.linking import link_pending_function
from govkit.audit.masking import _mask, mask_text
from govkit.http.idempotency import encode_json, request_fingerprint


class Colour(Enum):
    RED = "red"


@dataclasses.dataclass
class Stay:
    hospital: str
    cost: Decimal
    on: date


SNAPSHOTS: list[Any] = [
    None,
    {},
    {"resident_id": "11010519491231002X", "size": 3, "note": "申请人 11010519491231002X 已核实"},
    {"after": {"sequence": 0, "time": "x"}, "list": [1, 2.5, None, True, "短"]},
    {"phone": "13812345678", "nested": {"IDNumber": ["11010519491231002X", 7]}, "ok": False},
    {"uscc": "91330300MA2HXXXX1X", "text": "统一社会信用代码 91330300MA2HXXXX1X"},
    {"money": Decimal("12.50"), "day": date(2026, 3, 1), "id": UUID(int=5), "colour": Colour.RED},
    {"stay": Stay("温州医科大学附属第一医院", Decimal("30000.00"), date(2022, 3, 10))},
    {1: "int key", (1, 2): "tuple key", "big": 2**70, "nan": float("nan")},
    ["a" * 600 + "11010519491231002X", ("tuple", "of", "strings")],
]


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_single_walk_masking_equals_the_two_steps(snapshot: Any) -> None:
    assert orjson.dumps(mask_pii(snapshot)) == orjson.dumps(_mask(jsonable(snapshot)))


def test_text_too_short_for_an_identity_number_is_left_alone() -> None:
    assert mask_text("1101051949123100") == "1101051949123100"  # 16 digits
    assert mask_text("x 11010519491231002X") == "x 110105********002X"


def record(seq: int, moment: datetime, **changes: Any) -> AuditRecord:
    base = AuditRecord(
        sequence=seq,
        time=moment,
        actor_client="ops",
        actor_user=None,
        request_id="req-1",
        action="settlement.create",
        entity_type="settlement",
        entity_id="6f1c2a9e",
        before=None,
        after={"layers": {"assistance": "22400.00"}, "sequence": 9, "time": "not this one"},
    )
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize("seq", [1, 9, 10, 123_456_789_012])
def test_canonical_head_and_tail_make_the_canonical_json(seq: int) -> None:
    rng = random.Random(seq)
    moment = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(microseconds=rng.randrange(10**12))
    r = record(seq, moment, actor_user=rng.choice([None, "li.si"]), before={"a": [1, "二"]})
    head = canonical_head(
        actor_client=r.actor_client,
        actor_user=r.actor_user,
        request_id=r.request_id,
        action=r.action,
        entity_type=r.entity_type,
        entity_id=r.entity_id,
        before=r.before,
        after=r.after,
    )
    assert head + canonical_tail(seq, moment) == r.canonical()
    prev = "ab" * 32
    linked = hashlib.sha256(prev.encode() + head + canonical_tail(seq, moment)).hexdigest()
    assert linked == chain_hash(prev, r)
    # A time zone other than UTC is written as UTC, as the database writes it.
    east = moment.astimezone(timezone(timedelta(hours=8)))
    assert canonical_tail(seq, east) == canonical_tail(seq, moment)


def test_link_function_refuses_a_name_that_is_not_a_schema() -> None:
    assert '"medical".audit_link_pending()' in link_pending_function("medical")
    with pytest.raises(ValueError, match="schema"):
        link_pending_function("medical'; DROP TABLE x; --")


class Claim(BaseModel):
    claim_id: str
    total: Decimal
    day: date
    at: datetime
    stays: list[Stay] = []
    renamed: int = Field(1, alias="Renamed")


CONTENTS: list[Any] = [
    {"paid": 5, "seen_before": 0},
    {"a": Decimal("1.50"), "b": Decimal("2"), "c": datetime(2024, 1, 1, tzinfo=UTC)},
    {"d": datetime(2024, 1, 1, 1, 2, 3, 4), "e": UUID(int=7), "f": Colour.RED, "g": (1, 2)},
    {"h": {3}, "i": Stay("医院", Decimal("3.1"), date(2020, 1, 2)), "中文": "值"},
    Claim(
        claim_id="c1",
        total=Decimal("30000.00"),
        day=date(2022, 3, 10),
        at=datetime(2022, 3, 10, 8, tzinfo=timezone(timedelta(hours=8))),
        stays=[Stay("医院", Decimal("1"), date(2021, 1, 1))],
        Renamed=5,
    ),
    [None, True, 2**62, float("nan"), "x"],
]


@pytest.mark.parametrize("content", CONTENTS)
@pytest.mark.parametrize("sort_keys", [False, True])
def test_answers_encode_as_jsonable_encoder_would(content: Any, sort_keys: bool) -> None:
    option = orjson.OPT_SORT_KEYS if sort_keys else None
    assert encode_json(content, sort_keys=sort_keys) == orjson.dumps(
        jsonable_encoder(content), option=option
    )


def test_fingerprint_is_unchanged() -> None:
    """Keys stored before still match their replays: the fingerprint's formula is the same."""
    body = CONTENTS[4]
    canonical = orjson.dumps(jsonable_encoder(body), option=orjson.OPT_SORT_KEYS)
    expected = hashlib.sha256(b"POST /medical/v1/settlements\n" + canonical).hexdigest()
    assert request_fingerprint("POST", "/medical/v1/settlements", body) == expected
