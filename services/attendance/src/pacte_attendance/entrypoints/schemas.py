"""Shapes of the HTTP answers, and of the two bodies that are not one command (a batch, a sheet).
Command bodies are the models of `domain/commands.py`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from pacte_attendance.domain import COMMANDS, ORGANISATION_COMMANDS
from pacte_attendance.domain.sheet import SHEET_COLUMNS
from pacte_contracts.types import Command
from pacte_platform.http import PROBLEM_SCHEMA

MAX_BATCH_RECORDS = 5000

_RECORD = {"oneOf": [
    {"allOf": [{"$ref": f"#/components/schemas/{COMMANDS[name].__name__}"},
               {"type": "object", "required": ["cmd"], "properties": {"cmd": {"const": name}}}]}
    for name in sorted(ORGANISATION_COMMANDS)]}


class Batch(Command):
    """Up to 5,000 records `{"cmd": NAME, ...fields}` decided in order; each gets its own result."""

    NAME = "batch"
    records: Annotated[list[Any], WithJsonSchema({
        "type": "array", "minItems": 1, "maxItems": MAX_BATCH_RECORDS, "items": _RECORD,
        "description": "Organisation commands of SCENARIO.md, each with its `cmd`"})] = Field(min_length=1)


_OUTCOME = {"allOf": [{"$ref": f"#/components/schemas/{COMMANDS['outcome.record'].__name__}"},
                      {"type": "object", "required": ["cmd"], "properties": {"cmd": {"const": "outcome.record"}}}]}


class OutcomeBatch(Command):
    """Up to 5,000 outcomes `{"cmd": "outcome.record", ...fields}` decided in order; each gets its own result."""

    NAME = "outcome_batch"
    records: Annotated[list[Any], WithJsonSchema({
        "type": "array", "minItems": 1, "maxItems": MAX_BATCH_RECORDS, "items": _OUTCOME,
        "description": "`outcome.record` commands of SCENARIO.md, each with its `cmd` and `session_id`"})] = Field(
        min_length=1)


FACT = {
    "description": "The accepted fact, pseudonymous, as the event published for it",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["type", "session_id", "organisation_id"],
        "properties": {"type": {"type": "string"}, "session_id": {"type": "string"},
                       "organisation_id": {"type": "string"}, "trainee_key": {"type": "string"},
                       "revision": {"type": "integer"}},
        "additionalProperties": True,
    }}},
}


def declaration_responses() -> dict[int | str, dict[str, Any]]:
    return {
        200: {**FACT, "description": "A correction: the same business key was declared again (higher revision)"},
        201: FACT,
        401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA, 409: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA,
    }


BATCH_RESPONSE = {"description": "One result per record, in order", "content": {"application/json": {"schema": {
    "type": "object",
    "properties": {
        "accepted": {"type": "integer"}, "refused": {"type": "integer"},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "index": {"type": "integer"}, "status": {"type": "string", "enum": ["accepted", "refused"]},
            "replaced": {"type": "boolean"}, "fact": {"type": "object"},
            "reason": {"type": "string"}, "detail": {"type": "string"}}}},
    },
}}}}

_SHEET_EXAMPLE = ";".join(SHEET_COLUMNS) + "\nTR-001;2019-09-23;7;\nTR-002;2019-09-23;3,5;justified\n"
#: The sheet's bytes; any content type is read the same (generated clients send application/octet-stream).
SHEET_BODY = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}, "example": _SHEET_EXAMPLE},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}}}

SHEET_RESPONSE = {"description": "Good lines applied; bad lines reported by line number",
                  "content": {"application/json": {"schema": {
                      "type": "object",
                      "properties": {
                          "accepted": {"type": "integer"}, "refused": {"type": "integer"},
                          "errors": {"type": "array", "items": {"type": "object", "properties": {
                              "line": {"type": "integer"}, "reason": {"type": "string"},
                              "detail": {"type": "string"}}}},
                      },
                  }}}}

ISSUED_KEY = {"description": "The new key; `api_key` is shown only in this answer (null in a replay)", "content": {
    "application/json": {"schema": {"type": "object", "properties": {
        "key_id": {"type": "string"}, "organisation_id": {"type": "string"},
        "api_key": {"type": "string", "nullable": True}, "issued_at": {"type": "string", "format": "date-time"},
        "replaces": {"type": "string", "nullable": True}}}}}}
