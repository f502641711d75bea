"""Every housing operation's success answer carries an example in the OpenAPI document, and
the document holds only the schemas its operations use.

The response models declare their examples (`json_schema_extra`); generated clients and the
gateway's merged document read them from the operation itself, so the first example of the
success response's schema is copied there (`content.application/json.example`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def _schema_example(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    ref = schema.get("$ref")
    if ref is None and schema.get("type") == "array" and "items" in schema:
        item = _schema_example(doc, schema["items"])
        return None if item is None else [item]
    if ref is None:
        found = schema.get("examples")
        return found[0] if isinstance(found, list) and found else None
    name = ref.rsplit("/", 1)[-1]
    component = doc.get("components", {}).get("schemas", {}).get(name, {})
    found = component.get("examples")
    if isinstance(found, list) and found:
        return found[0]
    if "items" in component.get("properties", {}) and "next_cursor" in component["properties"]:
        item = _schema_example(doc, component["properties"]["items"])
        return {"items": item or [], "next_cursor": None, "limit": 50}
    return None


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def _drop_unreferenced(doc: dict[str, Any]) -> None:
    """Schemas nothing refers to (the domain's enumerations, inlined where they are used)."""
    schemas = doc.get("components", {}).get("schemas", {})
    reachable = _refs(doc.get("paths", {})) | {"Problem"}
    frontier = set(reachable)
    while frontier:
        nxt: set[str] = set()
        for name in frontier:
            nxt |= _refs(schemas.get(name, {})) - reachable
        reachable |= nxt
        frontier = nxt
    for name in [n for n in schemas if n not in reachable]:
        del schemas[name]


def with_success_examples(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = build()
        for path, item in doc.get("paths", {}).items():
            if not path.startswith("/housing/"):
                continue
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    if not status.startswith("2"):
                        continue
                    for media in response.get("content", {}).values():
                        if "example" in media or "examples" in media or "schema" not in media:
                            continue
                        example = _schema_example(doc, media["schema"])
                        if example is not None:
                            media["example"] = example
        _drop_unreferenced(doc)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
