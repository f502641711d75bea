"""Signing keys and development tokens.

    python -m govkit.tokens keys  --dir .data/keys           # create issuer + service keys once
    python -m govkit.tokens mint  --dir .data/keys --scopes "fund:read medical:settle"

The issuer key (Ed25519) signs access tokens; its public half is published as a JWKS that every
service and the gateway verify against. In production tokens come from the identity provider;
this CLI is for development and tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from govkit.registry import registry
from govkit.settings import DEV_ISSUER

ISSUER_KEY = "issuer-ed25519.pem"
JWKS_FILE = "jwks.json"
DEFAULT_AUDIENCE = "wenzhou-policy"


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    path.chmod(0o600)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def public_jwk(key: Ed25519PrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig", "alg": "EdDSA"})
    return jwk


def ensure_keys(directory: Path) -> Path:
    """Create the issuer key, its JWKS and one checkpoint key per service, if absent."""
    directory.mkdir(parents=True, exist_ok=True)
    issuer = directory / ISSUER_KEY
    if not issuer.exists():
        _write_private(issuer, Ed25519PrivateKey.generate())
    key = load_private_key(issuer)
    kid = "dev-" + uuid.uuid5(uuid.NAMESPACE_OID, public_jwk(key, "")["x"]).hex[:12]
    (directory / JWKS_FILE).write_text(json.dumps({"keys": [public_jwk(key, kid)]}, indent=2))
    for service in registry().services:
        path = directory / service.signing_key_file
        if not path.exists():
            _write_private(path, Ed25519PrivateKey.generate())
    return directory / JWKS_FILE


def mint(
    directory: Path,
    scopes: list[str],
    *,
    client_id: str = "dev-cli",
    user: str | None = None,
    ttl: int = 3600,
    issuer: str = DEV_ISSUER,
    audience: str = DEFAULT_AUDIENCE,
) -> str:
    ensure_keys(directory)
    key = load_private_key(directory / ISSUER_KEY)
    kid = json.loads((directory / JWKS_FILE).read_text())["keys"][0]["kid"]
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": client_id,
        "client_id": client_id,
        "scope": " ".join(scopes),
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
    }
    if user:
        claims["user"] = user
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def known_scopes(requested: list[str]) -> list[str]:
    """The scopes asked for, each one the registry knows ("all" stands for every one)."""
    known = registry().scopes
    if "all" in requested:
        return list(known)
    unknown = [s for s in requested if s not in known]
    if unknown:
        raise ValueError(f"unknown scope {' '.join(unknown)}; known: {' '.join(known)}")
    return requested


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govkit.tokens", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    keys = sub.add_parser("keys", help="create signing keys and the JWKS if absent")
    keys.add_argument("--dir", type=Path, default=Path(".data/keys"))
    m = sub.add_parser("mint", help="print a development access token (last line of output)")
    m.add_argument("--dir", type=Path, default=Path(".data/keys"))
    m.add_argument(
        "--scopes",
        default="",
        help='space-separated, e.g. "fund:read admin"; "all" for every scope of the registry',
    )
    m.add_argument("--client", default="dev-cli")
    m.add_argument("--user", default=None)
    m.add_argument("--ttl", type=int, default=3600 * 8, help="seconds")
    args = parser.parse_args(argv)
    if args.command == "keys":
        print(ensure_keys(args.dir))
        return 0
    try:
        scopes = known_scopes(args.scopes.replace(",", " ").split())
    except ValueError as exc:
        parser.error(str(exc))
    token = mint(args.dir, scopes, client_id=args.client, user=args.user, ttl=args.ttl)
    print(
        f"# client={args.client} scopes={' '.join(scopes) or '(none)'} ttl={args.ttl}s",
        file=sys.stderr,
    )
    print(token)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
