"""Commands over HTTP: one body reader, one caller, one way to answer (shared by every service).

A route reads its command with `command_body(Model, *path_fields)` (the body, with the path's
ids filled in, validated by the command's strict model: a fault is SCENARIO.md's first refusal),
runs the service layer through `respond` (Idempotency-Key, refusals as problem+json, the answer
stored like any other), and documents its body with `command_doc(Model)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from pydantic_core import to_jsonable_python

from pacte_contracts.limits import MAX_JSON_DEPTH
from pacte_contracts.refusals import Refused, Rejection, check, parse
from pacte_platform.http import idempotent

C = TypeVar("C", bound=BaseModel)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sends a command: a back-office user (subject, role) or an organisation (its id)."""

    subject: str
    role: str
    correlation_id: str | None = None

    @property
    def principal(self) -> str:
        """The namespace of its Idempotency-Keys."""
        return f"organisation:{self.subject}" if self.role == "organisation" else self.subject


_JSON_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\x00\x00")


def _depth(raw: bytes) -> int:
    """The deepest nesting of the brackets in `raw` (C-speed: translate, then one pass over brackets)."""
    return max(accumulate(raw.translate(None, _NOT_BRACKETS).translate(_STEPS),
                          lambda depth, step: depth + 1 if step else depth - 1, initial=0))


def _too_deep(raw: bytes) -> bool:
    """Nesting beyond MAX_JSON_DEPTH. Brackets are first counted wherever they are (fast: 10 ms per MB,
    where a byte-by-byte scan took 300); only a body that seems too deep is measured again without its
    strings' brackets (a text may hold `[[[`). A `]` inside a string can hide nesting from the first
    count: then the decoder's own recursion guard stays the backstop (`RecursionError` → `invalid`)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH or _depth(raw) <= MAX_JSON_DEPTH:
        return False
    return _depth(_JSON_STRINGS.sub(b"", raw)) > MAX_JSON_DEPTH


def decode_json(raw: bytes) -> Any:
    """The decoded body; `Refused(invalid)` when it is not JSON or nests too deeply."""
    if _too_deep(raw):
        raise Refused(Rejection.invalid(f"the body nests deeper than {MAX_JSON_DEPTH} levels"))
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused(Rejection.invalid("the body is not valid JSON")) from None


async def json_body(request: Request, *, empty: Any = None) -> Any:
    """The request's JSON body (`empty` when there is none)."""
    raw = await request.body()
    return empty if not raw.strip() else decode_json(raw)


def with_path(payload: object, request: Request, path_fields: Sequence[str]) -> object:
    """The path names the resource; a body may repeat it, but not contradict it."""
    if not isinstance(payload, dict) or not path_fields:
        return payload
    merged = dict(payload)
    for name in path_fields:
        value = request.path_params[name]
        if name in merged and merged[name] != value:
            raise Refused(Rejection.invalid(f"{name} in the body differs from the path"))
        merged[name] = value
    return merged


def command_body(model: type[C], *path_fields: str) -> Callable[[Request], Awaitable[C]]:
    """A dependency giving the request's command: its JSON body with the path's `path_fields`."""

    async def read(request: Request) -> C:
        payload = with_path(await json_body(request, empty={}), request, path_fields)
        return check(parse(model, payload))

    read.__name__ = f"read_{model.__name__}"
    return read


def command_doc(model: type[BaseModel] | None, *, required: bool = True) -> dict[str, Any]:
    """`openapi_extra` of a command route: its body schema and the Idempotency-Key header."""
    doc: dict[str, Any] = {"parameters": [{
        "name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
        "description": "Same key and body replay the first answer (refusals included); "
                       "the same key with another body is a 409"}]}
    if model is not None:
        doc["requestBody"] = {"required": required, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}
    return doc


def document_models(app: FastAPI, models: Sequence[type[BaseModel]]) -> None:
    """Adds the command models (read by `command_body`, not by FastAPI) to the OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _, defs = models_json_schema([(m, "validation") for m in models],
                                         ref_template="#/components/schemas/{model}")
            schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
            _declare_path_parameters(schema)
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_path_parameters(schema: dict[str, Any]) -> None:
    """A command route reads its path's ids through `command_body`, not as parameters FastAPI sees:
    they are declared here, as OpenAPI requires of every `{name}` of a path (generated clients need it)."""
    for path, operations in schema.get("paths", {}).items():
        names = re.findall(r"{([^}]+)}", path)
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"}
            missing = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "title": name}}
                       for name in names if name not in declared]
            if missing:
                operation["parameters"] = missing + operation.get("parameters", [])


async def respond(request: Request, caller: Caller, action: Callable[[], Awaitable[R]],
                  status: int | Callable[[R], int] = 200, view: Callable[[R], Any] | None = None,
                  stored: Callable[[Any], Any] | None = None) -> JSONResponse:
    """Runs a service-layer command once per Idempotency-Key and answers with its result.

    `status` is the success status, or a function of the result (created or updated...), and `view`
    what of the result to show: service layers return results, not HTTP statuses. A `Refused`
    becomes the stored problem+json. `stored` is what of the shown answer replays get, when it
    holds something shown once (an API key's secret).
    """

    async def run() -> tuple[int, Any]:
        result = await action()
        code = status(result) if callable(status) else status
        return code, to_jsonable_python(result if view is None else view(result))

    return await idempotent(request.app.state.pacte_runtime.db(), request, caller.principal, run, stored)
