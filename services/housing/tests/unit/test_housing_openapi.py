"""The OpenAPI document: stable operation IDs, product-unique model names, a response model and
a success example on every housing operation, a valid document."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from housing.config import HousingSettings
from housing.main import create_app

# The platform's own models, defined identically by every service (govkit).
PLATFORM = {
    "AuditCheckpointOut", "AuditEntryOut", "AuditVerificationOut", "CalendarYearOut",
    "CalendarYearPublish", "CalendarYearsOut", "ChainHead", "CheckpointMatch", "DeadlineOut",
    "DecisionOut", "FindingOut", "Page_AuditEntryOut_", "ParameterOut", "ParameterValueOut",
    "ParameterValueSet", "ParametersOut", "Problem", "PublicJwk", "PublicKeysOut", "RuleOut",
    "RuleParameterOut", "RulesOut", "DueItemOut", "Page_DueItemOut_",
}  # fmt: skip
PLATFORM_OPERATIONS = {
    "housing_set_parameter",
    "housing_compute_deadline",
    "housing_audit_public_key",
    "housing_list_rules",
}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return create_app(HousingSettings()).openapi()


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]


def test_the_document_is_valid_openapi(doc: dict[str, Any]) -> None:
    validate(doc)


def test_operation_ids_are_stable_and_prefixed(doc: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert all(i.startswith("housing_") for i in ids)
    assert len(ids) == len(set(ids))
    assert "housing_check_tenant" in ids


def test_model_names_cannot_collide_with_other_services(doc: dict[str, Any]) -> None:
    names = set(doc["components"]["schemas"])
    own = names - PLATFORM
    assert own, names
    assert all(n.startswith(("Housing", "Page_Housing")) for n in own), sorted(own)


def test_every_operation_has_a_response_model_and_a_success_example(doc: dict[str, Any]) -> None:
    for path, method, op in operations(doc):
        if op["operationId"] in PLATFORM_OPERATIONS:
            continue
        ok = {s: r for s, r in op["responses"].items() if s.startswith("2")}
        assert ok, (method, path)
        for status, response in ok.items():
            content = response.get("content", {})
            assert content, (method, path, status)
            for media, body in content.items():
                assert "schema" in body, (method, path, status, media)
                if media == "application/json":
                    assert "example" in body or "examples" in body, (method, path, status)
