"""Calendar benchmark: the indexed `govkit.calendar` against a naive day-by-day loop.

Run from the workspace root: `python bench/bench_calendar.py` (add `--update-docs` to rewrite the
"## Calendar (bench/calendar)" section of docs/BENCHMARKS.md with the numbers measured).
The file is bench/bench_calendar.py, not bench/calendar.py: run as a script, a calendar.py in
this folder would shadow the standard library's `calendar` module.

For n = 5, 30 and 250 it measures, in one run and on the same random dates (2005-2024), ops/s of
add_working_days, working_days_between and period_end(days=n), both implementations answering
the same question from the same year data (the naive side gets a set lookup per day, so the
ratio shows the algorithm, not a slow lookup). Each cell runs for about 0.35 s; ~10 s in all.
The sentences under the table are derived from the numbers of the same run. `--smoke` runs
every cell on a few dates for a few milliseconds and writes nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import govkit.calendar as cal
    from govkit.calendar.sources import chinese_calendar_years
except ImportError:  # not installed in this interpreter: use the source tree
    sys.path.insert(0, str(ROOT / "shared" / "src"))
    import govkit.calendar as cal
    from govkit.calendar.sources import chinese_calendar_years

COUNTS = (5, 30, 250)
SECONDS_PER_CELL = 0.35
SAMPLES = 2000
SMOKE_SECONDS, SMOKE_SAMPLES = 0.005, 20
HEADING = "## Calendar (bench/calendar)"
ONE_DAY = timedelta(days=1)

# -- the naive reference: one day at a time -----------------------------------------------

_YEARS = chinese_calendar_years()
_HOLIDAYS = frozenset().union(*(y.holidays for y in _YEARS))
_MAKEUP = frozenset().union(*(y.makeup_workdays for y in _YEARS))


def naive_is_working(d: date) -> bool:
    return d in _MAKEUP or (d.weekday() < 5 and d not in _HOLIDAYS)


def naive_add(d: date, n: int) -> date:
    while n:
        d += ONE_DAY
        n -= naive_is_working(d)
    return d


def naive_between(a: date, b: date) -> int:
    count = 0
    while a < b:
        a += ONE_DAY
        count += naive_is_working(a)
    return count


def naive_period_end(event: date, days: int) -> date:
    last = event
    for _ in range(days):  # day-by-day count of the calendar days
        last += ONE_DAY
    while not naive_is_working(last):
        last += ONE_DAY
    return last


# -- measurement ---------------------------------------------------------------------------


def ops_per_second(
    call: Callable[[date, int], object], inputs: Sequence[tuple[date, int]], seconds: float
) -> float:
    done, started = 0, time.perf_counter()
    while True:
        for d, n in inputs:
            call(d, n)
        done += len(inputs)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


# (indexed, naive) per operation. working_days_between gets pairs n working days apart, packed
# as (a, ordinal of b) so that every call has the same (date, int) shape.
CASES: dict[str, tuple[Callable[[date, int], object], Callable[[date, int], object]]] = {
    "add_working_days": (cal.add_working_days, naive_add),
    "working_days_between": (
        lambda a, b_ord: cal.working_days_between(a, date.fromordinal(b_ord)),
        lambda a, b_ord: naive_between(a, date.fromordinal(b_ord)),
    ),
    "period_end(days=n)": (lambda d, k: cal.period_end(d, days=k), naive_period_end),
}


def measure(
    seconds: float = SECONDS_PER_CELL, samples: int = SAMPLES
) -> list[tuple[str, int, float, float]]:
    rng = random.Random(20211220)
    first, last = date(2005, 1, 1).toordinal(), date(2024, 12, 31).toordinal()
    starts = [date.fromordinal(rng.randint(first, last)) for _ in range(samples)]
    rows = []
    for n in COUNTS:
        inputs = {
            "add_working_days": [(d, n) for d in starts],
            "working_days_between": [(d, cal.add_working_days(d, n).toordinal()) for d in starts],
            "period_end(days=n)": [(d, n) for d in starts],
        }
        for op, (indexed, naive) in CASES.items():
            args = inputs[op]
            # Same answers first: a benchmark of a wrong implementation is worthless.
            assert all(indexed(*a) == naive(*a) for a in args), op
            rows.append(
                (
                    op,
                    n,
                    ops_per_second(indexed, args, seconds),
                    ops_per_second(naive, args, seconds),
                )
            )
    return rows


def machine() -> str:
    return (
        f"nproc {os.cpu_count()}, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.machine()}, "
        f"chinese-calendar {version('chinese-calendar')}"
    )


def markdown(
    rows: list[tuple[str, int, float, float]], build_ms: float, seconds: float, samples: int
) -> str:
    lines = [
        HEADING,
        "",
        "`python bench/bench_calendar.py` (script: bench/bench_calendar.py). "
        f"Machine: {machine()}. Same {samples:,} random start dates in 2005-2024 for every cell; "
        f"~{seconds:g} s per cell. Index build for {len(_YEARS)} years: {build_ms:.1f} ms.",
        "",
        "| operation | n | indexed ops/s | naive day-by-day ops/s | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {op} | {n} | {fast:,.0f} | {slow:,.0f} | {fast / slow:.2f}x |"
        for op, n, fast, slow in rows
    ]
    lines += ["", *findings(rows), ""]
    return "\n".join(lines)


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def findings(rows: list[tuple[str, int, float, float]]) -> list[str]:
    """What this run's numbers say, one sentence each: nothing here is written in advance."""
    ratio = {(op, n): fast / slow for op, n, fast, slow in rows}
    indexed = {(op, n): fast for op, n, fast, _ in rows}
    ops = list(dict.fromkeys(op for op, *_ in rows))
    counts = sorted({n for _, n, *_ in rows})
    lo, hi = counts[0], counts[-1]
    growth = [f"{op} {indexed[op, hi] / indexed[op, lo]:.2f}x" for op in ops]
    out = [
        "The indexed calls are one or two bisects over the sorted working-day index (plus "
        "argument and coverage checks); the naive loop visits every day (for period_end: counts "
        "the n calendar days one by one, then walks over rest days). In this run the indexed "
        f"rate at n = {hi} relative to n = {lo} was {_list(growth)}."
    ]
    for n in counts:
        faster = [f"{op} ({ratio[op, n]:.2f}x)" for op in ops if ratio[op, n] > 1]
        slower = [f"{op} ({ratio[op, n]:.2f}x)" for op in ops if ratio[op, n] <= 1]
        if not slower:
            out.append(f"At n = {n} the index was faster for every operation.")
        elif not faster:
            out.append(
                f"At n = {n} the loop was as fast or faster for every operation: the indexed "
                "side pays for type and CAL-COVERAGE checks the naive side skips."
            )
        else:
            out.append(
                f"At n = {n} the index was faster for {_list(faster)}; the loop was as fast or "
                f"faster for {_list(slower)} (the indexed side pays for type and CAL-COVERAGE "
                "checks the naive side skips)."
            )
    return [" ".join(out)]


