"""One OpenAPI 3.1 document from the services' documents and the gateway's own (pure).

- Paths: each service contributes only its `/<service>/…` paths (the ones the gateway routes).
- Components: a name defined identically by several documents (govkit's `Problem`, FastAPI's
  `HTTPValidationError`, the `HTTPBearer` scheme) stays one shared component; any other
  component of a service is renamed `<service>__<Name>` (e.g. `fund__Decision`), and every
  `$ref`, discriminator mapping and security requirement is rewritten to match. The gateway's
  own components keep their names. Name clashes that survive are errors, never silent.
- operationIds are kept (services already prefix theirs); a duplicate gets its service prefix.
- Every service operation also documents what the gateway itself may answer in its place
  (`forwarded_responses`: rate limit, unreachable, breaker open, timeout); a status the service
  documents too keeps the service's response, its description extended.
- Tags become `<service>: <tag>`, grouped per service for ReDoc (`x-tagGroups`).
- Services whose document could not be fetched are listed in `x-missing-services`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

GATEWAY = "gateway"
SEPARATOR = "__"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class MergeError(ValueError):
    pass


def namespaced(service: str, name: str) -> str:
    return f"{service}{SEPARATOR}{name}"


def shared_components(docs: Mapping[str, Mapping[str, Any]]) -> dict[str, set[str]]:
    """Per component kind, the names defined identically by more than one document.

    A component that refers to a non-shared one is not shared either (its reference would be
    renamed differently per service), so this iterates to a fixed point.
    """
    kinds = {kind for doc in docs.values() for kind in doc.get("components", {})}
    shared: dict[str, set[str]] = {}
    for kind in kinds:
        definitions: dict[str, list[Any]] = {}
        for doc in docs.values():
            for name, body in doc.get("components", {}).get(kind, {}).items():
                definitions.setdefault(name, []).append(body)
        shared[kind] = {
            name
            for name, bodies in definitions.items()
            if len(bodies) > 1 and all(b == bodies[0] for b in bodies[1:])
        }
    changed = True
    while changed:
        changed = False
        for kind, names in shared.items():
            for name in list(names):
                body = _first_definition(docs, kind, name)
                for ref_kind, ref_name in _refs(body):
                    if ref_name not in shared.get(ref_kind, set()):
                        names.discard(name)
                        changed = True
                        break
    return shared


def merge_openapi(
    gateway_doc: Mapping[str, Any],
    service_docs: Mapping[str, Mapping[str, Any]],
    *,
    missing: Mapping[str, str] | None = None,
    forwarded_responses: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The merged document; `missing` maps services left out to why (shown in the document);
    `forwarded_responses` are added to every operation the gateway forwards to a service."""
    docs: dict[str, Mapping[str, Any]] = {GATEWAY: gateway_doc, **service_docs}
    shared = shared_components(docs)
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": copy.deepcopy(dict(gateway_doc.get("info", {}))),
        "paths": {},
        "components": {},
    }
    tags: list[dict[str, Any]] = []
    tag_groups: list[dict[str, Any]] = []
    operation_ids: set[str] = set()

    for source, doc in docs.items():
        renames = _renames(source, doc, shared)
        doc = _rewrite(copy.deepcopy(dict(doc)), renames)
        for kind, components in doc.get("components", {}).items():
            target = merged["components"].setdefault(kind, {})
            for name, body in components.items():
                new = renames.get(kind, {}).get(name, name)
                if new in target and target[new] != body:
                    raise MergeError(f"components/{kind}/{new} is defined twice, differently")
                target[new] = body
        tag_map = _tag_map(source, doc)
        for tag in doc.get("tags", []):
            tags.append({**tag, "name": tag_map(tag["name"])})
        group: list[str] = []
        for path, item in doc.get("paths", {}).items():
            if source != GATEWAY and not path.startswith(f"/{source}/"):
                continue  # the gateway routes only /<service>/… to a service
            if path in merged["paths"]:
                raise MergeError(f"path {path} is defined by two documents")
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                operation["tags"] = [tag_map(t) for t in operation.get("tags", [])] or [
                    tag_map("default")
                ]
                for t in operation["tags"]:
                    if t not in group:
                        group.append(t)
                if source != GATEWAY and forwarded_responses:
                    add_responses(operation, forwarded_responses)
                op_id = operation.get("operationId")
                if op_id:
                    if op_id in operation_ids:
                        op_id = operation["operationId"] = namespaced(source, op_id)
                    if op_id in operation_ids:
                        raise MergeError(f"operationId {op_id} is not unique")
                    operation_ids.add(op_id)
            merged["paths"][path] = item
        known = {t["name"] for t in tags}
        tags.extend({"name": t} for t in group if t not in known)
        if group:
            tag_groups.append({"name": source, "tags": group})

    merged["tags"] = tags
    merged["x-tagGroups"] = tag_groups
    merged["x-services"] = {
        name: doc.get("info", {}).get("version") for name, doc in service_docs.items()
    }
    merged["x-missing-services"] = sorted(missing or {})
    if missing:
        lines = [
            f"- **{name}** is missing from this document: {why}"
            for name, why in sorted(missing.items())
        ]
        description = merged["info"].get("description", "")
        merged["info"]["description"] = (description + "\n\n" + "\n".join(lines)).strip()
    return merged


