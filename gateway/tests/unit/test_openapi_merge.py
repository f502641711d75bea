"""Merging OpenAPI documents: namespaced components, rewritten refs, shared ones kept, valid."""

import json
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from openapi_spec_validator import validate
from pydantic import BaseModel, create_model

from gateway.openapi_merge import MergeError, merge_openapi, shared_components
from gateway.problems import FORWARDED_RESPONSES

PROBLEM = {"type": "object", "properties": {"type": {"type": "string"}}}


class Finding(BaseModel):
    rule_id: str


def service_doc(name: str, decision_field: str, extra_op: str = "") -> dict[str, Any]:
    """A FastAPI-generated document like a service's: same model names, different shapes."""
    decision = create_model(  # type: ignore[call-overload]
        "Decision",
        outcome=(Literal["pass", "fail"], ...),
        findings=(list[Finding], ...),
        **{decision_field: (int, ...)},
    )

    app = FastAPI(generate_unique_id_function=lambda r: f"{name}_{r.name}")

    @app.post(f"/{name}/v1/decisions", tags=["decisions"])
    def decide(body: decision) -> decision:  # type: ignore[valid-type]
        return body

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {}

    if extra_op:
        app.get(f"/{name}/v1/x", operation_id=extra_op)(lambda: None)

    doc = get_openapi(title=name, version="1.0", openapi_version="3.1.0", routes=app.routes)
    doc["components"]["schemas"]["Problem"] = PROBLEM
    doc["components"]["securitySchemes"] = {"HTTPBearer": {"type": "http", "scheme": "bearer"}}
    doc["paths"][f"/{name}/v1/decisions"]["post"]["security"] = [{"HTTPBearer": []}]
    return doc


def gateway_doc() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "gateway", "version": "0.1.0"},
        "paths": {
            "/overview": {
                "get": {
                    "operationId": "gateway_overview",
                    "responses": {
                        "200": {"description": "ok"},
                        "502": {
                            "description": "bad",
                            "content": {
                                "application/problem+json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {"schemas": {"Problem": PROBLEM}},
    }


def refs(node: Any) -> set[str]:
    text = json.dumps(node)
    out = set()
    for part in text.split('"$ref": "')[1:]:
        out.add(part.split('"', 1)[0])
    return out


def test_merged_document_is_valid_and_namespaced() -> None:
    merged = merge_openapi(
        gateway_doc(),
        {"fund": service_doc("fund", "amount"), "housing": service_doc("housing", "rent")},
    )
    validate(merged)  # OpenAPI 3.1, openapi-spec-validator
    schemas = merged["components"]["schemas"]
    assert "fund__Decision" in schemas
    assert "housing__Decision" in schemas
    assert "amount" in schemas["fund__Decision"]["properties"]
    assert "rent" in schemas["housing__Decision"]["properties"]
    assert "Problem" in schemas
    assert "fund__Problem" not in schemas
    assert "Decision" not in schemas
    # Finding is identical in both but referenced only from renamed schemas: still shared.
    assert "Finding" in schemas
    fund_op = merged["paths"]["/fund/v1/decisions"]["post"]
    assert "#/components/schemas/fund__Decision" in refs(fund_op)
    for ref in refs(merged):
        kind, name = ref.removeprefix("#/components/").split("/")
        assert name in merged["components"][kind], ref
    assert "/healthz" not in merged["paths"]  # only the prefixes the gateway routes
    assert "/overview" in merged["paths"]
    ops = [op["operationId"] for item in merged["paths"].values() for op in item.values()]
    assert len(ops) == len(set(ops))
    assert fund_op["tags"] == ["fund: decisions"]
    assert {g["name"] for g in merged["x-tagGroups"]} == {"gateway", "fund", "housing"}
    assert merged["x-missing-services"] == []


def test_security_scheme_renamed_in_requirements_when_not_shared() -> None:
    fund = service_doc("fund", "amount")
    housing = service_doc("housing", "rent")
    housing["components"]["securitySchemes"]["HTTPBearer"]["bearerFormat"] = "JWT"
    merged = merge_openapi(gateway_doc(), {"fund": fund, "housing": housing})
    validate(merged)
    schemes = merged["components"]["securitySchemes"]
    assert set(schemes) == {"fund__HTTPBearer", "housing__HTTPBearer"}
    security = merged["paths"]["/housing/v1/decisions"]["post"]["security"]
    assert security == [{"housing__HTTPBearer": []}]


def test_duplicate_operation_ids_get_a_service_prefix() -> None:
    merged = merge_openapi(
        gateway_doc(),
        {
            "fund": service_doc("fund", "a", extra_op="same"),
            "housing": service_doc("housing", "b", extra_op="same"),
        },
    )
    ids = {op["operationId"] for item in merged["paths"].values() for op in item.values()}
    assert {"same", "housing__same"} <= ids


def test_missing_services_are_listed() -> None:
    merged = merge_openapi(
        gateway_doc(), {"fund": service_doc("fund", "a")}, missing={"medical": "unreachable"}
    )
    validate(merged)
    assert merged["x-missing-services"] == ["medical"]
    assert "medical" in merged["info"]["description"]


def test_shared_components_fixed_point() -> None:
    a = {
        "components": {
            "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}}
        }
    }
    b = {
        "components": {
            "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "integer"}}
        }
    }
    # A is textually identical, but its B differs, so A cannot be shared either.
    assert shared_components({"a": a, "b": b})["schemas"] == set()


def test_a_clash_is_an_error_not_a_silent_overwrite() -> None:
    fund = service_doc("fund", "a")
    gw = gateway_doc()
    gw["components"]["schemas"]["fund__Decision"] = {"type": "string"}
    with pytest.raises(MergeError):
        merge_openapi(gw, {"fund": fund})


def test_every_forwarded_operation_documents_the_gateways_own_answers() -> None:
    fund = service_doc("fund", "amount")
    own_503 = {
        "description": "Not ready",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    fund["paths"]["/fund/v1/decisions"]["post"]["responses"]["503"] = own_503
    merged = merge_openapi(
        gateway_doc(),
        {"fund": fund, "housing": service_doc("housing", "rent")},
        forwarded_responses=FORWARDED_RESPONSES,
    )
    validate(merged)
    for service in ("fund", "housing"):
        responses = merged["paths"][f"/{service}/v1/decisions"]["post"]["responses"]
        for status in ("429", "502", "503", "504"):
            content = responses[status]["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
        assert "Retry-After" in responses["429"]["headers"]
        assert "Retry-After" in responses["503"]["headers"]
    fund_503 = merged["paths"]["/fund/v1/decisions"]["post"]["responses"]["503"]
    assert fund_503["description"].startswith("Not ready Through the gateway, also: ")
    assert "upstream-circuit-open" in fund_503["description"]
    housing_503 = merged["paths"]["/housing/v1/decisions"]["post"]["responses"]["503"]
    assert "upstream-circuit-open" in housing_503["description"]
    # The gateway's own operations document their own answers; nothing is added to them.
    assert set(merged["paths"]["/overview"]["get"]["responses"]) == {"200", "502"}
    assert "429" not in fund["paths"]["/fund/v1/decisions"]["post"]["responses"]  # not mutated
