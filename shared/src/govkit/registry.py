"""The registry of services: `services.toml` beside this module, read once.

It is deployment data, not code: govkit still imports no service. The gateway builds its
upstreams from it, development tokens and signing keys cover its services and scopes, the
development stack starts what it lists, and compose.yaml and deploy/k8s are generated from it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

NAME = re.compile(r"^[a-z][a-z0-9]{1,30}$")
SCOPE = re.compile(r"^[a-z][a-z0-9]*:[a-z][a-z0-9_]*$|^admin$")


class RegistryError(ValueError):
    pass


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    prefix: str
    schema: str
    port: int
    scopes: tuple[str, ...]
    policy: str

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"

    @property
    def package(self) -> str:
        """The distribution in the uv workspace."""
        return f"wz-{self.name}"

    @property
    def app(self) -> str:
        """The uvicorn factory."""
        return f"{self.name}.main:create_app"

    @property
    def path(self) -> str:
        """The service's folder in the repository."""
        return f"services/{self.name}"

    @property
    def app_role(self) -> str:
        return f"{self.name}_app"

    @property
    def signing_key_file(self) -> str:
        return f"{self.name}-checkpoint-ed25519.pem"


@dataclass(frozen=True)
class Registry:
    services: tuple[ServiceEntry, ...]
    common_scopes: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.services)

    def __getitem__(self, name: str) -> ServiceEntry:
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    def by_prefix(self, segment: str) -> ServiceEntry | None:
        for service in self.services:
            if service.prefix == f"/{segment}":
                return service
        return None

    @property
    def scopes(self) -> tuple[str, ...]:
        """Every scope a token may carry, services' first, then the common ones."""
        return (*(s for e in self.services for s in e.scopes), *self.common_scopes)


def parse(data: dict[str, Any]) -> Registry:
    """Validate the TOML document: unique names, prefixes, schemas and ports; scopes of the form
    `<service>:<action>` owned by their service."""
    entries = []
    for raw in data.get("service", []):
        try:
            entry = ServiceEntry(
                name=str(raw["name"]),
                prefix=str(raw["prefix"]),
                schema=str(raw["schema"]),
                port=int(raw["port"]),
                scopes=tuple(str(s) for s in raw["scopes"]),
                policy=str(raw.get("policy", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RegistryError(f"service entry {raw!r}: {exc}") from None
        if not NAME.match(entry.name):
            raise RegistryError(f"service name {entry.name!r} must match {NAME.pattern}")
        # The gateway routes on the first path segment and the HTTP convention is /<name>/v1/….
        if entry.prefix != f"/{entry.name}":
            raise RegistryError(f"{entry.name}: prefix must be /{entry.name}")
        # Tables (MetaData(schema=…)), the login role <schema>_app and alembic use it as named.
        if entry.schema != entry.name:
            raise RegistryError(f"{entry.name}: schema must be {entry.name}")
        if not 1024 <= entry.port <= 65535:
            raise RegistryError(f"{entry.name}: port {entry.port} is outside 1024-65535")
        for scope in entry.scopes:
            if not SCOPE.match(scope) or not scope.startswith(f"{entry.name}:"):
                raise RegistryError(f"{entry.name}: scope {scope!r} must be {entry.name}:<action>")
        entries.append(entry)
    if not entries:
        raise RegistryError("the registry lists no service")
    common = tuple(str(s) for s in data.get("common_scopes", []))
    for scope in common:
        if not SCOPE.match(scope):
            raise RegistryError(f"common scope {scope!r} is malformed")
    for attr in ("name", "schema", "port"):
        values = [getattr(e, attr) for e in entries]
        duplicated = sorted({str(v) for v in values if values.count(v) > 1})
        if duplicated:
            raise RegistryError(f"duplicate {attr}: {', '.join(duplicated)}")
    return Registry(services=tuple(entries), common_scopes=common)


@cache
def registry() -> Registry:
    text = files("govkit").joinpath("services.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


def service_names() -> tuple[str, ...]:
    return registry().names
