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
    """`reason` (English) and `reason_zh` say what is wrong; `part` names the part of the number
    (for a resident ID: length, format, check_character, birth_date, region_code)."""

    def __init__(
        self, kind: str, reason: str, *, part: str | None = None, reason_zh: str | None = None
    ) -> None:
        self.kind, self.reason, self.part = kind, reason, part
        self.reason_zh = reason_zh or reason
        super().__init__(f"invalid {kind}: {reason}")


def _refuse(part: str, zh: str, en: str) -> InvalidIdentifier:
    return InvalidIdentifier("resident ID", en, part=part, reason_zh=zh)


def validate_resident_id(number: str) -> str:
    """Return the compact 18-character resident ID (upper-case X) or raise InvalidIdentifier
    naming the part that is wrong, in Chinese and English.

    The parts are python-stdnum's (`stdnum.cn.ric`), checked one by one so that the answer can
    say which: the length, the format, the check character (GB 11643 ISO 7064 MOD 11-2), the
    birth date, and the region code (GB/T 2260, in use in the birth year).
    """
    compact = str(ric.compact(number)).upper()
    if len(compact) != 18:
        raise _refuse(
            "length",
            f"公民身份号码须为18位，实为{len(compact)}位",
            f"must be 18 characters, not {len(compact)}",
        )
    if not compact[:17].isdigit() or compact[17] not in "0123456789X":
        raise _refuse(
            "format",
            "公民身份号码前17位须为数字，末位为数字或X",
            "the first 17 characters must be digits and the last a digit or X",
        )
    if compact[17] != ric.calc_check_digit(compact):
        raise _refuse(
            "check_character",
            "校验码（第18位）与前17位不符",
            "the check character (18th) does not match the first 17 digits",
        )
    digits = compact[6:14]
    try:
        born = ric.get_birth_date(compact)
    except stdnum_exc.ValidationError:
        raise _refuse(
            "birth_date",
            f"出生日期码{digits}不是有效日期",
            f"the birth date {digits} is not a calendar date",
        ) from None
    region = compact[:6]
    try:
        ric.get_birth_place(compact)
    except stdnum_exc.ValidationError:
        raise _region_refusal(region, born.year) from None
    return compact


def _region_refusal(region: str, year: int) -> InvalidIdentifier:
    """Unknown code, or a code whose county was not in use in the birth year."""
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(region) for k, v in props.items()}
    county = info.get("county")
    if not county or len(info) < 2:
        return _refuse(
            "region_code",
            f"地址码{region}不是已知的行政区划代码",
            f"the region code {region} is not a known administrative division code",
        )
    zh, en = [], []
    for entry in county.split(","):
        if entry.startswith("["):
            period, name = entry[1:].split("]")
            start, end = period.split("-")
            zh.append(f"{name}{start}–{end}年" if end else f"{name}{start}年起")
            en.append(f"{name} {start}–{end}" if end else f"{name} from {start}")
    return _refuse(
        "region_code",
        f"地址码{region}在出生年份{year}年未启用（启用期间：{'；'.join(zh)}）",
        f"the region code {region} was not in use in the birth year {year} (in use: {'; '.join(en)})",
    )


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
