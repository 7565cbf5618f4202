"""Builds the organisation client: the integration API's one OpenAPI document, merged from the services'
committed documents (the `/v1` operations only), then the typed client generated from it by
openapi-python-client (pinned in the Makefile). `make client` runs it; `tests/test_client_is_current.py`
fails when either is stale.

Each service answers for what it owns under `/v1`, and the first path segment says which
(`x-pacte-services`): a production deployment routes `https://<api host>/v1/<segment>...` to it, and
`pacte_organisation_tools.routing` does the same for a local stack.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = HERE / "openapi.json"
PACKAGE = HERE / "src" / "pacte_organisation_client"
CONFIG = HERE / "generator.yaml"
#: The platform's problem+json schema (RFC 9457 with a stable `code`), written here as the services document it.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "code": {"type": "string"}, "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
#: The services whose `/v1` routes make the integration API, in the order they are merged.
SERVICES = ("procurement", "attendance", "billing", "improvement", "webhooks")


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _rename_refs(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: (f"#/components/schemas/{names[v.rsplit('/', 1)[-1]]}"
                    if k == "$ref" and isinstance(v, str) and v.rsplit("/", 1)[-1] in names else _rename_refs(v, names))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rename_refs(v, names) for v in node]
    return node


def _closure(schemas: dict[str, Any], roots: set[str]) -> set[str]:
    seen: set[str] = set()
    pending = sorted(roots)
    while pending:
        name = pending.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        pending.extend(sorted(_refs(schemas[name])))
    return seen


def _operation_id(operation: dict[str, Any], path: str, method: str) -> str:
    """FastAPI's generated ids end with the path and method; the route's own name is what a reader wants."""
    generated: str = operation["operationId"]
    suffix = re.sub(r"\W", "_", path) + f"_{method}"
    return generated.removesuffix(suffix) if generated.endswith(suffix) and generated != suffix else generated


PROBLEM = "Problem"


def _shared_problems(operation: dict[str, Any], problem: dict[str, Any]) -> dict[str, Any]:
    """Every error answer's problem+json schema is the platform's one: a single `Problem` model in the
    client instead of one per operation and status."""
    for response in operation.get("responses", {}).values():
        content = response.get("content", {})
        for media in ("application/problem+json", "application/json"):
            if content.get(media, {}).get("schema") == problem:
                content[media]["schema"] = {"$ref": f"#/components/schemas/{PROBLEM}"}
    return operation


def merged_document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    security: dict[str, Any] = {}
    owners: dict[str, str] = {}
    operation_ids: set[str] = set()
    for service in SERVICES:
        document = json.loads((ROOT / "services" / service / "openapi.json").read_text())
        mine = {p: ops for p, ops in document["paths"].items() if p.startswith("/v1/")}
        components = document.get("components", {})
        own_schemas = components.get("schemas", {})
        used = _closure(own_schemas, _refs(mine))
        renames = {name: f"{service.capitalize()}{name}" for name in used
                   if name in schemas and schemas[name] != _rename_refs(own_schemas[name], {})}
        for name in sorted(used):
            # The generator names a model after its title: a renamed schema takes its new name as title.
            schema = _rename_refs(copy.deepcopy(own_schemas[name]), renames)
            schemas[renames.get(name, name)] = {**schema, "title": renames[name]} if name in renames else schema
        security.update(components.get("securitySchemes", {}))
        for path, operations in sorted(mine.items()):
            segment = path.split("/")[2]
            if owners.setdefault(segment, service) != service:
                raise ValueError(f"/v1/{segment} is answered by both {owners[segment]} and {service}")
            for method, operation in operations.items():
                operation = _shared_problems(_rename_refs(copy.deepcopy(operation), renames), PROBLEM_SCHEMA)
                operation["operationId"] = _operation_id(operation, path, method)
                if operation["operationId"] in operation_ids:
                    raise ValueError(f"two operations are named {operation['operationId']}")
                operation_ids.add(operation["operationId"])
                operation["tags"] = [service]
                paths.setdefault(path, {})[method] = operation
    schemas[PROBLEM] = {**PROBLEM_SCHEMA, "title": PROBLEM}
    routing: dict[str, list[str]] = {}
    for segment, service in sorted(owners.items()):
        routing.setdefault(service, []).append(f"/v1/{segment}")
    return {
        "openapi": "3.1.0",
        "info": {"title": "pacte integration API", "version": "1.0.0",
                 "description": "What training organisations' software calls with its API key: declarations, "
                                "corrections, its own lots, orders, sessions, catalogue, declarations, refusals, "
                                "invoices and their facts, payment forecasts, improvement plans, and webhooks. "
                                "Generated from the services' OpenAPI documents by clients/organisation/generate.py."},
        "servers": [{"url": "https://api.pacte.example", "description": "one host routing /v1/<segment> to its "
                                                                         "service (x-pacte-services)"}],
        "x-pacte-services": routing,
        "tags": [{"name": service} for service in SERVICES],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": dict(sorted(schemas.items())), "securitySchemes": dict(sorted(security.items()))},
    }


def render_document() -> str:
    return json.dumps(merged_document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def generate_package(document: Path, into: Path) -> None:
    """Runs the pinned generator on `document`, writing the package folder `into`."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "pkg"
        subprocess.run([Path(sys.executable).parent / "openapi-python-client", "generate", "--path", str(document),
                        "--meta", "none", "--config", str(CONFIG), "--output-path", str(out), "--overwrite"],
                       check=True, capture_output=True, text=True)
        if into.exists():
            import shutil

            shutil.rmtree(into)
        into.parent.mkdir(parents=True, exist_ok=True)
        out.rename(into)
    _read_binary_bodies(into)


#: The generator hands a binary body's file object to httpx as is, which only a synchronous client can
#: send ("Attempted to send an sync request with an AsyncClient instance"; openapi-python-client issue
#: #1239): the bytes are read first, so that `asyncio()` works too. Sheets are small (413 above the limit).
_BINARY_BODY = '_kwargs["content"] = body.payload\n'


def _read_binary_bodies(package: Path) -> None:
    for module in sorted((package / "api").rglob("*.py")):
        code = module.read_text()
        if _BINARY_BODY in code:
            module.write_text(code.replace(_BINARY_BODY, '_kwargs["content"] = body.payload.read()\n'))


def main() -> None:
    DOCUMENT.write_text(render_document(), encoding="utf-8")
    generate_package(DOCUMENT, PACKAGE)
    print(f"wrote {DOCUMENT.relative_to(ROOT)} and {PACKAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
