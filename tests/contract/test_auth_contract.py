"""Every operation of the merged OpenAPI document refuses what it must, through the gateway and
straight to its service. Generated from the document the gateway serves, so a new service's
operations are covered by being in it.

For every operation (health, metrics, docs and the documents themselves are not in it):
- no token → 401;
- a token holding every scope the document names except the operation's → 403;
- a token signed by another key (under the real key's ID and under an unknown one), an expired
  one, one with `alg: none` and one HMAC-signed with the public key → 401 (each of these holds
  every scope, so only its flaw can refuse it);
- and, for reads, a token with every scope is not refused (the document names enough).
Each refusal is a problem document. A body, when the operation takes one, is `{}`:
authentication comes before validation, so its content never matters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from govkit.settings import DEV_ISSUER
from govkit.tokens import DEFAULT_AUDIENCE, ISSUER_KEY, load_private_key

pytestmark = pytest.mark.stack

PROBLEM = "application/problem+json"
METHODS = ("get", "put", "post", "patch", "delete")
NOT_CHECKED = ("/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json", "/problems")
CLIENT = "auth-contract"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    path: str  # the template with plausible values
    requirements: tuple[tuple[str, ...], ...]  # alternatives, each a set of scopes
    media_type: str | None  # of the body, when there is one

    @property
    def service(self) -> str:
        return self.path.split("/")[1]

    @property
    def scopes(self) -> set[str]:
        return {s for requirement in self.requirements for s in requirement}

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template}"


def operations(doc: dict[str, Any]) -> list[Operation]:
    found = []
    for template, item in doc["paths"].items():
        if template.endswith(NOT_CHECKED):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            params = [*item.get("parameters", []), *op.get("parameters", [])]
            path = template
            for param in params:
                if param.get("in") == "path":
                    path = path.replace("{" + param["name"] + "}", sample(param.get("schema", {})))
            content = op.get("requestBody", {}).get("content", {})
            found.append(
                Operation(
                    method=method,
                    template=template,
                    path=path,
                    requirements=tuple(
                        tuple(scopes) for req in op.get("security", []) for scopes in req.values()
                    ),
                    media_type=next(iter(content), None),
                )
            )
    return found


def sample(schema: dict[str, Any]) -> str:
    """A value the path parameter's schema accepts, where that is easy to see."""
    for key in ("examples", "enum"):
        if schema.get(key):
            return str(schema[key][0])
    if schema.get("type") == "integer":
        low, high = schema.get("minimum", 1), schema.get("maximum", 10**9)
        return str(min(max(2025, low), high))
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "date":
        return "2025-01-02"
    return "contract-check"


def body(op: Operation) -> tuple[bytes | None, dict[str, str]]:
    if op.media_type is None:
        return None, {}
    content = b"{}" if "json" in op.media_type else b"a\n"
    return content, {"Content-Type": op.media_type}


# -- tokens ----------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


def bad_tokens(jwks_path: Path, scopes: set[str]) -> dict[str, str]:
    """Tokens every verifier must refuse, each holding every scope."""
    kid = json.loads(jwks_path.read_text())["keys"][0]["kid"]
    issuer_key = load_private_key(jwks_path.parent / ISSUER_KEY)
    now = int(time.time())
    claims = {
        "iss": DEV_ISSUER,
        "aud": DEFAULT_AUDIENCE,
        "sub": CLIENT,
        "client_id": CLIENT,
        "scope": " ".join(sorted(scopes)),
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
    }
    other = Ed25519PrivateKey.generate()
    expired = {**claims, "iat": now - 7200, "nbf": now - 7200, "exp": now - 3600}
    public_pem = issuer_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs_head = _unsigned({"alg": "HS256", "typ": "JWT", "kid": kid}, claims)
    hs_mac = hmac.new(public_pem, hs_head.encode(), hashlib.sha256).digest()
    return {
        "another key": jwt.encode(claims, other, algorithm="EdDSA", headers={"kid": kid}),
        "another key, unknown kid": jwt.encode(
            claims, other, algorithm="EdDSA", headers={"kid": "not-a-known-key"}
        ),
        "expired": jwt.encode(expired, issuer_key, algorithm="EdDSA", headers={"kid": kid}),
        "alg none": _unsigned({"alg": "none", "typ": "JWT", "kid": kid}, claims) + ".",
        "HS256 with the public key": f"{hs_head}.{_b64(hs_mac)}",
    }


