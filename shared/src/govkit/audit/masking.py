"""JSON-safe snapshots with identity numbers masked, for audit records and stored decisions.

`jsonable` turns what services hand the audit log (dicts, dataclasses, pydantic models, Decimal,
dates, UUIDs, enums, sets) into plain JSON values that round-trip exactly through PostgreSQL's
`json` type, so a record's hash can be recomputed from what was stored.

`mask_pii` masks the values under keys that name an identity number (resident ID, USCC, phone)
and anything *shaped* like a resident ID or USCC wherever it appears, using `govkit.ids` masking.
It is idempotent: a masked value (it contains `*`) is left as it is.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import math
import re
from collections.abc import Mapping, Set
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from pydantic import BaseModel

from govkit.ids import mask_identifiers_in_text, mask_resident_id, mask_uscc

_INT64 = 2**63

# Keys whose values are identity numbers, as word sequences; a key whose last words are one of
# them counts: `resident_id`, `applicantResidentId`, `legal_person_id_number`, `IDNumber`.
IDENTITY_WORDS: tuple[tuple[str, ...], ...] = (
    ("resident", "id"),
    ("id", "number"),
    ("id", "no"),
    ("id", "card"),
    ("id", "card", "no"),
    ("id", "card", "number"),
    ("identity", "number"),
    ("identity", "no"),
    ("citizen", "id"),
    ("uscc",),
    ("credit", "code"),
    ("passport", "no"),
    ("passport", "number"),
)
PHONE_WORDS: tuple[tuple[str, ...], ...] = (("phone",), ("mobile",), ("tel",), ("phone", "number"))
IDENTITY_ZH = ("身份证", "证件号", "信用代码")
PHONE_ZH = ("手机", "电话")
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_RESIDENT_SHAPE = re.compile(r"^\d{17}[\dX]$")


def jsonable(value: Any) -> Any:
    """A plain JSON value (dict/list/str/int/float/bool/None) for `value`, deterministically."""
    kind = type(value)  # the plain types first, by exact type: most of what comes here
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [jsonable(v) for v in value]
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump(mode="json"))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Set):
        items = [jsonable(v) for v in value]
        return sorted(items, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode()
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict):
        return jsonable(as_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    return str(value)


@functools.lru_cache(maxsize=4096)  # keys repeat (findings, snapshots): classify each once
def _key_kind(key: str) -> str | None:
    if any(word in key for word in IDENTITY_ZH):
        return "identity"
    if any(word in key for word in PHONE_ZH):
        return "phone"
    words = tuple(w.lower() for w in _WORDS.findall(key))
    if any(words[-len(name) :] == name for name in IDENTITY_WORDS):
        return "identity"
    if any(words[-len(name) :] == name for name in PHONE_WORDS):
        return "phone"
    return None


def mask_identity(value: str) -> str:
    """Mask an identity number whatever its kind: resident ID, USCC or another number."""
    if "*" in value:
        return value  # masked already
    n = value.strip().upper()
    if len(n) == 18:
        return mask_resident_id(n) if _RESIDENT_SHAPE.match(n) else mask_uscc(n)
    if len(n) == 15 and n.isdigit():  # first-generation resident ID
        return n[:6] + "*" * 6 + n[-3:]
    if len(n) > 6:
        return n[:2] + "*" * (len(n) - 4) + n[-2:]
    return "*" * len(n)


def mask_phone(value: str) -> str:
    if "*" in value:
        return value
    n = value.strip()
    if len(n) >= 7:
        return n[:3] + "*" * (len(n) - 7) + n[-4:]
    return "*" * len(n)


def _mask_all(value: Any, masker: Any) -> Any:
    """Every scalar under an identity key is masked, however deeply it is nested."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return {k: _mask_all(v, masker) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_all(v, masker) for v in value]
    return masker(str(value))


_SHORTEST_ID = 18  # resident IDs and USCCs have 18 characters: shorter text holds neither


@functools.lru_cache(maxsize=8192)  # messages, clauses and labels repeat from record to record
def _mask_text_cached(text: str) -> str:
    return mask_identifiers_in_text(text)


def mask_text(text: str) -> str:
    """`mask_identifiers_in_text`, skipping what is too short to hold an identity number."""
    if len(text) < _SHORTEST_ID:
        return text
    if len(text) <= 512:
        return _mask_text_cached(text)
    return mask_identifiers_in_text(text)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            kind = _key_kind(key)
            if kind == "identity":
                out[key] = _mask_all(item, mask_identity)
            elif kind == "phone":
                out[key] = _mask_all(item, mask_phone)
            else:
                out[key] = _mask(item)
        return out
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _masked(value: Any) -> Any:
    """`_mask(jsonable(value))` in one walk for the plain types (exact types only); anything
    else takes the two steps."""
    kind = type(value)
    if kind is str:
        return mask_text(value)
    if kind is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key if type(key) is str else str(key)
            masker = _key_kind(name)
            if masker is None:
                out[name] = _masked(item)
            else:
                out[name] = _mask_all(
                    jsonable(item), mask_identity if masker == "identity" else mask_phone
                )
        return out
    if kind is list or kind is tuple:
        return [_masked(v) for v in value]
    if value is None or kind is bool:
        return value
    if kind is int or kind is float:
        return jsonable(value)
    return _mask(jsonable(value))


def mask_pii(obj: Any) -> Any:
    """A JSON-safe copy of `obj` with identity numbers and phone numbers masked.

    >>> mask_pii({"resident_id": "11010519491231002X"})
    {'resident_id': '110105********002X'}
    """
    return _masked(obj)
