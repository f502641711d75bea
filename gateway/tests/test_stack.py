"""The gateway in front of the real services, all as processes on a real PostgreSQL."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from devstack.testing import TestDatabase, free_port

pytestmark = pytest.mark.stack

SERVICES = ("fund", "housing", "medical", "airdefence")
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def gw(running_stack: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running_stack["gateway"], timeout=15) as client:
        yield client


def all_read(make_token: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(*(f'{s}:read' for s in SERVICES))}"}


def test_merged_openapi_covers_every_service_and_is_valid(gw: httpx.Client) -> None:
    r = gw.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    validate(doc)
    for service in SERVICES:
        assert any(p.startswith(f"/{service}/v1/") for p in doc["paths"]), service
    assert doc["x-missing-services"] == []
    assert "/overview" in doc["paths"]
    ops = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ops) == len(set(ops))
    # What the gateway itself may answer is documented wherever it may answer it.
    for path, item in doc["paths"].items():
        for method, op in item.items():
            statuses = set(op["responses"])
            if path.split("/")[1] in SERVICES:
                assert {"401", "429", "502", "503", "504"} <= statuses, (method, path)
    calendar = doc["paths"]["/admin/calendar/{year}"]["put"]["responses"]
    assert {"401", "403", "413", "415", "422", "429", "502", "504"} <= set(calendar)
    assert "429" in doc["paths"]["/overview"]["get"]["responses"]
    for ref in set(re.findall(r'"\$ref":\s*"#/components/(\w+)/([^"]+)"', r.text)):
        assert ref[1] in doc["components"][ref[0]], ref


def test_token_required_and_accepted(gw: httpx.Client, make_token: Callable[..., str]) -> None:
    r = gw.get("/fund/v1/rules")
    assert r.status_code == 401
    assert r.headers["content-type"] == PROBLEM
    r = gw.get("/fund/v1/rules", headers={"Authorization": f"Bearer {make_token('fund:read')}"})
    assert r.status_code == 200, r.text
    assert r.json()["service"] == "fund"
    # The gateway checks the token; the service checks the scope.
    r = gw.get("/fund/v1/rules", headers={"Authorization": f"Bearer {make_token('housing:read')}"})
    assert r.status_code == 403
    assert r.headers["content-type"] == PROBLEM


def test_unknown_paths_are_404_problems(gw: httpx.Client, make_token: Callable[..., str]) -> None:
    r = gw.get("/no/such/thing")
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM
    r = gw.get(
        "/fund/v1/no-such-thing", headers={"Authorization": f"Bearer {make_token('fund:read')}"}
    )
    assert r.status_code == 404  # the service's own answer, passed through
    assert r.headers["content-type"] == PROBLEM


def test_request_id_propagates_end_to_end(gw: httpx.Client, make_token: Callable[..., str]) -> None:
    rid = f"e2e-{uuid.uuid4().hex}"
    r = gw.get(
        "/fund/v1/no-such-thing",
        headers={"X-Request-ID": rid, "Authorization": f"Bearer {make_token('fund:read')}"},
    )
    assert r.headers["x-request-id"] == rid
    assert r.json()["request_id"] == rid  # written by the fund service: it received the ID
    r = gw.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])


def _a_write_operation(doc: dict[str, Any], service: str) -> tuple[str, str] | None:
    """A POST (else PUT/PATCH) of the service, path parameters filled with plausible values."""
    for method in ("post", "put", "patch"):
        for path, item in sorted(doc["paths"].items()):
            if path.startswith(f"/{service}/v1/") and method in item:
                filled = re.sub(r"\{year\}", "2025", path)
                return method.upper(), re.sub(r"\{[^}]+\}", "x", filled)
    return None


def test_service_validation_problems_pass_through(
    gw: httpx.Client, make_token: Callable[..., str]
) -> None:
    doc = gw.get("/openapi.json").json()
    token = make_token("fund:read", "fund:write", "fund:decide", "admin")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
    operation = _a_write_operation(doc, "fund")
    if operation is not None:  # malformed JSON: the service's 422, untouched by the gateway
        method, path = operation
        r = gw.request(
            method,
            path,
            content=b'{"not": json',
            headers={**headers, "Content-Type": "application/json"},
        )
        assert r.status_code == 422, (method, path, r.text)
        assert r.json()["code"] == "validation-error"
        assert r.json()["instance"] == path
    else:  # no write operation yet: the service's media-type guard answers through the gateway
        r = gw.post(
            "/fund/v1/rules", content=b"a,b", headers={**headers, "Content-Type": "text/csv"}
        )
        assert r.status_code == 415, r.text
        assert r.json()["code"] == "unsupported-media-type"
    assert r.headers["content-type"] == PROBLEM


def test_body_over_limit_is_413(gw: httpx.Client, make_token: Callable[..., str]) -> None:
    r = gw.post(
        "/fund/v1/rules",
        content=b"x" * (1_048_576 + 1),
        headers={
            "Authorization": f"Bearer {make_token('fund:read')}",
            "Content-Type": "application/json",
        },
    )
    assert r.status_code == 413
    assert r.headers["content-type"] == PROBLEM


def test_docs_are_served_from_local_assets(gw: httpx.Client) -> None:
    for page in ("/docs", "/redoc"):
        r = gw.get(page)
        assert r.status_code == 200
        assert "/openapi.json" in r.text
        assert not re.findall(r"https?://", r.text), f"{page} references another host"
        for asset in re.findall(r"['\"](/_docs-assets/[^'\"]+)['\"]", r.text):
            assert gw.get(asset).status_code == 200, asset


def test_readiness_reports_each_upstream(gw: httpx.Client) -> None:
    r = gw.get("/readyz")
    assert r.status_code == 200, r.text
    upstreams = r.json()["upstreams"]
    assert set(upstreams) == set(SERVICES)
    assert all(u["ready"] and u["latency_ms"] >= 0 for u in upstreams.values())


def test_overview_counts_rules_of_every_service(
    gw: httpx.Client, make_token: Callable[..., str]
) -> None:
    r = gw.get("/overview", headers=all_read(make_token))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["complete"] is True
    assert set(body["services"]) == set(SERVICES)
    assert all(isinstance(s["count"], int) for s in body["services"].values())
    assert body["total_rules"] == sum(s["count"] for s in body["services"].values())
    # A token for one service only: the others fail, optional, so null with the error beside.
    r = gw.get("/overview", headers={"Authorization": f"Bearer {make_token('fund:read')}"})
    body = r.json()
    assert r.status_code == 200
    assert body["services"]["fund"] is not None
    assert body["services"]["medical"] is None
    assert body["errors"]["medical"]["status"] == 403


def test_calendar_publish_fans_out_to_every_service(
    gw: httpx.Client, make_token: Callable[..., str]
) -> None:
    assert gw.put("/admin/calendar/2025", json={}).status_code == 401
    r = gw.put(
        "/admin/calendar/2025",
        json={},
        headers={"Authorization": f"Bearer {make_token('fund:read')}"},
    )
    assert r.status_code == 403  # the gateway requires `admin` itself
    r = gw.put(
        "/admin/calendar/2025",
        json={"holidays": "none", "makeup_workdays": []},
        headers={"Authorization": f"Bearer {make_token('admin')}"},
    )
    # Every service refused the body the same way: their 422, their errors merged.
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["code"] == "upstream-rejected"
    assert [s["name"] for s in body["sources"]] == list(SERVICES)
    assert all(s["status"] == 422 for s in body["sources"])
    assert set(body["source_errors"]) == set(SERVICES)
    assert isinstance(body["errors"], list)  # the Problem schema's array
    pointers = [e["pointer"] for e in body["errors"]]
    assert "#/holidays" in pointers
    assert len(pointers) == len({(e["pointer"], e["type"]) for e in body["errors"]})


# -- an upstream that stops ----------------------------------------------------------------


@dataclass
class Proc:
    popen: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()


def _wait(url: str, status: int = 200, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == status:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


def test_stopped_upstream_gives_502_and_leaves_the_gateway_ready(
    running_stack: dict[str, str], test_database: TestDatabase, make_token: Callable[..., str]
) -> None:
    """A gateway of its own, whose fund upstream is a process this test starts and stops."""
    from devstack import bootstrap as bs
    from devstack import stack

    fund_port, gw_port = free_port(), free_port()
    urls = bs.StackUrls(test_database.admin, test_database.migrator, test_database.services)
    env = stack.service_env(urls, {"fund": fund_port}, gw_port)
    for s in SERVICES:
        env[f"GATEWAY_{s.upper()}_URL"] = running_stack[s]
    env["GATEWAY_FUND_URL"] = f"http://127.0.0.1:{fund_port}"
    env["GATEWAY_BREAKER_FAILURES"] = "100"  # see the 502s, not the breaker, here
    fund = Proc(
        subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "fund.main:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(fund_port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        ),
        f"http://127.0.0.1:{fund_port}",
    )
    gateway = Proc(
        subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "gateway", "--host", "127.0.0.1", "--port", str(gw_port)],
            env=env,
            stdout=subprocess.DEVNULL,
        ),
        f"http://127.0.0.1:{gw_port}",
    )
    try:
        # The gateway is ready once any upstream is; this test needs its fund to be.
        _wait(f"{fund.url}/readyz")
        _wait(f"{gateway.url}/readyz")
        headers = {"Authorization": f"Bearer {make_token('fund:read')}"}
        assert httpx.get(f"{gateway.url}/fund/v1/rules", headers=headers).status_code == 200
        fund.stop()
        r = httpx.get(f"{gateway.url}/fund/v1/rules", headers=headers)
        assert r.status_code == 502
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["upstream"] == "fund"
        # The other services still work through this replica: it stays in the load balancer.
        r = httpx.get(f"{gateway.url}/readyz")
        assert r.status_code == 200
        assert r.json()["status"] == "degraded"
        assert r.json()["not_ready"] == ["fund"]
        assert r.json()["upstreams"]["fund"]["ready"] is False
        assert r.json()["upstreams"]["housing"]["ready"] is True
        doc = httpx.get(f"{gateway.url}/openapi.json").json()
        assert doc["x-missing-services"] == ["fund"]
        assert any(p.startswith("/housing/v1/") for p in doc["paths"])
    finally:
        fund.stop()
        gateway.stop()