# -- the check -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document(running_stack: dict[str, str]) -> dict[str, Any]:
    """The gateway's merged document, once every service is in it."""
    deadline = time.monotonic() + 60
    while True:
        r = httpx.get(f"{running_stack['gateway']}/openapi.json", timeout=30)
        doc: dict[str, Any] = r.json()
        if not doc["x-missing-services"] or time.monotonic() > deadline:
            assert doc["x-missing-services"] == [], "the merged document lacks services"
            return doc
        time.sleep(1)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def check(
    client: httpx.Client,
    base: str,
    ops: list[Operation],
    every_scope: set[str],
    make_token: Callable[..., str],
    jwks_path: Path,
) -> tuple[list[str], int]:
    """(mismatches, requests made); `every_scope`: every scope the document names."""
    forged = bad_tokens(jwks_path, every_scope)
    all_scopes = make_token(*sorted(every_scope), client_id=CLIENT)
    mismatches: list[str] = []
    made = 0

    def expect(op: Operation, case: str, token: str | None, want: int | None) -> None:
        nonlocal made
        content, headers = body(op)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        r = client.request(op.method, base + op.path, content=content, headers=headers)
        made += 1
        if want is None:  # not refused: neither 401 nor 403
            if r.status_code in (401, 403):
                mismatches.append(f"{op} [{case}]: {r.status_code} {r.text[:200]}")
            return
        if r.status_code != want or r.headers.get("content-type") != PROBLEM:
            mismatches.append(
                f"{op} [{case}]: {r.status_code} {r.headers.get('content-type')} {r.text[:200]}"
            )
        elif want == 401 and "www-authenticate" not in r.headers:
            mismatches.append(f"{op} [{case}]: 401 without WWW-Authenticate")

    for op in ops:
        if not op.requirements:
            mismatches.append(f"{op}: no security requirement in the document")
            continue
        expect(op, "no token", None, 401)
        for case, token in forged.items():
            expect(op, case, token, 401)
        if op.scopes:  # an operation open to any valid token has no scope to lack
            lacking = make_token(*sorted(every_scope - op.scopes), client_id=CLIENT)
            expect(op, f"without {' '.join(sorted(op.scopes))}", lacking, 403)
        if op.method == "get":
            expect(op, "every scope", all_scopes, None)
    return mismatches, made


def report(mismatches: list[str]) -> str:
    shown = "\n".join(mismatches[:60])
    more = f"\n… and {len(mismatches) - 60} more" if len(mismatches) > 60 else ""
    return f"{len(mismatches)} answers broke the contract:\n{shown}{more}"


def test_every_operation_through_the_gateway(
    document: dict[str, Any],
    running_stack: dict[str, str],
    client: httpx.Client,
    make_token: Callable[..., str],
    jwks_path: Path,
) -> None:
    ops = operations(document)
    services = {name for name in running_stack if name != "gateway"}
    assert services <= {op.service for op in ops}, "every service has operations in the document"
    assert any(op.service not in services for op in ops), "and the gateway its own"
    every_scope = {s for op in ops for s in op.scopes}
    mismatches, made = check(
        client, running_stack["gateway"], ops, every_scope, make_token, jwks_path
    )
    assert not mismatches, report(mismatches)
    assert made >= 7 * len(ops)


def test_every_operation_straight_to_its_service(
    document: dict[str, Any],
    running_stack: dict[str, str],
    client: httpx.Client,
    make_token: Callable[..., str],
    jwks_path: Path,
) -> None:
    services = {name for name in running_stack if name != "gateway"}
    every_scope = {s for op in operations(document) for s in op.scopes}
    ops = [op for op in operations(document) if op.service in services]
    mismatches: list[str] = []
    for service in sorted(services):
        theirs = [op for op in ops if op.service == service]
        assert theirs, f"{service} has no operation in the merged document"
        found, _ = check(client, running_stack[service], theirs, every_scope, make_token, jwks_path)
        mismatches += [f"{service}: {m}" for m in found]
    assert not mismatches, report(mismatches)
