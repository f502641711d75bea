"""One registry of services: every copy of the list agrees with shared/src/govkit/services.toml."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from devstack import deployfiles, stack
from govkit.registry import RegistryError, parse, registry
from govkit.tokens import known_scopes

ROOT = Path(__file__).resolve().parents[1]
REG = registry()


def test_the_registry_lists_the_service_folders() -> None:
    folders = sorted(p.parent.name for p in (ROOT / "services").glob("*/pyproject.toml"))
    assert sorted(REG.names) == folders
    for s in REG.services:
        project = tomllib.loads((ROOT / s.path / "pyproject.toml").read_text())["project"]
        assert project["name"] == s.package
        assert (ROOT / s.path / "src" / s.name / "main.py").exists()
        assert (ROOT / s.path / "migrations" / "env.py").exists()


def test_generated_files_match_the_registry() -> None:
    stale = [str(p.relative_to(ROOT)) for p in deployfiles.stale()]
    assert stale == [], f"run `python -m devstack generate`: {stale} differ"


def test_compose_and_kubernetes_carry_every_service() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    base = yaml.safe_load((ROOT / "deploy/k8s/base/kustomization.yaml").read_text())
    for s in REG.services:
        assert {s.name, f"migrate-{s.name}"} <= set(compose)
        assert f"GATEWAY_{s.name.upper()}_URL" in compose["gateway"]["environment"]
        assert f"{s.name}.yaml" in base["resources"]


def test_gateway_devstack_and_tokens_read_the_registry() -> None:
    from gateway.config import SERVICES, GatewaySettings

    assert REG.names == SERVICES
    assert set(GatewaySettings().upstream_urls) == set(REG.names)
    assert {s.name: s.port for s in REG.services} == stack.SERVICE_PORTS
    assert known_scopes(["all"]) == list(REG.scopes)
    with pytest.raises(ValueError, match="unknown scope fund:raed"):
        known_scopes(["fund:raed"])


def _scopes(dependant: Dependant) -> set[str]:
    # FastAPI names the scopes a Security() dependency declares own_oauth_scopes (security_scopes
    # before 0.120).
    declared = getattr(dependant, "own_oauth_scopes", None) or getattr(
        dependant, "security_scopes", None
    )
    found = set(declared or ())
    for sub in dependant.dependencies:
        found |= _scopes(sub)
    return found


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # FastAPI ≥ 0.16x keeps an included router whole (fastapi.routing._IncludedRouter).
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)


@pytest.mark.parametrize("name", REG.names)
def test_every_scope_an_operation_requires_is_registered(name: str) -> None:
    main = importlib.import_module(f"{name}.main")
    app = main.create_app()
    used: set[str] = set()
    for route in _api_routes(app.routes):
        used |= _scopes(route.dependant)
    allowed = set(REG[name].scopes) | set(REG.common_scopes)
    assert used, f"{name} requires no scope at all"
    assert used <= allowed, f"{name} requires scopes missing from the registry: {used - allowed}"


def test_the_registry_refuses_what_would_break_routing() -> None:
    entry = {"name": "fund", "prefix": "/fund", "schema": "fund", "port": 8001, "scopes": []}
    with pytest.raises(RegistryError, match="prefix must be /fund"):
        parse({"service": [{**entry, "prefix": "/funds"}]})
    with pytest.raises(RegistryError, match="duplicate port: 8001"):
        parse({"service": [entry, {**entry, "name": "tax", "prefix": "/tax", "schema": "tax"}]})
    with pytest.raises(RegistryError, match="scope 'medical:read' must be fund:<action>"):
        parse({"service": [{**entry, "scopes": ["medical:read"]}]})


def test_a_new_entry_reaches_every_generated_file() -> None:
    data = tomllib.loads((ROOT / "shared/src/govkit/services.toml").read_text())
    data["service"].append(
        {"name": "tax", "prefix": "/tax", "schema": "tax", "port": 8005, "scopes": ["tax:read"]}
    )
    reg = parse(data)
    files = {p.relative_to(ROOT).as_posix(): text for p, text in deployfiles.generated(reg).items()}
    assert "deploy/k8s/base/tax.yaml" in files
    assert "migrate-tax" in yaml.safe_load(files["compose.yaml"])["services"]
    assert "    tax.domain\n" in files[".importlinter"]


def test_generate_check_names_nothing_on_a_clean_tree() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devstack", "generate", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
