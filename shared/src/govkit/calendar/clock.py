"""Today's date where the law is applied: Asia/Shanghai (CAL-END-OF-DAY)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _shanghai() -> tzinfo:
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:
        # Slim images may lack tzdata; China has kept UTC+8 without DST since 1991.
        return timezone(timedelta(hours=8), "Asia/Shanghai")


SHANGHAI = _shanghai()


def today_shanghai(now: datetime | None = None) -> date:
    """CAL-END-OF-DAY: the Asia/Shanghai date of `now` (default: the current instant).

    `now` must be timezone-aware (timestamps are stored in UTC); a naive datetime is refused
    because its zone is unknown.
    """
    if now is None:
        now = datetime.now(UTC)
    elif not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    elif now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (e.g. datetime.now(UTC))")
    return now.astimezone(SHANGHAI).date()
