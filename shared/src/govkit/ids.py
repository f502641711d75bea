"""Resident identity numbers (GB 11643) and unified social credit codes (GB 32100).

Validation is python-stdnum's. `stdnum.cn.uscc` insists the first eight characters are digits,
but GB 32100 lets the registration-authority and organisation-type characters (positions 1–2) be
letters — codes such as 91…, N2…, Y1…, A1… are all issued. Those are checked here with stdnum's
own check-character routine. Numbers are masked wherever they are logged or audited, and stored
for look-up only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from stdnum import exceptions as stdnum_exc
from stdnum.cn import ric, uscc

# GB 32100-2015 table 1 plus the authority codes issued since (e.g. A for 宗教, N for 农业).
_AUTHORITY = set("123456789ABCDEFGNY")
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 character set (no I, O, S, V, Z)


class InvalidIdentifier(ValueError):
    def __init__(self, kind: str, reason: str) -> None:
        self.kind, self.reason = kind, reason
        super().__init__(f"invalid {kind}: {reason}")


def validate_resident_id(number: str) -> str:
    """Return the compact 18-character resident ID (upper-case X) or raise InvalidIdentifier."""
    try:
        compact = str(ric.validate(str(ric.compact(number)).upper()))
    except stdnum_exc.ValidationError as exc:
        raise InvalidIdentifier("resident ID", str(exc)) from None
    return compact


def validate_uscc(code: str) -> str:
    """Return the compact 18-character USCC or raise InvalidIdentifier."""
    compact = str(uscc.compact(code)).upper()
    if len(compact) != 18:
        raise InvalidIdentifier("USCC", "must be 18 characters")
    if compact[:8].isdigit():
        try:
            return str(uscc.validate(compact))
        except stdnum_exc.ValidationError as exc:
            raise InvalidIdentifier("USCC", str(exc)) from None
    if compact[0] not in _AUTHORITY:
        raise InvalidIdentifier("USCC", "unknown registration-authority code")
    if any(c not in _ALPHABET for c in compact[1:2] + compact[8:]) or not compact[2:8].isdigit():
        raise InvalidIdentifier("USCC", "the number has an invalid format")
    if compact[-1] != uscc.calc_check_digit(compact[:17]):
        raise InvalidIdentifier("USCC", "the number's checksum or check digit is invalid")
    return compact


def mask_resident_id(number: str) -> str:
    """330302********123X: region kept, birth date and sequence hidden."""
    n = number.strip().upper()
    return n[:6] + "*" * 8 + n[-4:] if len(n) == 18 else "*" * len(n)


def mask_uscc(code: str) -> str:
    n = code.strip().upper()
    return n[:4] + "*" * 10 + n[-4:] if len(n) == 18 else "*" * len(n)


def lookup_hash(number: str, key: bytes) -> str:
    """Keyed hash for finding a person or entity by number without storing the number."""
    return hmac.new(key, number.strip().upper().encode(), hashlib.sha256).hexdigest()


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_USCC_IN_TEXT = re.compile(
    r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])"
)


def mask_identifiers_in_text(text: str) -> str:
    """Mask anything shaped like a resident ID or USCC in free text (log lines)."""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)
    return _USCC_IN_TEXT.sub(lambda m: mask_uscc(m.group(1)), text)
