"""The browsable API reference, rendered on the server from the live OpenAPI document (no CDN,
no script): every operation with its parameters, body and answers."""

from django.shortcuts import render
from django.urls import reverse

from .main import api

METHOD_ORDER = ["get", "post", "put", "patch", "delete"]


def _resolve(schema: dict, components: dict, depth: int = 0) -> dict:
    if "$ref" in schema and depth < 6:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return {**_resolve(components.get(name, {}), components, depth + 1), "ref_name": name}
    return schema


def _type_of(schema: dict, components: dict) -> str:
    schema = _resolve(schema, components)
    if "anyOf" in schema:
        return " | ".join(_type_of(option, components) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{value}"' for value in schema["enum"])
    if schema.get("type") == "array":
        return f"[{_type_of(schema.get('items', {}), components)}]"
    if "ref_name" in schema:
        return schema["ref_name"]
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _fields(schema: dict, components: dict) -> list[dict]:
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        resolved = _resolve(prop, components)
        rows.append(
            {
                "name": name,
                "type": _type_of(prop, components),
                "required": name in required,
                "description": resolved.get("description") or prop.get("description", ""),
            }
        )
    return rows


def _operations(document: dict) -> list[dict]:
    components = document.get("components", {}).get("schemas", {})
    groups: dict[str, list] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = []
            for status, answer in operation.get("responses", {}).items():
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                responses.append({"status": status, "type": _type_of(schema, components) if schema else "—"})
            entry = {
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "public": not operation.get("security") or {} in operation.get("security", []),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": _type_of(parameter.get("schema", {}), components),
                        "required": parameter.get("required", False),
                        "description": parameter.get("description", "") or parameter.get("schema", {}).get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "body": _fields(body, components) if body else [],
                "responses": responses,
            }
            for tag in operation.get("tags") or ["other"]:
                groups.setdefault(tag, []).append(entry)
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


def docs(request):
    schema_path = reverse("api-v1:openapi-json")
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"document": document, "groups": _operations(document), "schema_url": schema_path},
    )