def update_docs(section: str) -> Path:
    path = ROOT / "docs" / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-docs", action="store_true", help="rewrite docs/BENCHMARKS.md")
    parser.add_argument("--smoke", action="store_true", help="a few dates, milliseconds per cell")
    options = parser.parse_args()
    seconds, samples = (
        (SMOKE_SECONDS, SMOKE_SAMPLES) if options.smoke else (SECONDS_PER_CELL, SAMPLES)
    )

    started = time.perf_counter()
    calendar = cal.default_calendar()
    build_ms = (time.perf_counter() - started) * 1000
    cal.set_calendar(calendar)

    print(machine())
    print(f"index build: {build_ms:.1f} ms for years {calendar.years()[0]}-{calendar.years()[-1]}")
    print(f"{'operation':<22} {'n':>4} {'indexed ops/s':>14} {'naive ops/s':>12} {'ratio':>8}")
    rows = measure(seconds, samples)
    for op, n, fast, slow in rows:
        print(f"{op:<22} {n:>4} {fast:>14,.0f} {slow:>12,.0f} {fast / slow:>7.1f}x")
    print(*findings(rows))
    if options.update_docs and not options.smoke:
        print(f"wrote {update_docs(markdown(rows, build_ms, seconds, samples))}")


if __name__ == "__main__":
    main()
