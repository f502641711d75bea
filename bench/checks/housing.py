"""Housing (75号): the tenant, project and lease checks, in process and over HTTP.

- `check_tenant` on worked example 1 (`housing.domain.examples.EXAMPLE_TENANT`: a 12-month
  contract, pension paid 3 consecutive months, no home): every HOUS-TENANT-* rule evaluated,
  all pass;
- `check_project` on worked example 2 (52 units of 65 m² and 8 of 85 m², a new build): every
  HOUS-UNIT-*, HOUS-PROJECT-*, HOUS-LAND-SOURCE and HOUS-INDUSTRIAL-RATIO finding, none fails;
- `check_lease` on worked example 4 (market rent 2,500.00, rent 2,000.00, 60 months);
- the tenant endpoint's own work: the JSON body parsed and validated into the request model,
  checked, and the answer encoded (no HTTP, no token, no district look-up);
- over HTTP: `POST /housing/v1/checks/tenant` and `/checks/project` with the examples' bodies.

The ≥ 10,000 per core targets are about the two domain checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import orjson

from bench.checks import HttpCheck, Workload

TENANT = "housing: check_tenant (domain)"
PROJECT = "housing: check_project (domain)"
LEASE = "housing: check_lease (domain)"
ENDPOINT = "housing: tenant body → request model → check → JSON (the endpoint's own work)"
TARGETS = {TENANT: 10_000, PROJECT: 10_000}


def _tenant_body() -> bytes:
    from housing.api.check_schemas import tenant_example

    return orjson.dumps(tenant_example())


def _project_body() -> bytes:
    from housing.api.check_schemas import project_example

    return orjson.dumps(project_example())


def _expect(label: str, outcome: str, failed: object, wanted: str = "pass") -> None:
    if outcome != wanted:
        raise RuntimeError(f"{label}: the example answers {outcome}, not {wanted}: {failed}")


def workloads() -> list[Workload]:
    from govkit.http.responses import json_response
    from govkit.platform.computations import decision_body
    from housing.api.check_schemas import HousingTenantCheck
    from housing.domain import (
        DEFAULT_PARAMETERS,
        DEFAULT_REGISTRY,
        LeaseTerms,
        Term,
        check_lease,
        check_project,
        check_tenant,
    )
    from housing.domain.examples import (
        EXAMPLE_AS_OF,
        EXAMPLE_MARKET_RENT,
        EXAMPLE_PROJECT,
        EXAMPLE_TENANT,
    )

    params = DEFAULT_PARAMETERS
    lease = LeaseTerms(Term(date(2024, 3, 1), 60), Decimal("2000.00"))
    body = _tenant_body()

    def tenant() -> object:
        return check_tenant(EXAMPLE_TENANT, params, EXAMPLE_AS_OF)

    def project() -> object:
        return check_project(EXAMPLE_PROJECT, DEFAULT_REGISTRY, params, EXAMPLE_AS_OF)

    def lease_check() -> object:
        return check_lease(lease, EXAMPLE_MARKET_RENT, params, date(2024, 2, 20), None)

    def endpoint_work() -> object:
        request = HousingTenantCheck.model_validate_json(body)
        decision = check_tenant(request.to_domain(), params, request.as_of or EXAMPLE_AS_OF)
        return json_response(decision_body(decision, request.parameter_overrides)).body

    for label, fn in ((TENANT, tenant), (LEASE, lease_check)):
        d = fn()
        _expect(label, d.outcome.value, d.failed_rules)  # type: ignore[attr-defined]
    p = project()
    _expect(PROJECT, p.outcome.value, p.failed_rules)  # type: ignore[attr-defined]
    answer = orjson.loads(endpoint_work())  # type: ignore[arg-type]
    _expect(ENDPOINT, answer["outcome"], answer["failed_rules"])
    return [(TENANT, tenant), (PROJECT, project), (LEASE, lease_check), (ENDPOINT, endpoint_work)]


def http_checks() -> list[HttpCheck]:
    return [
        HttpCheck(
            label="housing: POST /housing/v1/checks/tenant",
            service="housing",
            path="/housing/v1/checks/tenant",
            body=_tenant_body(),
            scopes=("housing:read",),
            baseline=TENANT,
            expect=b'"outcome":"pass"',
        ),
        HttpCheck(
            label="housing: POST /housing/v1/checks/project",
            service="housing",
            path="/housing/v1/checks/project",
            body=_project_body(),
            scopes=("housing:read",),
            baseline=PROJECT,
            expect=b'"outcome":"pass"',
        ),
    ]