def add_responses(operation: dict[str, Any], responses: Mapping[str, Mapping[str, Any]]) -> None:
    """Document more answers on an operation; where it documents the status already, its own
    response stays, with the other description appended and any headers it lacks."""
    documented = operation.setdefault("responses", {})
    for status, response in responses.items():
        own = documented.get(status)
        if own is None:
            documented[status] = copy.deepcopy(dict(response))
            continue
        own["description"] = f"{own.get('description', '')} Through the gateway, also: " + str(
            response.get("description", "")
        )
        for name, header in response.get("headers", {}).items():
            own.setdefault("headers", {}).setdefault(name, copy.deepcopy(header))


# -- helpers ---------------------------------------------------------------------------------


def _renames(
    source: str, doc: Mapping[str, Any], shared: Mapping[str, set[str]]
) -> dict[str, dict[str, str]]:
    if source == GATEWAY:
        return {}
    return {
        kind: {
            name: namespaced(source, name)
            for name in components
            if name not in shared.get(kind, set())
        }
        for kind, components in doc.get("components", {}).items()
    }


def _tag_map(source: str, doc: Mapping[str, Any]) -> Any:
    if source == GATEWAY:
        return lambda tag: tag
    return lambda tag: f"{source}: {tag}"


def _ref_target(ref: str) -> tuple[str, str] | None:
    prefix = "#/components/"
    if not ref.startswith(prefix):
        return None
    kind, _, name = ref[len(prefix) :].partition("/")
    if not name or "/" in name:
        return None
    return kind, name


def _refs(node: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and (target := _ref_target(value)):
                found.append(target)
            elif key == "mapping" and isinstance(value, dict):
                found.extend(
                    t for v in value.values() if isinstance(v, str) and (t := _ref_target(v))
                )
            else:
                found.extend(_refs(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_refs(item))
    return found


def _first_definition(docs: Mapping[str, Mapping[str, Any]], kind: str, name: str) -> Any:
    for doc in docs.values():
        body = doc.get("components", {}).get(kind, {}).get(name)
        if body is not None:
            return body
    return None


def _rewrite(doc: dict[str, Any], renames: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """Rewrite every reference to a renamed component, in place."""
    if not any(renames.values()):
        return doc

    def ref(value: str) -> str:
        target = _ref_target(value)
        if target is None:
            return value
        kind, name = target
        new = renames.get(kind, {}).get(name)
        return f"#/components/{kind}/{new}" if new else value

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    node[key] = ref(value)
                elif key == "mapping" and isinstance(value, dict):
                    node[key] = {k: ref(v) if isinstance(v, str) else v for k, v in value.items()}
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    # Security requirements name schemes by key, not by $ref.
    schemes = renames.get("securitySchemes", {})
    if schemes:
        requirements = [doc.get("security", [])]
        for item in doc.get("paths", {}).values():
            for method in HTTP_METHODS:
                operation = item.get(method)
                if isinstance(operation, dict):
                    requirements.append(operation.get("security", []))
        for group in requirements:
            for i, requirement in enumerate(group):
                group[i] = {schemes.get(k, k): v for k, v in requirement.items()}
    return doc
