"""Identity numbers in requests and records: validated field types, the keyed look-up hash and
masked form a service keeps instead of the number, and the key's dependency.

    class TenantCreate(BaseModel):
        resident_id: ResidentId        # GB 11643, check digit verified, compact upper-case
        employer_uscc: Uscc            # GB 32100

    key = resident_key(body.resident_id, pii_key)   # pii_key: PiiKeyDep
    row = {"resident_id_hash": key.hash, "resident_id_masked": key.masked}

A resident ID never goes into a URL (look-ups take it in a POST body) and is stored only as
`IdentityKey`; `govkit.audit.masking` masks anything shaped like one in audit records and logs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from pydantic import AfterValidator, Field

from govkit.ids import (
    InvalidIdentifier,
    lookup_hash,
    mask_resident_id,
    mask_uscc,
    validate_resident_id,
    validate_uscc,
)
from govkit.settings import ServiceSettings

EXAMPLE_RESIDENT_ID = "330302199001011235"  # synthetic, valid check digit
EXAMPLE_USCC = "91330302MA2AB1C2DL"  # synthetic, valid check character


@functools.lru_cache(maxsize=4096)  # the same person's or entity's number comes back often
def _valid_resident_id(value: str) -> str:
    return validate_resident_id(value)  # an invalid one raises: not cached


@functools.lru_cache(maxsize=4096)
def _valid_uscc(value: str) -> str:
    return validate_uscc(value)


def resident_id_value(value: str) -> str:
    """The compact resident ID, or a ValueError a schema reports against its field."""
    try:
        return _valid_resident_id(value)
    except InvalidIdentifier as exc:
        raise ValueError(
            f"resident ID is not valid, {exc.part}: {exc.reason_zh} / {exc.reason}"
        ) from None


def uscc_value(value: str) -> str:
    """The compact USCC, or a ValueError a schema reports against its field."""
    try:
        return _valid_uscc(value)
    except InvalidIdentifier as exc:
        part = f", {exc.part}" if exc.part else ""
        raise ValueError(f"USCC is not valid{part}: {exc.reason_zh} / {exc.reason}") from None


ResidentId = Annotated[
    str,
    Field(
        min_length=15,
        max_length=20,
        description="居民身份证号（GB 11643，校验位校验） Resident ID number, check digit verified; "
        "kept only as a keyed hash and a masked form",
        examples=[EXAMPLE_RESIDENT_ID],
    ),
    AfterValidator(resident_id_value),
]
"""A resident ID in a request body: validated and compacted (18 characters, upper-case X)."""

Uscc = Annotated[
    str,
    Field(
        min_length=18,
        max_length=24,
        description="统一社会信用代码（GB 32100，校验位校验） Unified social credit code, check "
        "character verified",
        examples=[EXAMPLE_USCC],
    ),
    AfterValidator(uscc_value),
]
"""A USCC in a request body: validated and compacted (18 characters, upper-case)."""


@dataclass(frozen=True, slots=True)
class IdentityKey:
    """What a service keeps of an identity number: the keyed hash to find it, a masked form."""

    hash: str
    masked: str


def resident_key(compact_id: str, pii_key: bytes) -> IdentityKey:
    """`compact_id` is already validated (`ResidentId` does it)."""
    return IdentityKey(lookup_hash(compact_id, pii_key), mask_resident_id(compact_id))


def uscc_key(compact_code: str, pii_key: bytes) -> IdentityKey:
    """`compact_code` is already validated (`Uscc` does it)."""
    return IdentityKey(lookup_hash(compact_code, pii_key), mask_uscc(compact_code))


async def _pii_key(request: Request) -> bytes:  # async: FastAPI runs plain defs in a thread
    settings: ServiceSettings = request.app.state.settings
    return settings.pii_hash_key.get_secret_value().encode()


PiiKeyDep = Annotated[bytes, Depends(_pii_key)]
"""The service's secret for identity look-up hashes (`settings.pii_hash_key`)."""
