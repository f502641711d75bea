"""The conventions every service gets from the factory, on an app with no database."""

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ValidationError

from govkit.http.auth import Principal, requires
from govkit.http.problem import CONFLICT, ProblemError
from govkit.service import ServiceSpec, create_service_app
from govkit.settings import ServiceSettings
from govkit.tokens import mint

router = APIRouter(prefix="/demo/v1")


class Thing(BaseModel):
    name: str
    size: int


@router.post("/things", dependencies=[requires("demo:write")])
async def create_thing(thing: Thing) -> Thing:
    return thing


@router.get("/conflict", dependencies=[requires("demo:read")])
async def conflict() -> None:
    raise ProblemError(CONFLICT, "already decided", rule_id="DEMO-1")


@router.get("/boom", dependencies=[requires("demo:read")])
async def boom() -> None:
    raise RuntimeError("resident 11010519491231002X broke it")


@router.get("/whoami")
async def whoami(principal: Principal = requires("demo:read")) -> dict[str, object]:
    return {"client": principal.client_id, "scopes": sorted(principal.scopes)}


@pytest.fixture
async def client(jwks_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = ServiceSettings(jwks_path=jwks_path, max_body_bytes=1024)
    app: FastAPI = create_service_app(
        ServiceSpec(
            name="demo",
            title_zh="演示",
            title_en="Demo",
            description="test app",
            settings=settings,
            routers=[router],
        )
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
def token(make_token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    return lambda *scopes: {"Authorization": f"Bearer {make_token(*scopes)}"}


def assert_problem(r: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status
    assert body["type"] == f"/problems/{code}"
    assert body["title"]
    return body


async def test_missing_token_is_401_problem(client: httpx.AsyncClient) -> None:
    r = await client.get("/demo/v1/rules")
    body = assert_problem(r, 401, "unauthenticated")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert body["instance"] == "/demo/v1/rules"


async def test_bad_and_expired_tokens_are_401(client: httpx.AsyncClient, jwks_path: Path) -> None:
    r = await client.get("/demo/v1/rules", headers={"Authorization": "Bearer not.a.jwt"})
    assert_problem(r, 401, "unauthenticated")
    expired = mint(jwks_path.parent, ["demo:read"], ttl=-120)
    r = await client.get("/demo/v1/rules", headers={"Authorization": f"Bearer {expired}"})
    assert assert_problem(r, 401, "unauthenticated")["detail"] == "The token has expired."


async def test_token_signed_by_another_key_is_401(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    forged = mint(tmp_path / "other-keys", ["demo:read"])
    r = await client.get("/demo/v1/rules", headers={"Authorization": f"Bearer {forged}"})
    assert_problem(r, 401, "unauthenticated")


async def test_missing_scope_is_403_and_right_scope_passes(
    client: httpx.AsyncClient, token
) -> None:
    r = await client.get("/demo/v1/rules", headers=token("fund:read"))
    body = assert_problem(r, 403, "forbidden")
    assert body["required_scopes"] == ["demo:read"]
    r = await client.get("/demo/v1/rules", headers=token("demo:read"))
    assert r.status_code == 200
    assert r.json()["service"] == "demo"
    r = await client.get("/demo/v1/whoami", headers=token("demo:read"))
    assert r.json() == {"client": "test-client", "scopes": ["demo:read"]}


async def test_unknown_path_404_and_wrong_method_405(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/nowhere"), 404, "not-found")
    assert_problem(await client.delete("/demo/v1/rules"), 405, "method-not-allowed")


async def test_malformed_json_is_422_with_errors(client: httpx.AsyncClient, token) -> None:
    r = await client.post(
        "/demo/v1/things",
        content=b'{"name": "x", ',
        headers={**token("demo:write"), "content-type": "application/json"},
    )
    body = assert_problem(r, 422, "validation-error")
    assert body["errors"]
    assert body["errors"][0]["type"] == "json_invalid"


async def test_field_errors_carry_json_pointers(client: httpx.AsyncClient, token) -> None:
    r = await client.post(
        "/demo/v1/things", json={"name": "x", "size": "big"}, headers=token("demo:write")
    )
    body = assert_problem(r, 422, "validation-error")
    assert {"in": "body", "pointer": "#/size"}.items() <= body["errors"][0].items()


async def test_body_limits_413_and_415(client: httpx.AsyncClient, token) -> None:
    r = await client.post(
        "/demo/v1/things",
        content=b"x" * 2048,
        headers={**token("demo:write"), "content-type": "application/json"},
    )
    assert_problem(r, 413, "payload-too-large")
    r = await client.post(
        "/demo/v1/things",
        content=b"name=x",
        headers={**token("demo:write"), "content-type": "text/plain"},
    )
    assert_problem(r, 415, "unsupported-media-type")


async def test_problem_errors_and_unhandled_errors(client: httpx.AsyncClient, token) -> None:
    body = assert_problem(
        await client.get("/demo/v1/conflict", headers=token("demo:read")), 409, "conflict"
    )
    assert body["rule_id"] == "DEMO-1"
    r = await client.get("/demo/v1/boom", headers=token("demo:read"))
    body = assert_problem(r, 500, "internal-error")
    assert "11010519491231002X" not in r.text


async def test_request_id_echoed_or_generated(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = await client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])
    r = await client.get("/nowhere", headers={"X-Request-ID": "trace-me"})
    assert r.json()["request_id"] == "trace-me"


async def test_health_metrics_and_readiness_without_database(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    assert_problem(await client.get("/readyz"), 503, "not-ready")
    metrics = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/healthz"' in metrics.replace(
        'service="demo",', ""
    )


async def test_docs_reference_no_external_host(client: httpx.AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.I), page
        for asset in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert asset.startswith("/"), asset
            if asset.startswith("/_docs-assets/"):
                assert (await client.get(asset)).status_code == 200


async def test_openapi_is_bilingual_with_stable_ids_and_problem_schema(
    client: httpx.AsyncClient,
) -> None:
    doc = (await client.get("/openapi.json")).json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["title"] == "演示 Demo"
    assert doc["paths"]["/demo/v1/rules"]["get"]["operationId"] == "demo_list_rules"
    assert "Problem" in doc["components"]["schemas"]
    resp422 = doc["paths"]["/demo/v1/things"]["post"]["responses"]["422"]
    assert "application/problem+json" in resp422["content"]


def test_unsafe_production_settings_refused() -> None:
    with pytest.raises(ValidationError, match="pii_hash_key"):
        ServiceSettings(
            environment="production", jwks_url="https://idp/jwks.json", jwt_issuer="https://idp"
        )
    with pytest.raises(ValidationError, match="https"):
        ServiceSettings(
            environment="production",
            jwks_url="http://idp/jwks.json",
            jwt_issuer="https://idp",
            pii_hash_key="x" * 40,
        )
    ok = ServiceSettings(
        environment="production",
        jwks_url="https://idp/jwks.json",
        jwt_issuer="https://idp",
        pii_hash_key="x" * 40,
        database_url="postgresql://fund_app:secret@db/wz",
    )
    assert ok.environment == "production"
