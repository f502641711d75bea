"""Air defence (71号): the ownership and registration check, the parking check and the parking
allocation, in process and over HTTP.

- `check_ownership` on worked example 2's developer project after its recorded free handover
  (`airdefence.domain.examples.STATE_LAND_JIEJIAN`): AD-OWN-STATE, AD-OWN-COLLECTIVE,
  AD-REG-ACCEPTANCE and AD-REG-SUBJECT evaluated, all pass — the figure the ≥ 10,000/s per core
  target is about;
- the endpoint's own work for it: the JSON body parsed and validated into the request model,
  checked, and the answer encoded (no HTTP, no token);
- `check_parking` on worked example 3's basement (2,500.00 m² of 10,000.00: passes);
- `allocate_parking` on worked example 4 (100 spaces, 80 owners' and 40 others' requests);
- over HTTP: `POST /airdefence/v1/checks/ownership` with the same body.
"""

from __future__ import annotations

from typing import Any

import orjson

from bench.checks import HttpCheck, Workload

OWNERSHIP = "airdefence: check_ownership (domain)"
ENDPOINT = "airdefence: body → request model → check → JSON (the endpoint's own work)"
PARKING = "airdefence: check_parking (domain)"
ALLOCATION = "airdefence: allocate_parking, 120 requests (domain)"
TARGETS = {OWNERSHIP: 10_000}


def _ownership_body() -> bytes:
    from airdefence.domain import examples as ex

    return orjson.dumps(ex.STATE_LAND_JIEJIAN)


def _expect(label: str, ok: bool, detail: Any) -> None:
    if not ok:
        raise RuntimeError(f"{label}: the example does not give the worked answer: {detail}")


def workloads() -> list[Workload]:
    from airdefence.api.check_schemas import AirDefenceOwnershipCheck, AirDefenceParkingCheck
    from airdefence.domain import (
        ParkingRequest,
        allocate_parking,
        check_ownership,
        check_parking,
        default_parameters,
    )
    from airdefence.domain import examples as ex
    from airdefence.service import checks
    from govkit.http.responses import json_response

    params = default_parameters()
    body = _ownership_body()
    ownership_request = AirDefenceOwnershipCheck.model_validate_json(body)
    facts, as_of = ownership_request.to_domain(), ownership_request.as_of
    assert as_of is not None
    parking_request = AirDefenceParkingCheck.model_validate(ex.PARKING_EXACTLY_25)
    parking_facts = parking_request.to_domain()
    requests = [ParkingRequest(r["ref"], r["community_owner"]) for r in ex.allocation_requests()]

    def ownership() -> object:
        return check_ownership(facts, params, as_of)

    def endpoint_work() -> object:
        request = AirDefenceOwnershipCheck.model_validate_json(body)
        return json_response(checks.ownership(request, params)).body

    def parking() -> object:
        return check_parking(parking_facts, params, as_of)

    def allocation() -> object:
        return allocate_parking(ex.ALLOCATION_SPACES, requests)

    first = check_ownership(facts, params, as_of)
    _expect(
        OWNERSHIP,
        first.outcome.value == "pass" and first.result["registrable_now"],
        first.failed_rules,
    )
    answer = orjson.loads(endpoint_work())  # type: ignore[arg-type]
    _expect(
        ENDPOINT, answer["result"]["registration_subject"] == "designated_state_enterprise", answer
    )
    park = check_parking(parking_facts, params, as_of)
    _expect(PARKING, park.failed_rules == [], park.failed_rules)
    summary = allocate_parking(ex.ALLOCATION_SPACES, requests).summary()
    _expect(
        ALLOCATION,
        (summary["served_owners"], summary["served_others"], summary["waiting"]) == (80, 20, 20),
        summary,
    )
    return [
        (OWNERSHIP, ownership),
        (ENDPOINT, endpoint_work),
        (PARKING, parking),
        (ALLOCATION, allocation),
    ]


def http_checks() -> list[HttpCheck]:
    return [
        HttpCheck(
            label="airdefence: POST /airdefence/v1/checks/ownership",
            service="airdefence",
            path="/airdefence/v1/checks/ownership",
            body=_ownership_body(),
            scopes=("airdefence:read",),
            baseline=OWNERSHIP,
            expect=b'"outcome":"pass"',
        )
    ]
