"""The API's browsable documentation, rendered on the server from the OpenAPI schema.

drf-spectacular's Swagger UI and Redoc pages load their JavaScript from a CDN (the offline copies
are the separate `drf-spectacular-sidecar` package, not installed) and start it with an inline
script, which the strict Content-Security-Policy forbids. This page needs neither: it lists every
path with its operations, parameters and request/response components from the same schema that
`/api/schema/` serves.
"""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_ref_name(schema.get('items'))}]"
    return schema.get("type", "")


def _operations(schema: dict) -> list[dict]:
    out = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "code": code,
                        "schema": _ref_name(content.get("schema")),
                        "description": response.get("description", ""),
                    }
                )
            out.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _ref_name(p.get("schema")),
                            "description": p.get("description", ""),
                            "choices": p.get("schema", {}).get("enum", []),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": _ref_name(body.get("schema")),
                    "responses": responses,
                    "secured": any("tokenAuth" in sec for sec in op.get("security", [])),
                    "anchor": f"{method}-{path}".replace("/", "-")
                    .replace("{", "")
                    .replace("}", ""),
                }
            )
    return out


def _components(schema: dict) -> list[dict]:
    rows = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        rows.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "choices": component.get("enum", []),
                "properties": [
                    {
                        "name": prop,
                        "type": _ref_name(spec)
                        or ", ".join(
                            _ref_name(s) for s in spec.get("allOf", spec.get("oneOf", []))
                        ),
                        "required": prop in required,
                        "nullable": spec.get("nullable", False),
                        "read_only": spec.get("readOnly", False),
                        "description": spec.get("description", ""),
                    }
                    for prop, spec in component.get("properties", {}).items()
                ],
            }
        )
    return rows


def docs_page(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "api/docs.html",
        {
            "info": schema.get("info", {}),
            "operations": _operations(schema),
            "components": _components(schema),
        },
    )
