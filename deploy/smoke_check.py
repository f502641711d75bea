"""The smoke test's requests, sent to the gateway container (standard library only):

    python3 deploy/smoke_check.py http://127.0.0.1:58000 TOKEN

A fund check (the merged OpenAPI document's own example) and a medical settlement (a person
imported, the county's critical-illness parameters configured, one claim settled with an
Idempotency-Key and replayed), each asserted on its answer. Exit 0 when every one holds.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from typing import Any


def call(
    base: str, method: str, path: str, token: str, body: Any = None, **extra: str
) -> tuple[int, Any]:
    headers = {name.replace("_", "-"): value for name, value in extra.items()}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310 - loopback
    request.add_header("Authorization", f"Bearer {token}")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def expect(what: str, status: int, wanted: int, body: Any) -> None:
    if status != wanted:
        raise SystemExit(f"FAIL {what}: {status} (wanted {wanted}): {json.dumps(body)[:500]}")
    print(f"ok   {what}: {status}")


def main(base: str, token: str) -> int:
    # The gateway merges the documents once every service has answered for its own.
    deadline = time.monotonic() + 90
    while True:
        status, doc = call(base, "GET", "/openapi.json", token)
        if (status == 200 and not doc.get("x-missing-services")) or time.monotonic() > deadline:
            break
        time.sleep(2)
    expect("merged OpenAPI document of every service", status, 200, doc)
    if doc.get("x-missing-services"):
        raise SystemExit(f"FAIL the merged document misses {doc['x-missing-services']}")
    path = "/fund/v1/checks/application"
    examples = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"]
    example = next(iter(examples.values()))["value"]
    status, body = call(base, "POST", path, token, example)
    expect("fund application check", status, 200, body)
    assert body["findings"], body

    for parameter, value in {
        "medical.critical_illness.deductible": "20000",
        "medical.critical_illness.ratio": "0.60",
    }.items():
        status, body = call(
            base,
            "PUT",
            f"/medical/v1/admin/parameters/{parameter}",
            token,
            {"value": value, "effective_from": "2022-01-01", "region": None, "source": "smoke"},
        )
        expect(f"configure {parameter}", status, 200, body)
    resident = _with_check_digit("33030219930101001")  # 鹿城区, born 1993-01-01
    csv = f"resident_id,category,recognised_on\n{resident},dibao,2021-06-01\n".encode()
    status, body = call(base, "POST", "/medical/v1/imports", token, csv, Content_Type="text/csv")
    expect("import one 低保 person", status, 201, body)
    claim = {
        "claim_id": f"SMOKE{uuid.uuid4().hex[:12]}",
        "resident_id": resident,
        "service_date": "2022-03-10",
        "hospital": "温州医科大学附属第一医院",
        "hospital_level": "tertiary",
        "setting": "inpatient",
        "total_cost": "30000.00",
        "in_policy_cost": "25000.00",
        "basic_payout": "15000.00",
        "followed_guidance": True,
        "referred": True,
    }
    key = str(uuid.uuid4())
    status, first = call(base, "POST", "/medical/v1/settlements", token, claim, Idempotency_Key=key)
    expect("medical settlement", status, 201, first)
    status, again = call(base, "POST", "/medical/v1/settlements", token, claim, Idempotency_Key=key)
    expect("the same settlement replayed", status, 201, again)
    if again["settlement_id"] != first["settlement_id"]:
        raise SystemExit("FAIL the replay stored a second settlement")
    status, body = call(base, "GET", "/medical/v1/audit/verify", token)
    expect("medical audit chain verifies", status, 200, body)
    if not body.get("valid"):
        raise SystemExit(f"FAIL audit chain: {body}")
    return 0


def _with_check_digit(body17: str) -> str:
    """GB 11643 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
