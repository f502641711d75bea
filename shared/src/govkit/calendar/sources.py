"""Years preloaded from the `chinese-calendar` package (CAL-COVERAGE).

Its tables are read at run time, never copied: upgrading the package is how new years arrive.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from typing import cast

from govkit.calendar.model import YearData

PACKAGE = "chinese-calendar"


def package_label() -> str:
    """CAL-COVERAGE: the source cited for preloaded years, e.g. 'chinese-calendar 1.11.0'."""
    try:
        return f"{PACKAGE} {version(PACKAGE)}"
    except PackageNotFoundError:  # vendored or zipapp installs carry no metadata
        return PACKAGE


def chinese_calendar_years() -> tuple[YearData, ...]:
    """Every year the package carries, as validated `YearData` (CAL-WORKDAY, CAL-COVERAGE).

    The package's own range check (it raises NotImplementedError outside it) is the span of its
    `holidays` keys, so that span is exactly what is loaded.
    """
    # Imported by name: the package ships no type information.
    module = importlib.import_module("chinese_calendar")
    holidays = cast(Mapping[date, object], module.holidays)
    workdays = cast(Mapping[date, object], module.workdays)
    first, last = min(holidays).year, max(holidays).year
    label = package_label()
    return tuple(
        YearData(
            year=year,
            holidays=frozenset(d for d in holidays if d.year == year),
            makeup_workdays=frozenset(d for d in workdays if d.year == year),
            source=label,
        )
        for year in range(first, last + 1)
    )
