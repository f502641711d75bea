"""Every benchmark runs once in its smoke mode (tiny sizes and durations, nothing written), so
none can rot unnoticed: a moved function, a changed endpoint or a wrong answer fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "BENCHMARKS.md"

BENCHMARKS = {
    "calendar": [sys.executable, "bench/bench_calendar.py", "--smoke"],
    "gateway": [sys.executable, "-m", "bench.gateway", "--smoke"],
    "checks": [sys.executable, "-m", "bench.checks", "--smoke"],
    "settlement": [sys.executable, "-m", "bench.settlement", "--smoke"],
    "settlement.chain": [sys.executable, "-m", "bench.settlement.chain", "--smoke"],
    "settlement.phases": [sys.executable, "-m", "bench.settlement.phases", "--smoke"],
    "replicas": [sys.executable, "-m", "bench.replicas", "--smoke"],
}
NEEDS_DATABASE = {"checks", "settlement", "settlement.chain", "settlement.phases", "replicas"}


def test_every_benchmark_has_a_smoke_run() -> None:
    scripts = {p.name for p in (ROOT / "bench").iterdir() if p.suffix == ".py" or p.is_dir()}
    scripts -= {"common.py", "__pycache__"}
    listed = {"bench_calendar.py", "gateway", "checks", "settlement", "replicas"}
    assert scripts == listed, "a benchmark without a smoke run in this test"


@pytest.mark.stack
@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_benchmark_smoke(name: str) -> None:
    env = dict(os.environ)
    if name in NEEDS_DATABASE and not env.get("WZ_TEST_ADMIN_URL"):
        pytest.fail("WZ_TEST_ADMIN_URL is not set: run the suite with `make test`", pytrace=False)
    doc_before = DOC.read_bytes()
    done = subprocess.run(  # noqa: S603 - our own benchmark commands
        BENCHMARKS[name], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert DOC.read_bytes() == doc_before, "a smoke run wrote docs/BENCHMARKS.md"
    if name == "calendar":
        assert "At n = 250 the" in done.stdout
    if name == "checks":
        assert "| fund: check_application (domain) |" in done.stdout
        assert "fund: POST /fund/v1/checks/application — through the gateway" in done.stdout
        assert "| housing: check_tenant (domain) |" in done.stdout
        assert "housing: POST /housing/v1/checks/project — through the gateway" in done.stdout
    if name == "replicas":
        assert "| 2 service processes |" in done.stdout
    if name == "settlement":
        assert "person-years whose totals differ from the sum of their settlements: 0 of" in (
            done.stdout
        )
